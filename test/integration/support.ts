// Shared by the integration tests: the extension's testing API, prompt answers for the seed scenario, the harness's
// control server (endpoint request log, MFA codes, secret scans, what the workbench shows) and bounded waits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChainPrompts, PromptContext } from '../../src/core/aws';
import type { RoleChainsTestingApi, SessionSummary } from '../../src/ui/testing/testingApi';
import type { RequestLogEntry } from '../localAws/types';
import type { BrowserScanReport, DiskScanReport } from '../harness/controlServer';
import { SEED } from '../localAws/scenario';
import { skipBecause } from '../support/skip';

export const EXTENSION_ID = 'role-chains.aws-role-chains';

/** Activates the extension (if the editor has not yet) and returns the API it exposes under ROLE_CHAINS_TESTING=1. */
export async function testingApi(): Promise<RoleChainsTestingApi> {
  const ext = vscode.extensions.getExtension<RoleChainsTestingApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded: check engines.vscode (^1.100.0) and the extension development path`);
  const api = await ext.activate();
  assert.ok(api, 'activate() returned no testing API: is ROLE_CHAINS_TESTING=1 set for the extension host?');
  await api.sessions.restored;
  return api;
}

/** The ExternalIds the seed scenario's trust policies expect, by role. */
export const SEED_EXTERNAL_IDS: Record<string, string> = {
  [SEED.roleA]: SEED.externalIdA,
  [SEED.roleB]: SEED.externalIdB,
  [SEED.roleNoMfa]: SEED.externalIdNoMfa,
};

export interface RecordingPrompts extends ChainPrompts {
  /** Every prompt shown, in order: which step asked for what. */
  readonly asked: Array<{ what: 'externalId' | 'mfaCode'; stepIndex: number; roleArn: string }>;
}

/**
 * Prompt answers as the person would type them: the right ExternalId per role (or `externalIds` overrides), the
 * current MFA code from the endpoint. `cancelAt` answers undefined (the person pressed Escape) at that prompt.
 */
export interface SeedPromptOptions {
  /** ExternalIds to type instead of the right ones, by role ARN. */
  externalIds?: Record<string, string>;
  /** An MFA code to type instead of the current one. */
  mfaCode?: string;
  /** Press Escape at this prompt. */
  cancelAt?: { what: 'externalId' | 'mfaCode'; stepIndex: number };
  /** Answer ExternalIds only once this settles (to hold a run open while a test arranges an overlap). */
  hold?: Promise<void>;
}

export function seedPrompts(opts: SeedPromptOptions = {}): RecordingPrompts {
  const asked: RecordingPrompts['asked'] = [];
  const ids = { ...SEED_EXTERNAL_IDS, ...opts.externalIds };
  const cancelled = (what: 'externalId' | 'mfaCode', ctx: PromptContext): boolean =>
    opts.cancelAt?.what === what && opts.cancelAt.stepIndex === ctx.stepIndex;
  return {
    asked,
    externalId: async (ctx) => {
      asked.push({ what: 'externalId', stepIndex: ctx.stepIndex, roleArn: ctx.roleArn });
      if (opts.hold) await opts.hold;
      return cancelled('externalId', ctx) ? undefined : ids[ctx.roleArn];
    },
    mfaCode: async (ctx) => {
      asked.push({ what: 'mfaCode', stepIndex: ctx.stepIndex, roleArn: ctx.roleArn });
      if (cancelled('mfaCode', ctx)) return undefined;
      return opts.mfaCode ?? control.mfaCode(SEED.developerName);
    },
  };
}

function controlUrl(route: string): string {
  const base = process.env.ROLE_CHAINS_IT_CONTROL;
  assert.ok(base, 'ROLE_CHAINS_IT_CONTROL is not set: run this suite through test/harness (npm run test:integration)');
  return base + route;
}

async function call<T>(method: 'GET' | 'POST', route: string): Promise<T> {
  const res = await fetch(controlUrl(route), { method, signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`control ${route}: ${body.error ?? res.status}`);
  return body;
}

/** What the workbench shows. Notification toasts are deliberately absent: they collapse and queue, so never state. */
export type Probe = 'sideBarRows' | 'statusBar' | 'quickInput';

export interface UiProbe {
  /** False under desktop VS Code, where the harness has no page to read. */
  available: boolean;
  items: string[];
}

/** The harness's view of the local endpoint and of the workbench. */
export const control = {
  requestLog: () => call<RequestLogEntry[]>('GET', '/requestLog'),
  clearRequestLog: () => call<unknown>('POST', '/requestLog/clear'),
  /** Sets the endpoint's network faults (none given: a healthy network). */
  setFaults: (faults: { bandwidthBytesPerSec?: number; refuseAll?: boolean; dropConnections?: boolean; s3IgnoreWriteConditions?: boolean } = {}) =>
    call<unknown>(
      'POST',
      `/faults?${new URLSearchParams(Object.entries(faults).map(([k, v]): [string, string] => [k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)])).toString()}`,
    ),
  /** Moves the endpoint's clock by `ms` (negative: back). */
  advanceClock: (ms: number) => call<unknown>('POST', `/clock?advanceMs=${ms}`),
  mfaCode: async (user: string) => (await call<{ code: string }>('GET', `/mfaCode?user=${encodeURIComponent(user)}`)).code,
  secretKinds: () => call<Record<string, number>>('GET', '/secretKinds'),
  /** Scans the editor's folders for secrets; `expect` also reports whether that non-secret text is on disk yet. */
  scanDisk: (expect?: string) => call<DiskScanReport>('POST', `/scan/disk${expect ? `?expect=${encodeURIComponent(expect)}` : ''}`),
  scanBrowser: () => call<BrowserScanReport>('POST', '/scan/browser'),
  ui: (probe: Probe) => call<UiProbe>('GET', `/ui/${probe}`),
  /** User codes of Identity Center sign-ins waiting at the approval page. */
  ssoPending: () => call<string[]>('GET', '/sso/pending'),
  /** Allow on the approval page for this user code. */
  ssoApprove: (userCode: string) => call<unknown>('POST', `/sso/approve?userCode=${encodeURIComponent(userCode)}`),
  /** Expands a chain's row in the side bar so its step rows render ({ available: false } without a page). */
  expand: (label: string) => call<{ available: boolean; expanded: boolean }>('POST', `/ui/expand?label=${encodeURIComponent(label)}`),
};

/** Polls until `check` returns a value other than undefined; fails with `what` after `ms`. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
}

/** Why a test that reads the workbench is skipped where there is no workbench page (desktop VS Code). */
export function uiUnavailable(probe: string): string {
  return `the ${probe} UI probe is unavailable (no workbench page: desktop VS Code); the API-visible effects before it were checked`;
}

/**
 * Waits until a UI probe shows an item matching `pattern` and returns it. Where the probe is unavailable the test is
 * skipped with the reason, never passed: put the API-visible assertions before the first UI wait.
 */
export async function waitForUi(ctx: Mocha.Context, probe: Probe, pattern: RegExp, what: string): Promise<string> {
  if (!(await control.ui(probe)).available) skipBecause(ctx, uiUnavailable(probe));
  return waitFor(async () => (await control.ui(probe)).items.find((i) => pattern.test(i)), what);
}

/** Starts every test from the same place: no sessions, no injected prompts left over, request log empty. */
export async function resetState(api: RoleChainsTestingApi): Promise<void> {
  api.setPromptsForTesting(undefined);
  // Toasts with buttons stay open and make later ones queue unseen; no test reads toasts, but the screen stays clear.
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('roleChains.chains.signOutAll');
  await waitFor(() => (api.sessions.list().length === 0 ? true : undefined), 'all sessions to be signed out');
  await control.clearRequestLog();
}

/** The Role Chains view is open in the side bar, so UI probes can read its rows. */
export async function showChainsView(): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.roleChains');
}

/** Waits until no item of a UI probe matches `pattern`; skips the test where the probe is unavailable. */
export async function waitForUiGone(ctx: Mocha.Context, probe: Probe, pattern: RegExp, what: string): Promise<void> {
  if (!(await control.ui(probe)).available) skipBecause(ctx, uiUnavailable(probe));
  await waitFor(async () => ((await control.ui(probe)).items.some((i) => pattern.test(i)) ? undefined : true), what);
}

/**
 * Expands a chain's row in the side bar so its step rows render; skips the test where there is no page. The caller
 * then waits for the step row it expects, which is the check (the click's effect renders a moment later).
 */
export async function expandChainRow(ctx: Mocha.Context, label: string): Promise<void> {
  if (!(await control.expand(label)).available) skipBecause(ctx, uiUnavailable('expand'));
}

/** Runs a chain through the real command with the seed's answers; returns its session as the testing API shows it. */
export async function signIn(api: RoleChainsTestingApi, chainName: string): Promise<SessionSummary> {
  api.setPromptsForTesting(seedPrompts());
  try {
    await vscode.commands.executeCommand('roleChains.chains.run', chainName);
  } finally {
    api.setPromptsForTesting(undefined);
  }
  const session = api.sessions.get(chainName);
  const status = api.runStatus(chainName);
  assert.ok(session, `no session for ${chainName} after running it${status?.state === 'failed' ? `: ${status.message}` : ''}`);
  return session;
}

/** AssumeRole / GetCallerIdentity requests the endpoint received since the log was last cleared. */
export async function stsCalls(operation: 'AssumeRole' | 'GetCallerIdentity'): Promise<RequestLogEntry[]> {
  return (await control.requestLog()).filter((e) => e.service === 'sts' && e.operation === operation);
}
