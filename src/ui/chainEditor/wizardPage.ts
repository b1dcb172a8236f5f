// What the wizard's pages share: a page asks one question through the driver and says where to go next. Pages only
// read and write the draft; the driver owns the order they were shown in, so Back works the same on every page.
import type { ProfileInfo, SsoSessionInfo } from '../../core/awsProfiles';
import type { L10nLike } from '../shared/l10nLike';
import type { WizardDraft } from './wizardDraft';
import type { Answer, InputQuestion, PickQuestion } from './wizardUi';

/** The next page, 'done' after the last one, `{ back: true }` for Back, or undefined when the wizard was dismissed. */
export type PageResult = Page | 'done' | { back: true } | undefined;
export type Page = () => Promise<PageResult>;

/** A question as a page writes it: the driver adds the title, "k/n" and whether Back is offered. */
export type PageQuestion<Q> = Omit<Q, 'kind' | 'title' | 'step' | 'totalSteps' | 'canGoBack'> & { what: string };

export interface PageKit {
  draft: WizardDraft;
  /** vscode.l10n in the extension; every text a page shows goes through it. */
  l10n: L10nLike;
  /** Names already used in the settings the chain goes to (the edited chain's own name excluded). */
  takenNames: ReadonlySet<string>;
  /** Profiles of the shared AWS files, when they could be read. */
  profiles?: readonly ProfileInfo[];
  /** The `[sso-session NAME]` sections of the config file, offered for an Identity Center base. */
  ssoSessions?: readonly SsoSessionInfo[];
  input(q: PageQuestion<InputQuestion>): Promise<Answer>;
  pick(q: PageQuestion<PickQuestion>): Promise<Answer>;
}

export function isBack(a: unknown): a is { back: true } {
  return typeof a === 'object' && a !== null && (a as { back?: unknown }).back === true;
}

/** Runs `onValue` for a value; passes Back and dismissal through. */
export function next(answer: Answer, onValue: (value: string) => Page | 'done'): PageResult {
  if (answer === undefined || isBack(answer)) return answer;
  return onValue(answer.value);
}
