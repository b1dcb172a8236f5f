import * as vscode from 'vscode';
import { CHAINS_SETTING, toSettingsValue, type ChainConfig } from '../../core/chain';
import { RoleChainError } from '../../core/errors';

export { toSettingsValue };

export type SettingsTarget = 'user' | 'workspace';

const KEY = 'chains';

/** What the Settings gate lends its writer: the roleChains section and the workspace's trust. */
export interface ChainListsAccess {
  config(): vscode.WorkspaceConfiguration;
  readonly trusted: boolean;
}

/**
 * The chain lists as written in user and workspace settings (entries as typed, invalid ones included), for the
 * features that add, edit, delete and import chains. Owned by the Settings gate, which reads the parsed chains.
 */
export class ChainLists {
  constructor(private readonly access: ChainListsAccess) {}

  /** Whether chains may be written to the workspace's settings (an open, trusted workspace: VS Code ignores them otherwise). */
  canWriteWorkspace(): boolean {
    return this.access.trusted && vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 0;
  }

  /**
   * Where the chains the Chains view shows come from: the workspace's settings when it defines roleChains.chains and is
   * trusted (a list there hides the user's list), else the user's.
   */
  effectiveTarget(): SettingsTarget {
    return this.access.trusted && this.access.config().inspect<unknown>(KEY)?.workspaceValue !== undefined ? 'workspace' : 'user';
  }

  /** The raw list in one target. Not a list: a clear error, nothing written. */
  raw(target: SettingsTarget): unknown[] {
    const inspected = this.access.config().inspect<unknown>(KEY);
    const value = (target === 'workspace' ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
    if (!Array.isArray(value)) {
      const message =
        target === 'workspace'
          ? vscode.l10n.t('{0} in the workspace settings is not a list: fix it first (Open Settings), then try again.', CHAINS_SETTING)
          : vscode.l10n.t('{0} in the user settings is not a list: fix it first (Open Settings), then try again.', CHAINS_SETTING);
      throw new RoleChainError('validation', message);
    }
    return value;
  }

  namesIn(target: SettingsTarget): Set<string> {
    return new Set(this.raw(target).map(rawName).filter((n): n is string => n !== undefined));
  }

  async write(target: SettingsTarget, list: unknown[]): Promise<void> {
    await this.access.config().update(KEY, list, target === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }

  /** Appends chains to one target's list. */
  async append(target: SettingsTarget, chains: readonly ChainConfig[]): Promise<void> {
    await this.write(target, [...this.raw(target), ...chains.map(toSettingsValue)]);
  }

  /** Replaces the chain named `oldName` where the view reads it from, keeping its place in the list. */
  async replace(oldName: string, chain: ChainConfig): Promise<SettingsTarget> {
    const target = this.effectiveTarget();
    const list = this.raw(target);
    const at = list.findIndex((e) => rawName(e) === oldName);
    if (at < 0) {
      const message =
        target === 'workspace'
          ? vscode.l10n.t('Chain "{0}" is no longer in the workspace settings: it may have been edited meanwhile. Refresh and try again.', oldName)
          : vscode.l10n.t('Chain "{0}" is no longer in the user settings: it may have been edited meanwhile. Refresh and try again.', oldName);
      throw new RoleChainError('validation', message);
    }
    const next = [...list];
    next[at] = toSettingsValue(chain);
    await this.write(target, next);
    return target;
  }

  /** Removes the chain from where the view reads it; returns whether it was found. */
  async remove(name: string): Promise<boolean> {
    const target = this.effectiveTarget();
    const list = this.raw(target);
    const next = list.filter((e) => rawName(e) !== name);
    if (next.length === list.length) return false;
    await this.write(target, next);
    return true;
  }
}

export function rawName(entry: unknown): string | undefined {
  const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}
