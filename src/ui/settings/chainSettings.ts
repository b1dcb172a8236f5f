import * as vscode from 'vscode';
import { CHAINS_SETTING, type ChainConfig } from '../../core/chain';
import { RoleChainError } from '../../core/errors';

export type SettingsTarget = 'user' | 'workspace';

const SECTION = 'roleChains';
const KEY = 'chains';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function configurationTarget(target: SettingsTarget): vscode.ConfigurationTarget {
  return target === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** Whether chains may be written to the workspace's settings (an open, trusted workspace: VS Code ignores them otherwise). */
export function canWriteWorkspace(): boolean {
  return vscode.workspace.isTrusted && vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 0;
}

/**
 * Where the chains the Chains view shows come from: the workspace's settings when it defines roleChains.chains and is
 * trusted (a list there hides the user's list), else the user's.
 */
export function effectiveTarget(): SettingsTarget {
  return vscode.workspace.isTrusted && config().inspect<unknown>(KEY)?.workspaceValue !== undefined ? 'workspace' : 'user';
}

/** The raw list in one target (entries as written, invalid ones included). Not a list: a clear error, nothing written. */
export function rawChains(target: SettingsTarget): unknown[] {
  const inspected = config().inspect<unknown>(KEY);
  const value = (target === 'workspace' ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  if (!Array.isArray(value)) {
    throw new RoleChainError('validation', `${CHAINS_SETTING} in the ${target === 'workspace' ? 'workspace' : 'user'} settings is not a list: fix it first (Open Settings), then try again.`);
  }
  return value;
}

export function rawName(entry: unknown): string | undefined {
  const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

export function namesIn(target: SettingsTarget): Set<string> {
  return new Set(rawChains(target).map(rawName).filter((n): n is string => n !== undefined));
}

/** A chain as it is written in settings: the usual key order, no empty or undefined fields. */
export function toSettingsValue(chain: ChainConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { name: chain.name };
  if (chain.sourceProfile !== undefined) out.sourceProfile = chain.sourceProfile;
  if (chain.region !== undefined) out.region = chain.region;
  out.steps = chain.steps.map((s) => {
    const step: Record<string, unknown> = { roleArn: s.roleArn, externalId: s.externalId };
    if (s.mfaSerial !== undefined) step.mfaSerial = s.mfaSerial;
    if (s.durationSeconds !== undefined) step.durationSeconds = s.durationSeconds;
    if (s.sessionName !== undefined) step.sessionName = s.sessionName;
    if (s.region !== undefined) step.region = s.region;
    return step;
  });
  const s3: Record<string, unknown> = {};
  if (chain.s3?.sse !== undefined) s3.sse = chain.s3.sse;
  if (chain.s3?.kmsKeyId !== undefined) s3.kmsKeyId = chain.s3.kmsKeyId;
  if (chain.s3?.buckets !== undefined && chain.s3.buckets.length > 0) s3.buckets = [...chain.s3.buckets];
  if (Object.keys(s3).length > 0) out.s3 = s3;
  return out;
}

export async function writeChains(target: SettingsTarget, list: unknown[]): Promise<void> {
  await config().update(KEY, list, configurationTarget(target));
}

/** Appends chains to one target's list. */
export async function appendChains(target: SettingsTarget, chains: readonly ChainConfig[]): Promise<void> {
  await writeChains(target, [...rawChains(target), ...chains.map(toSettingsValue)]);
}

/** Replaces the chain named `oldName` where the view reads it from, keeping its place in the list. */
export async function replaceChain(oldName: string, chain: ChainConfig): Promise<SettingsTarget> {
  const target = effectiveTarget();
  const list = rawChains(target);
  const at = list.findIndex((e) => rawName(e) === oldName);
  if (at < 0) throw new RoleChainError('validation', `Chain "${oldName}" is no longer in the ${target} settings: it may have been edited meanwhile. Refresh and try again.`);
  const next = [...list];
  next[at] = toSettingsValue(chain);
  await writeChains(target, next);
  return target;
}

/** Removes the chain from where the view reads it; returns whether it was found. */
export async function removeChain(name: string): Promise<boolean> {
  const target = effectiveTarget();
  const list = rawChains(target);
  const next = list.filter((e) => rawName(e) !== name);
  if (next.length === list.length) return false;
  await writeChains(target, next);
  return true;
}
