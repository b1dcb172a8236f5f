// The Add/Edit Role Chain wizard's driver: it shows the pages in order, keeps the trail Back walks, numbers the pages
// "k/n", and builds the chain from the draft when the last page is done. The pages are in basePages.ts,
// stepPages.ts and optionPages.ts; the answers in wizardDraft.ts.
import type { ProfileInfo, SsoSessionInfo } from '../../core/awsProfiles';
import type { ChainConfig } from '../../core/chain';
import { RoleChainError } from '../../core/errors';
import type { L10nLike } from '../shared/l10nLike';
import { namePage, ssoPageCount } from './basePages';
import { regionPage } from './optionPages';
import { stepPage } from './stepPages';
import { WizardDraft } from './wizardDraft';
import { isBack, type Page, type PageKit } from './wizardPage';
import type { WizardUi } from './wizardUi';

export interface ChainWizardOptions {
  ui: WizardUi;
  /** vscode.l10n in the extension: the pages' texts go through it. */
  l10n: L10nLike;
  /** The chain being edited (the wizard starts prefilled with it), or undefined for a new chain. */
  existing?: ChainConfig;
  /** Names already used in the settings the chain goes to (the edited chain's own name excluded). */
  takenNames: ReadonlySet<string>;
  /** Profiles of the shared AWS files, when they could be read. */
  profiles?: readonly ProfileInfo[];
  /** The `[sso-session NAME]` sections of the config file, offered for an Identity Center base. */
  ssoSessions?: readonly SsoSessionInfo[];
}

/** Every question is one page; the loop is bounded so a script that never finishes cannot spin forever. */
const MAX_PAGES = 500;

/**
 * Add/Edit Role Chain as a multi-step QuickInput: name, base credentials (a profile, or IAM Identity Center's portal,
 * account and permission set), then each step (role ARN, ExternalId, MFA, duration), region and S3 options, each
 * validated as typed with the core validators, with Back on every page after the first. Returns the chain to write,
 * or undefined when the person dismissed the wizard.
 */
export async function runChainWizard(opts: ChainWizardOptions): Promise<ChainConfig | undefined> {
  const { ui, existing, l10n } = opts;
  const draft = new WizardDraft(existing);
  const verb = existing ? l10n.t('Edit Chain {0}', existing.name) : l10n.t('Add Role Chain');
  const history: Page[] = [];
  // Name and base credentials (and the Identity Center pages), five pages per step, region, encryption and buckets,
  // and the KMS key when asked.
  const total = (): number =>
    2 + ssoPageCount({ draft, ssoSessions: opts.ssoSessions }) + 5 * Math.max(draft.stepCount, draft.steps.length, 1) + 3 + (draft.sse === 'aws:kms' ? 1 : 0);
  const frame = (what: string): { title: string; step: number; totalSteps: number; canGoBack: boolean } => ({
    title: l10n.t('{0}: {1}', verb, what),
    step: history.length + 1,
    totalSteps: total(),
    canGoBack: history.length > 0,
  });
  const kit: PageKit = {
    draft,
    l10n,
    takenNames: opts.takenNames,
    profiles: opts.profiles,
    ssoSessions: opts.ssoSessions,
    input: ({ what, ...rest }) => ui.ask({ kind: 'input', ...frame(what), ...rest }),
    pick: ({ what, ...rest }) => ui.ask({ kind: 'pick', ...frame(what), ...rest }),
  };

  const afterSteps = regionPage(kit);
  let current: Page = namePage(kit, () => stepPage(kit, 0, afterSteps));
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const result = await current();
    if (result === undefined) return undefined;
    if (result === 'done') return draft.build(l10n);
    if (isBack(result)) {
      current = history.pop() ?? current;
      continue;
    }
    history.push(current);
    current = result;
  }
  throw new RoleChainError('validation', l10n.t('The {0} wizard stopped after {1} pages.', verb, MAX_PAGES));
}
