// The wizard's first pages: the chain's name and where step 1 gets its credentials (the default chain, IAM Identity
// Center signed in by the extension, or a profile).
import type { ProfileInfo } from '../../core/awsProfiles';
import { validateAccountId, validateChainName, validateProfileName, validateRegion, validateSsoRoleName, validateSsoStartUrl } from '../../core/validation';
import type { L10nLike } from '../shared/l10nLike';
import { next, type Page, type PageKit } from './wizardPage';
import type { PickItem } from './wizardUi';

const DEFAULT_PROFILE = '$default';
const CUSTOM_PROFILE = '$custom';
const SSO = '$sso';
const SSO_START_URL = '$startUrl';
const SSO_SESSION = 'session:';

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
      {
        id: SSO,
        label: l10n.t('IAM Identity Center…'),
        description: l10n.t('sign in through the AWS access portal'),
        detail: l10n.t('The extension opens the AWS sign-in page in your browser (an sso-session of ~/.aws/config or a start URL), then uses a permission set of an account.'),
      },
      ...profiles
        .filter((p) => p.kind !== 'incomplete')
        .map((p) => ({ id: `profile:${p.name}`, label: p.name, description: p.region ? l10n.t('{0} · {1}', kindLabel(l10n, p.kind), p.region) : kindLabel(l10n, p.kind) })),
      { id: CUSTOM_PROFILE, label: l10n.t('Another profile…'), description: l10n.t('type a profile name') },
    ];
    const current =
      draft.sso !== undefined
        ? SSO
        : draft.sourceProfile === undefined
          ? DEFAULT_PROFILE
          : items.some((i) => i.id === `profile:${draft.sourceProfile}`)
            ? `profile:${draft.sourceProfile}`
            : CUSTOM_PROFILE;
    return next(
      await kit.pick({ id: 'sourceProfile', what: l10n.t('base credentials'), placeholder: l10n.t('Where step 1 gets its credentials'), items, value: current }),
      (v) => {
        if (v === CUSTOM_PROFILE) return customProfile;
        if (v === SSO) return ssoPages(kit, firstStep);
        draft.useProfile(v === DEFAULT_PROFILE ? undefined : v.slice('profile:'.length));
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
        draft.useProfile(v);
        return firstStep();
      },
    );

  return name;
}

/** Whether the Identity Center pages start with the sso-session pick (there is a session to offer). */
function offersSessions(kit: Pick<PageKit, 'draft' | 'ssoSessions'>): boolean {
  return (kit.ssoSessions?.length ?? 0) > 0 || kit.draft.sso?.session !== undefined;
}

/** How many Identity Center pages the base takes (0 for another base), for the wizard's "k/n". */
export function ssoPageCount(kit: Pick<PageKit, 'draft' | 'ssoSessions'>): number {
  const { sso } = kit.draft;
  if (sso === undefined) return 0;
  return (offersSessions(kit) ? 1 : 0) + (sso.session === undefined ? 2 : 0) + 2;
}

/**
 * IAM Identity Center as the base: an sso-session of the config file or a start URL and its region, then the account
 * and the permission set, each optional (left empty, they are chosen from the portal's lists when the chain runs).
 */
function ssoPages(kit: PageKit, firstStep: () => Page): Page {
  const { draft, l10n } = kit;
  const later = l10n.t('empty: choose when the chain runs');

  const portal: Page = async () => {
    const sessions = kit.ssoSessions ?? [];
    const items: PickItem[] = sessions.map((s) => ({
      id: `${SSO_SESSION}${s.name}`,
      label: s.name,
      description: s.startUrl !== undefined && s.region !== undefined ? l10n.t('{0} · {1}', s.startUrl, s.region) : l10n.t('sso_start_url or sso_region missing'),
    }));
    const chosen = draft.sso?.session;
    // An edited chain's session that the config file no longer has stays choosable, marked.
    if (chosen !== undefined && !sessions.some((s) => s.name === chosen)) {
      items.unshift({ id: `${SSO_SESSION}${chosen}`, label: chosen, description: l10n.t('not found in the config file') });
    }
    items.push({ id: SSO_START_URL, label: l10n.t('Start URL…'), description: l10n.t('type the AWS access portal URL and its region') });
    const value = chosen !== undefined ? `${SSO_SESSION}${chosen}` : draft.sso?.startUrl !== undefined ? SSO_START_URL : items[0]?.id;
    return next(
      await kit.pick({ id: 'sso.portal', what: l10n.t('IAM Identity Center'), placeholder: l10n.t('An sso-session of the AWS config file, or a start URL'), items, value }),
      (v) => {
        if (v === SSO_START_URL) return startUrl;
        draft.useSsoSession(v.slice(SSO_SESSION.length));
        return account;
      },
    );
  };

  const startUrl: Page = async () =>
    next(
      await kit.input({
        id: 'sso.startUrl',
        what: l10n.t('start URL'),
        prompt: l10n.t('The AWS access portal URL your administrator gave you (Identity Center settings show it as the AWS access portal URL).'),
        placeholder: 'https://d-1234567890.awsapps.com/start',
        value: draft.sso?.startUrl ?? '',
        validate: validateSsoStartUrl,
      }),
      (v) => {
        draft.useSsoStartUrl(v);
        return region;
      },
    );

  const region: Page = async () =>
    next(
      await kit.input({
        id: 'sso.region',
        what: l10n.t('Identity Center region'),
        prompt: l10n.t("The region of the IAM Identity Center instance (where the portal lives, not where the chain's roles are used)."),
        placeholder: l10n.t('e.g. {0}', 'eu-west-1'),
        value: draft.sso?.region ?? '',
        validate: validateRegion,
      }),
      (v) => {
        draft.setSso('region', v);
        return account;
      },
    );

  /** The account and the permission set: each optional, an empty answer leaves the choice to the run. */
  const optional = (key: 'accountId' | 'roleName', what: string, prompt: string, example: string, validate: (v: string) => string | undefined, then: () => Page): Page =>
    async () =>
      next(
        await kit.input({
          id: `sso.${key}`,
          what,
          prompt,
          placeholder: l10n.t('{0} ({1})', example, later),
          value: draft.sso?.[key] ?? '',
          validate: (v) => (v === '' ? undefined : validate(v)),
        }),
        (v) => {
          draft.setSso(key, v === '' ? undefined : v);
          return then();
        },
      );

  const role: Page = optional(
    'roleName',
    l10n.t('permission set'),
    l10n.t('The permission set (role name) as the portal lists it. Leave empty to choose from the roles the portal lists when the chain runs.'),
    'AdministratorAccess',
    validateSsoRoleName,
    firstStep,
  );
  const account: Page = optional(
    'accountId',
    l10n.t('account'),
    l10n.t('The 12-digit account whose permission set starts the chain. Leave empty to choose from the accounts the portal lists when the chain runs.'),
    '123456789012',
    validateAccountId,
    () => role,
  );

  return offersSessions(kit) ? portal : startUrl;
}
