import * as vscode from 'vscode';
import { registerCommand } from '../../registerCommand';
import type { ChainCommandDeps } from './deps';

const PLACEHOLDER_ROLE = 'arn:aws:iam::111111111111:role/ReplaceWithRoleName';

/**
 * Add Role Chain…: appends a sample chain to the settings that currently define the chains (the workspace's when it
 * defines them and is trusted, else the user's), opens that settings.json and selects the placeholder role ARN.
 */
export function registerAdd(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.add', async () => {
    const config = vscode.workspace.getConfiguration('roleChains');
    const inspected = config.inspect<unknown>('chains');
    const inWorkspace = vscode.workspace.isTrusted && inspected?.workspaceValue !== undefined;
    const current = (inWorkspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
    const open = inWorkspace ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson';
    if (!Array.isArray(current)) {
      // Not an array: leave the person's text alone and show it; the Chains view already lists the problem.
      await vscode.commands.executeCommand(open);
      return;
    }
    const names = new Set(current.map((c: unknown) => (typeof c === 'object' && c !== null ? (c as { name?: unknown }).name : undefined)));
    let name = 'new-chain';
    for (let i = 2; names.has(name) && i < 1000; i++) name = `new-chain-${i}`;
    const sample = { name, region: 'us-east-1', steps: [{ roleArn: PLACEHOLDER_ROLE, externalId: 'prompt' }] };
    await config.update(
      'chains',
      [...current, sample],
      inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
    );
    d.log.info(`Added a sample chain ${name} to ${inWorkspace ? 'workspace' : 'user'} settings`);
    await vscode.commands.executeCommand(open);
    selectPlaceholder(name);
  });
}

/** Selects the new chain's placeholder ARN in the settings editor, so typing replaces it. */
function selectPlaceholder(name: string): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const text = editor.document.getText();
  const at = text.indexOf(`"${name}"`);
  const arn = at < 0 ? -1 : text.indexOf(PLACEHOLDER_ROLE, at);
  if (arn < 0) return;
  const start = editor.document.positionAt(arn);
  const end = editor.document.positionAt(arn + PLACEHOLDER_ROLE.length);
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
