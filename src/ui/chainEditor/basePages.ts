// The wizard's first pages: the chain's name and where step 1 gets its credentials.
import type { ProfileInfo } from '../../core/awsProfiles';
import { validateChainName, validateProfileName } from '../../core/validation';
import type { L10nLike } from '../shared/l10nLike';
import { next, type Page, type PageKit } from './wizardPage';
import type { PickItem } from './wizardUi';

const DEFAULT_PROFILE = '$default';
const CUSTOM_PROFILE = '$custom';

function kindLabel(l10n: L10nLike, kind: ProfileInfo['kind']): string {
  switch (kind) {
    case 'keys':
      return l10n.t('access keys');
    case 'sso':
      return l10n.t('IAM Identity Center (SSO)');
    case 'credential-process':
      return l10n.t('credential_process');
    case 'credential-source':
      return l10n.t('role from credential_source');
    case 'web-identity':
      return l10n.t('web identity role');
    case 'login':
      return l10n.t('console login');
    case 'role':
      return l10n.t('assumes its own role chain');
    case 'incomplete':
      return l10n.t('incomplete');
  }
}

/** The name page, then the base credentials (a listed profile, the default chain, or a typed name), then `firstStep()`. */
export function namePage(kit: PageKit, firstStep: () => Page): Page {
  const { draft, l10n } = kit;

  const name: Page = async () =>
    next(
      await kit.input({
        id: 'name',
        what: l10n.t('name'),
        prompt: l10n.t('A unique name for the chain, shown in the Chains view and the status bar.'),
        placeholder: 'prod-deploy',
        value: draft.name,
        validate: (v) => validateChainName(v) ?? (kit.takenNames.has(v) ? l10n.t('A chain named "{0}" already exists: choose another name.', v) : undefined),
      }),
      (v) => {
        draft.name = v;
        return profile;
      },
    );

  const profile: Page = async () => {
    const profiles = [...(kit.profiles ?? [])].sort((a, b) => Number(b.kind !== 'role') - Number(a.kind !== 'role') || a.name.localeCompare(b.name));
    const items: PickItem[] = [
      {
        id: DEFAULT_PROFILE,
        label: l10n.t('Default credentials'),
        description: l10n.t("the SDK's default provider chain"),
        detail: l10n.t('Environment variables, the default profile, SSO, container or instance credentials.'),
      },
      ...profiles
        .filter((p) => p.kind !== 'incomplete')
        .map((p) => ({ id: `profile:${p.name}`, label: p.name, description: p.region ? l10n.t('{0} · {1}', kindLabel(l10n, p.kind), p.region) : kindLabel(l10n, p.kind) })),
      { id: CUSTOM_PROFILE, label: l10n.t('Another profile…'), description: l10n.t('type a profile name') },
    ];
    const current = draft.sourceProfile === undefined ? DEFAULT_PROFILE : items.some((i) => i.id === `profile:${draft.sourceProfile}`) ? `profile:${draft.sourceProfile}` : CUSTOM_PROFILE;
    return next(
      await kit.pick({ id: 'sourceProfile', what: l10n.t('base credentials'), placeholder: l10n.t('Where step 1 gets its credentials'), items, value: current }),
      (v) => {
        if (v === CUSTOM_PROFILE) return customProfile;
        draft.sourceProfile = v === DEFAULT_PROFILE ? undefined : v.slice('profile:'.length);
        return firstStep();
      },
    );
  };

  const customProfile: Page = async () =>
    next(
      await kit.input({
        id: 'sourceProfile.name',
        what: l10n.t('base profile'),
        prompt: l10n.t('A profile in ~/.aws/config or ~/.aws/credentials (or the files AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name).'),
        value: draft.sourceProfile ?? '',
        validate: validateProfileName,
      }),
      (v) => {
        draft.sourceProfile = v;
        return firstStep();
      },
    );

  return name;
}
