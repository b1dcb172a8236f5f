import * as vscode from 'vscode';
import type { ExternalIdStore } from '../../secrets/externalIdStore';
import { splitRoleArn } from '../../core/roleArn';
import type { Settings } from '../settings/settings';
import type { Log } from '../log/log';
import type { ExtrasUiHolder } from '../shared/dialogs';
import type { TypedExternalIds } from './rememberingPrompts';

export interface RememberOfferDeps {
  externalIds: ExternalIdStore;
  settings: Settings;
  ui: ExtrasUiHolder;
  log: Log;
}

/**
 * After a run that succeeded with typed ExternalIds (see ./index.ts), offers (once per chain and window, unless
 * accepted: `notNow` keeps the refusals) to remember them in SecretStorage. Only a value that just worked is offered,
 * and only for the role it was typed for.
 */
export function offerToRemember(d: RememberOfferDeps, chainName: string, typed: TypedExternalIds, notNow: Set<string>): void {
  const chain = d.settings.chain(chainName);
  if (!chain) return;
  const offers = [...typed]
    .filter(([i, t]) => chain.steps[i]?.roleArn === t.roleArn && chain.steps[i]?.externalId === 'prompt')
    .map(([stepIndex, t]) => ({ stepIndex, roleArn: t.roleArn, value: t.value, role: splitRoleArn(t.roleArn).name }));
  if (offers.length === 0) return;
  const roles = offers.map((o) => o.role).join(vscode.l10n.t(' and '));
  const message =
    offers.length === 1
      ? vscode.l10n.t(
          'Remember the ExternalId you typed for {0} ({1}) in SecretStorage? Next runs will use it without asking; Forget Remembered ExternalIds removes them.',
          roles,
          chain.name,
        )
      : vscode.l10n.t(
          'Remember the ExternalIds you typed for {0} ({1}) in SecretStorage? Next runs will use them without asking; Forget Remembered ExternalIds removes them.',
          roles,
          chain.name,
        );
  const remember = vscode.l10n.t('Remember');
  const choose = vscode.l10n.t('Choose…');
  const notNowLabel = vscode.l10n.t('Not Now');
  const actions = offers.length > 1 ? [remember, choose, notNowLabel] : [remember, notNowLabel];
  void d.ui.ui
    .notify('info', message, ...actions)
    .then(async (choice) => {
      if (choice === notNowLabel) notNow.add(chain.name);
      let chosen = choice === remember ? offers : [];
      if (choice === choose) {
        const picked = await d.ui.ui.pickMany(
          offers.map((o) => ({ label: vscode.l10n.t('Step {0}: {1}', o.stepIndex + 1, o.role), description: o.roleArn, offer: o })),
          { title: vscode.l10n.t('Remember ExternalIds of {0}', chain.name), placeHolder: vscode.l10n.t('The steps whose ExternalId SecretStorage should keep') },
        );
        chosen = picked?.map((p) => p.offer) ?? [];
      }
      for (const o of chosen) await d.externalIds.remember({ chainName: chain.name, stepIndex: o.stepIndex, roleArn: o.roleArn }, o.value);
      if (chosen.length > 0) d.log.info(`Remembered the ExternalId of ${chain.name} step${chosen.length === 1 ? '' : 's'} ${chosen.map((o) => o.stepIndex + 1).join(', ')} in SecretStorage`);
    })
    .then(undefined, (error: unknown) => d.log.error(`Could not remember the ExternalIds of ${chain.name}`, error));
}
