// The wizard's pages for one step of the chain: role, ExternalId, MFA, duration, then "add another step?".
import { isRoleSessionProfile } from '../../core/awsProfiles';
import { CHAINED_MAX_DURATION_SECONDS, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, validateDurationSeconds, validateMfaSerial, validateRoleArn } from '../../core/validation';
import { next, type Page, type PageKit } from './wizardPage';

/** The first page of step `k` (0-based); after the last step the wizard goes on to `afterSteps`. */
export function stepPage(kit: PageKit, k: number, afterSteps: Page): Page {
  const { draft, l10n } = kit;
  const chained = k > 0;

  const roleArn: Page = async () =>
    next(
      await kit.input({
        id: `step${k + 1}.roleArn`,
        what: l10n.t('step {0} role', k + 1),
        prompt: k === 0 ? l10n.t('The role assumed with the base credentials.') : l10n.t("The role assumed with step {0}'s session.", k),
        placeholder: 'arn:aws:iam::123456789012:role/Deployer',
        value: draft.steps[k]?.roleArn ?? '',
        validate: validateRoleArn,
      }),
      (v) => {
        draft.setRoleArn(k, v);
        return externalId;
      },
    );

  const externalId: Page = async () =>
    next(
      await kit.pick({
        id: `step${k + 1}.externalId`,
        what: l10n.t('step {0} ExternalId', k + 1),
        placeholder: l10n.t("Does this role's trust policy require an ExternalId?"),
        value: draft.step(k).externalId,
        items: [
          {
            id: 'prompt',
            label: l10n.t('Yes, ask for it when the chain runs'),
            detail: l10n.t('Typed into a password box on each run (you can choose to remember it in SecretStorage). Never written to settings.'),
          },
          { id: 'none', label: l10n.t('No ExternalId') },
        ],
      }),
      (v) => {
        draft.step(k).externalId = v === 'none' ? 'none' : 'prompt';
        return mfa;
      },
    );

  const mfa: Page = async () =>
    next(
      await kit.input({
        id: `step${k + 1}.mfaSerial`,
        what: l10n.t('step {0} MFA', k + 1),
        prompt: l10n.t('MFA device ARN or serial when the trust policy requires MFA (a 6-digit code is then asked on each run). Leave empty for none.'),
        placeholder: l10n.t('{0} (empty: no MFA)', 'arn:aws:iam::123456789012:mfa/alice'),
        value: draft.step(k).mfaSerial ?? '',
        validate: (v) => (v === '' ? undefined : validateMfaSerial(v)),
      }),
      (v) => {
        if (v === '') delete draft.step(k).mfaSerial;
        else draft.step(k).mfaSerial = v;
        return duration;
      },
    );

  const duration: Page = async () => {
    // IAM Identity Center, or a base profile that is a role session (SSO, role_arn, credential_source), makes step 1
    // role chaining too.
    const ssoBase = k === 0 && draft.sso !== undefined;
    const baseIsRoleSession = ssoBase || (k === 0 && isRoleSessionProfile(kit.profiles?.find((p) => p.name === draft.sourceProfile)?.kind));
    return next(
      await kit.input({
        id: `step${k + 1}.durationSeconds`,
        what: l10n.t('step {0} duration', k + 1),
        prompt: chained
          ? l10n.t("Session length in seconds. This role is assumed with step {0}'s session (role chaining), which AWS caps at {1} s whatever the role allows. Empty: 3600.", k, CHAINED_MAX_DURATION_SECONDS)
          : ssoBase
            ? l10n.t('Session length in seconds. IAM Identity Center hands out role credentials, so this step is role chaining, which AWS caps at {0} s. Empty: 3600.', CHAINED_MAX_DURATION_SECONDS)
            : baseIsRoleSession
              ? l10n.t('Session length in seconds. The base profile {0} is itself a role session, so this step is role chaining, which AWS caps at {1} s. Empty: 3600.', draft.sourceProfile ?? '', CHAINED_MAX_DURATION_SECONDS)
              : l10n.t("Session length in seconds, {0}–{1} (up to the role's maximum session duration). Empty: 3600.", MIN_DURATION_SECONDS, MAX_DURATION_SECONDS),
        placeholder: '3600',
        value: draft.steps[k]?.durationSeconds === undefined ? '' : String(draft.steps[k]?.durationSeconds),
        validate: (v) => {
          if (v.trim() === '') return undefined;
          if (!/^\d+$/.test(v.trim())) return l10n.t('Enter a whole number of seconds, e.g. 3600, or leave empty.');
          return validateDurationSeconds(Number(v.trim()), chained, baseIsRoleSession);
        },
      }),
      (v) => {
        if (v.trim() === '') delete draft.step(k).durationSeconds;
        else draft.step(k).durationSeconds = Number(v.trim());
        return more;
      },
    );
  };

  const more: Page = async () =>
    next(
      await kit.pick({
        id: `step${k + 1}.more`,
        what: l10n.t('more steps?'),
        placeholder: k === 0 ? l10n.t('The chain has 1 step so far') : l10n.t('The chain has {0} steps so far', k + 1),
        value: draft.stepCount > k + 1 ? 'add' : 'done',
        items: [
          { id: 'add', label: l10n.t('Add step {0}', k + 2), description: draft.steps[k + 1]?.roleArn ?? l10n.t("assumed with step {0}'s session", k + 1) },
          { id: 'done', label: l10n.t('Continue'), description: k === 0 ? l10n.t('1 step: region and S3 options next') : l10n.t('{0} steps: region and S3 options next', k + 1) },
        ],
      }),
      (v) => {
        if (v === 'add') {
          draft.stepCount = Math.max(draft.stepCount, k + 2);
          return stepPage(kit, k + 1, afterSteps);
        }
        draft.stepCount = k + 1;
        return afterSteps;
      },
    );

  return roleArn;
}
