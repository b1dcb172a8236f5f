import * as vscode from 'vscode';
import { splitRoleArn } from '../../core/roleArn';
import { DEFAULT_REGION, type ChainConfig, type ChainProblem, type StepConfig } from '../../core/chain';
import type { Session, StepSession } from '../../core/session';
import { displayTimeLeft } from '../../core/session';
import { effectiveDuration } from '../../core/refresh';
import type { RunStatus } from './chainRunner';
import { stepDescription } from './stepDescription';
import { baseDetail } from '../shared/baseLabel';

/** What commands receive from a row: the chain it belongs to (and the step, for step rows). */
export interface ChainRef {
  readonly chainName: string;
}

export type ChainsNode = ChainNode | StepNode | ProblemNode;

/** A chain row: its state (signed out / signed in, time left / running / failed) in icon and description. */
export class ChainNode extends vscode.TreeItem implements ChainRef {
  readonly chainName: string;

  constructor(
    readonly chain: ChainConfig,
    readonly session: Session | undefined,
    status: RunStatus | undefined,
    now: number,
  ) {
    super(chain.name, vscode.TreeItemCollapsibleState.Collapsed);
    this.chainName = chain.name;
    this.id = `chain/${chain.name}`;
    this.contextValue = session ? 'chain.signedIn' : 'chain';
    const state = chainState(session, status, now);
    this.description = state.description;
    this.iconPath = state.icon;
    this.tooltip = chainTooltip(chain, session, status, now);
  }

  steps(): StepNode[] {
    return this.chain.steps.map((step, i) => new StepNode(this.chain, i, matchingStep(this.session, step, i), this.session));
  }
}

/** A step row: role name, account, ExternalId/MFA badges and, once signed in, the assumed identity. */
export class StepNode extends vscode.TreeItem implements ChainRef {
  readonly chainName: string;
  readonly roleArn: string;

  constructor(
    chain: ChainConfig,
    readonly stepIndex: number,
    stepSession: StepSession | undefined,
    session: Session | undefined,
  ) {
    const step = chain.steps[stepIndex] as StepConfig;
    const { account, name } = splitRoleArn(step.roleArn);
    super(name, vscode.TreeItemCollapsibleState.None);
    this.chainName = chain.name;
    this.roleArn = step.roleArn;
    this.id = `chain/${chain.name}/step/${stepIndex}`;
    this.contextValue = stepSession ? 'step.signedIn' : 'step';
    this.description = stepDescription(account, step, stepSession, (name) => vscode.l10n.t('as {0}', name));
    this.iconPath = stepSession
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : new vscode.ThemeIcon('debug-stackframe-dot');
    this.tooltip = stepTooltip(chain, stepIndex, step, stepSession, session);
  }
}

/** A settings problem, as a row rather than a pop-up; clicking it opens the settings. */
export class ProblemNode extends vscode.TreeItem {
  constructor(
    readonly problem: ChainProblem,
    index: number,
  ) {
    // The chain's name when the problem is in a chain, else the setting (e.g. roleChains.endpoints.sts).
    super(problem.chain ?? problem.path.replace(/\[.*$/, ''), vscode.TreeItemCollapsibleState.None);
    this.id = `problem/${index}`;
    this.contextValue = 'problem';
    this.description = problem.message;
    this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    this.tooltip = new vscode.MarkdownString().appendMarkdown(`**${vscode.l10n.t('Invalid setting')}** `).appendText(`${problem.path}\n\n${problem.message}`);
    this.command = { command: 'roleChains.settings.open', title: vscode.l10n.t('Open Settings') };
  }
}

function chainState(
  session: Session | undefined,
  status: RunStatus | undefined,
  now: number,
): { description: string; icon: vscode.ThemeIcon } {
  if (status?.state === 'running') return { description: vscode.l10n.t('signing in…'), icon: new vscode.ThemeIcon('loading~spin') };
  if (session) {
    return {
      description: vscode.l10n.t('signed in · {0} left', displayTimeLeft(session.expiresAt, now)),
      icon: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
    };
  }
  if (status?.state === 'failed') {
    return {
      description: vscode.l10n.t('failed: {0}', shorten(status.message, 80)),
      icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
    };
  }
  if (status?.state === 'expired') {
    return {
      description: vscode.l10n.t('session expired · run again'),
      icon: new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground')),
    };
  }
  return { description: vscode.l10n.t('signed out'), icon: new vscode.ThemeIcon('circle-large-outline') };
}

function chainTooltip(chain: ChainConfig, session: Session | undefined, status: RunStatus | undefined, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**').appendText(chain.name).appendMarkdown('**\n\n');
  md.appendText(`${baseDetail(chain, vscode.l10n)}\n\n`);
  const region = chain.region ?? vscode.l10n.t('{0} (default)', DEFAULT_REGION);
  md.appendText(`${chain.steps.length === 1 ? vscode.l10n.t('Region: {0} · 1 step', region) : vscode.l10n.t('Region: {0} · {1} steps', region, chain.steps.length)}\n\n`);
  if (session) {
    md.appendText(vscode.l10n.t('Signed in until {0} ({1} left).', new Date(session.expiresAt).toLocaleTimeString(), displayTimeLeft(session.expiresAt, now)));
    const last = session.steps[session.steps.length - 1];
    if (last) md.appendText(`\n\n${vscode.l10n.t('Final identity: {0}', last.assumedRoleArn)}`);
  } else if (status?.state === 'failed') {
    md.appendText(vscode.l10n.t('Last run failed: {0}', status.message));
  } else if (status?.state === 'expired') {
    md.appendText(vscode.l10n.t('The session expired and was deleted. Run the chain to sign in again.'));
  } else {
    md.appendText(vscode.l10n.t('Signed out. Run the chain to sign in.'));
  }
  return md;
}

function stepTooltip(
  chain: ChainConfig,
  index: number,
  step: StepConfig,
  stepSession: StepSession | undefined,
  session: Session | undefined,
): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${vscode.l10n.t('Step {0}/{1}', index + 1, chain.steps.length)}** `).appendText(step.roleArn).appendMarkdown('\n\n');
  md.appendText(`${step.externalId === 'prompt' ? vscode.l10n.t('ExternalId: asked for on each run') : vscode.l10n.t('ExternalId: none')}\n\n`);
  if (step.mfaSerial) md.appendText(`${vscode.l10n.t('MFA: {0}', step.mfaSerial)}\n\n`);
  if (step.region) md.appendText(`${vscode.l10n.t('Region: {0}', step.region)}\n\n`);
  if (stepSession && session) {
    const effective = Math.round((stepSession.expiresAt - session.createdAt) / 60_000);
    md.appendText(`${vscode.l10n.t('Assumed identity: {0}', stepSession.assumedRoleArn)}\n\n`);
    md.appendText(`${vscode.l10n.t('Session name: {0}', stepSession.sessionName)}\n\n`);
    md.appendText(
      vscode.l10n.t(
        'Duration: requested {0} min, effective ≈ {1} min (expires {2})',
        stepSession.requestedDurationSeconds / 60,
        effective,
        new Date(stepSession.expiresAt).toLocaleTimeString(),
      ),
    );
  } else if (step.durationSeconds !== undefined) {
    md.appendText(vscode.l10n.t('Requested duration: {0} min', step.durationSeconds / 60));
  }
  // Why a chained step got 1 hour whatever it asked for.
  md.appendText(`${stepSession || step.durationSeconds !== undefined ? '\n\n' : ''}${effectiveDuration(step, index).explanation}`);
  return md;
}

/** A session's step counts only if it is still the same role: settings may have changed since sign-in. */
function matchingStep(session: Session | undefined, step: StepConfig, index: number): StepSession | undefined {
  const s = session?.steps[index];
  return s && s.roleArn === step.roleArn ? s : undefined;
}

/** `arn:aws:iam::333333333333:role/teams/Deployer` → account `333333333333`, name `teams/Deployer` */

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
