// The wizard's first pages: the chain's name and where step 1 gets its credentials.
import type { ProfileInfo } from '../../core/awsProfiles';
import { validateChainName, validateProfileName } from '../../core/validation';
import { next, type Page, type PageKit } from './wizardPage';
import type { PickItem } from './wizardUi';

const DEFAULT_PROFILE = '$default';
const CUSTOM_PROFILE = '$custom';

const KIND_LABELS: Record<ProfileInfo['kind'], string> = {
  keys: 'access keys',
  sso: 'IAM Identity Center (SSO)',
  'credential-process': 'credential_process',
  'credential-source': 'role from credential_source',
  'web-identity': 'web identity role',
  login: 'console login',
  role: 'assumes its own role chain',
  incomplete: 'incomplete',
};

/** The name page, then the base credentials (a listed profile, the default chain, or a typed name), then `firstStep()`. */
export function namePage(kit: PageKit, firstStep: () => Page): Page {
  const { draft } = kit;

  const name: Page = async () =>
    next(
      await kit.input({
        id: 'name',
        what: 'name',
        prompt: 'A unique name for the chain, shown in the Chains view and the status bar.',
        placeholder: 'prod-deploy',
        value: draft.name,
        validate: (v) => validateChainName(v) ?? (kit.takenNames.has(v) ? `A chain named "${v}" already exists: choose another name.` : undefined),
      }),
      (v) => {
        draft.name = v;
        return profile;
      },
    );

  const profile: Page = async () => {
    const profiles = [...(kit.profiles ?? [])].sort((a, b) => Number(b.kind !== 'role') - Number(a.kind !== 'role') || a.name.localeCompare(b.name));
    const items: PickItem[] = [
      { id: DEFAULT_PROFILE, label: 'Default credentials', description: 'the SDK\'s default provider chain', detail: 'Environment variables, the default profile, SSO, container or instance credentials.' },
      ...profiles
        .filter((p) => p.kind !== 'incomplete')
        .map((p) => ({ id: `profile:${p.name}`, label: p.name, description: KIND_LABELS[p.kind] + (p.region ? ` · ${p.region}` : '') })),
      { id: CUSTOM_PROFILE, label: 'Another profile…', description: 'type a profile name' },
    ];
    const current = draft.sourceProfile === undefined ? DEFAULT_PROFILE : items.some((i) => i.id === `profile:${draft.sourceProfile}`) ? `profile:${draft.sourceProfile}` : CUSTOM_PROFILE;
    return next(
      await kit.pick({ id: 'sourceProfile', what: 'base credentials', placeholder: 'Where step 1 gets its credentials', items, value: current }),
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
        what: 'base profile',
        prompt: 'A profile in ~/.aws/config or ~/.aws/credentials (or the files AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name).',
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
