import * as vscode from 'vscode';
import type { Log } from '../log/log';
import { registerCommand } from '../shared/registerCommand';

/** Open Settings: the user settings.json at roleChains.chains (the Settings editor if that reveal is unavailable). */
export function registerOpenSettings(context: vscode.ExtensionContext, log: Log): void {
  registerCommand(context, log, 'roleChains.settings.open', async () => {
    try {
      await vscode.commands.executeCommand('workbench.action.openSettingsJson', {
        revealSetting: { key: 'roleChains.chains' },
      });
    } catch (error) {
      log.debug(`openSettingsJson with revealSetting failed, opening the Settings editor: ${String(error)}`);
      await vscode.commands.executeCommand('workbench.action.openSettings', 'roleChains');
    }
  });
}
