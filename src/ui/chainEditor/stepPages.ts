// The wizard's pages for one step of the chain: role, ExternalId, MFA, duration, then "add another step?".
import { isRoleSessionProfile } from '../../core/awsProfiles';
import { CHAINED_MAX_DURATION_SECONDS, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, validateDurationSeconds, validateMfaSerial, validateRoleArn } from '../../core/validation';
import { next, type Page, type PageKit } from './wizardPage';

/** The first page of step `k` (0-based); after the last step the wizard goes on to `afterSteps`. */
export function stepPage(kit: PageKit, k: number, afterSteps: Page): Page {
  const { draft } = kit;
  const label = (what: string): string => `step ${k + 1} ${what}`;
  const chained = k > 0;

  const roleArn: Page = async () =>
    next(
      await kit.input({
        id: `step${k + 1}.roleArn`,
        what: label('role'),
        prompt: k === 0 ? 'The role assumed with the base credentials.' : `The role assumed with step ${k}'s session.`,
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
        what: label('ExternalId'),
        placeholder: "Does this role's trust policy require an ExternalId?",
        value: draft.step(k).externalId,
        items: [
          { id: 'prompt', label: 'Yes, ask for it when the chain runs', detail: 'Typed into a password box on each run (you can choose to remember it in SecretStorage). Never written to settings.' },
          { id: 'none', label: 'No ExternalId' },
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
        what: label('MFA'),
        prompt: 'MFA device ARN or serial when the trust policy requires MFA (a 6-digit code is then asked on each run). Leave empty for none.',
        placeholder: 'arn:aws:iam::123456789012:mfa/alice (empty: no MFA)',
        value: draft.step(k).mfaSerial ?? '',
        validate: (v) => (v === '' ? undefined : validateMfaSerial(v)),
      }),
      (v) => {
        if (v === '') delete draft.step(k).mfaSerial;
        else draft.step(k).mfaSerial = v;
        return duration;
      },
    );

  const duration: Page = async () =>
    next(
      await kit.input({
        id: `step${k + 1}.durationSeconds`,
        what: label('duration'),
        prompt: chained
          ? `Session length in seconds. This role is assumed with step ${k}'s session (role chaining), which AWS caps at ${CHAINED_MAX_DURATION_SECONDS} s whatever the role allows. Empty: 3600.`
          : `Session length in seconds, ${MIN_DURATION_SECONDS}–${MAX_DURATION_SECONDS} (up to the role's maximum session duration). Empty: 3600.`,
        placeholder: '3600',
        value: draft.steps[k]?.durationSeconds === undefined ? '' : String(draft.steps[k]?.durationSeconds),
        validate: (v) => {
          if (v.trim() === '') return undefined;
          if (!/^\d+$/.test(v.trim())) return 'Enter a whole number of seconds, e.g. 3600, or leave empty.';
          // A base profile that is a role session (SSO, role_arn, credential_source) makes step 1 role chaining too.
          const baseIsRoleSession = k === 0 && isRoleSessionProfile(kit.profiles?.find((p) => p.name === draft.sourceProfile)?.kind);
          return validateDurationSeconds(Number(v.trim()), chained, baseIsRoleSession);
        },
      }),
      (v) => {
        if (v.trim() === '') delete draft.step(k).durationSeconds;
        else draft.step(k).durationSeconds = Number(v.trim());
        return more;
      },
    );

  const more: Page = async () =>
    next(
      await kit.pick({
        id: `step${k + 1}.more`,
        what: 'more steps?',
        placeholder: `The chain has ${k + 1} step${k === 0 ? '' : 's'} so far`,
        value: draft.stepCount > k + 1 ? 'add' : 'done',
        items: [
          { id: 'add', label: `Add step ${k + 2}`, description: draft.steps[k + 1] ? draft.steps[k + 1]?.roleArn : `assumed with step ${k + 1}'s session` },
          { id: 'done', label: 'Continue', description: `${k + 1} step${k === 0 ? '' : 's'}: region and S3 options next` },
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
