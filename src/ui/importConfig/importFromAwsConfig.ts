import * as vscode from 'vscode';
import { chainsFromAwsConfig, type AwsConfigImport, type RememberableExternalId } from '../../core/awsConfig';
import type { ChainConfig } from '../../core/chain';
import { splitRoleArn } from '../../core/roleArn';
import { baseLabel } from '../shared/baseLabel';
import { registerCommand } from '../shared/registerCommand';
import { rawName, toSettingsValue, type SettingsTarget } from '../settings/chainLists';
import type { FeatureDeps } from '../services';

type ChainItem = vscode.QuickPickItem & { chain?: ChainConfig };
type Clash = 'rename' | 'replace' | 'skip';

/**
 * Import from AWS Config…: reads the shared config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
 * honoured) with the SDK's loader, shows the chains found (problems below them, every one in the log), writes the
 * picked ones to user or workspace settings, resolves name clashes as the person chooses, and offers to remember
 * the profiles' fixed external_ids in SecretStorage (nothing picked unless they opt in).
 */
export function registerImportFromAwsConfig(d: FeatureDeps): void {
  registerCommand(d.context, d.log, 'roleChains.importConfig.fromAwsConfig', async () => {
    const ui = d.ui.ui;
    const loaded = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the AWS config files') }, async () =>
      (await d.loadAws()).loadAwsConfigFiles(),
    );
    const found = chainsFromAwsConfig(loaded.files);
    d.log.info(`Import from AWS config: ${found.chains.length} chain${found.chains.length === 1 ? '' : 's'} and ${found.problems.length} problem${found.problems.length === 1 ? '' : 's'} in ${loaded.configFilepath} and ${loaded.credentialsFilepath}`);
    const where = vscode.l10n.t('{0} and {1}', loaded.configFilepath, loaded.credentialsFilepath);
    const showLog = vscode.l10n.t('Show Log');
    const notImported = found.problems.length === 1 ? vscode.l10n.t('1 profile could not be imported (see the log).') : vscode.l10n.t('{0} profiles could not be imported (see the log).', found.problems.length);
    for (const p of found.problems) d.log.warn(`Import from AWS config: ${p.message}`);
    for (const n of found.notes) d.log.info(`Import from AWS config: ${n.message}`);
    if (found.chains.length === 0) {
      const only = found.problems.length === 1 ? found.problems[0] : undefined;
      const why = only ? ` ${only.message}` : found.problems.length > 0 ? ` ${notImported}` : '';
      void ui.notify('info', vscode.l10n.t('No role profiles (role_arn with source_profile) to import in {0}.{1}', where, why), showLog).then((c) => c && d.log.show());
      return;
    }

    const picked = await ui.pickMany(items(found), {
      title: found.chains.length === 1 ? vscode.l10n.t('Import from AWS Config (1 chain)') : vscode.l10n.t('Import from AWS Config ({0} chains)', found.chains.length),
      placeHolder: vscode.l10n.t('The chains to add to your settings'),
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
    const chosen = (picked ?? []).map((i) => i.chain).filter((c): c is ChainConfig => c !== undefined);
    if (chosen.length === 0) return;

    const target = await askTarget(d);
    if (!target) return;
    const lists = d.settings.chainLists;
    const list = lists.raw(target);
    const existing = new Set(list.map(rawName).filter((n): n is string => n !== undefined));
    const clashing = chosen.filter((c) => existing.has(c.name));
    let clash: Clash = 'rename';
    if (clashing.length > 0) {
      const answer = await askClash(d, clashing, target);
      if (!answer) return;
      clash = answer;
    }

    // Final names: clashes renamed with the first free -2, -3… suffix, replaced in place or skipped.
    const taken = new Set(existing);
    const finalName = new Map<string, string>();
    const next = [...list];
    let added = 0;
    let replaced = 0;
    for (const chain of chosen) {
      if (existing.has(chain.name) && clash === 'skip') continue;
      if (existing.has(chain.name) && clash === 'replace') {
        next[next.findIndex((e) => rawName(e) === chain.name)] = toSettingsValue(chain);
        await d.externalIds.rebind(chain.name, chain.name, chain.steps);
        finalName.set(chain.name, chain.name);
        replaced++;
        continue;
      }
      let name = chain.name;
      for (let i = 2; taken.has(name) && i < 1000; i++) name = `${chain.name}-${i}`;
      taken.add(name);
      next.push(toSettingsValue({ ...chain, name }));
      finalName.set(chain.name, name);
      added++;
    }
    if (added + replaced === 0) {
      void ui.notify('info', vscode.l10n.t('Nothing imported: the picked chains already exist in your {0} settings.', targetName(target)));
      return;
    }
    await lists.write(target, next);
    d.log.info(`Import from AWS config: ${added} chain${added === 1 ? '' : 's'} added${replaced > 0 ? `, ${replaced} replaced` : ''} in the ${target} settings`);

    const remembered = await offerExternalIds(d, found.rememberable, finalName, chosen);
    const first = [...finalName.values()][0];
    if (first !== undefined && target === lists.effectiveTarget()) await d.revealChain(first);

    const imported = added + replaced;
    const settingsName = targetName(target);
    let summary =
      remembered === 0
        ? imported === 1
          ? vscode.l10n.t('Imported 1 chain into your {0} settings.', settingsName)
          : vscode.l10n.t('Imported {0} chains into your {1} settings.', imported, settingsName)
        : imported === 1
          ? vscode.l10n.t('Imported 1 chain into your {0} settings and remembered {1} in SecretStorage.', settingsName, externalIds(remembered))
          : vscode.l10n.t('Imported {0} chains into your {1} settings and remembered {2} in SecretStorage.', imported, settingsName, externalIds(remembered));
    if (found.problems.length > 0) summary += ` ${notImported}`;
    if (target === 'user' && lists.effectiveTarget() === 'workspace') summary += ` ${vscode.l10n.t('This workspace defines its own chains, so they show in other windows.')}`;
    void ui.notify('info', summary, ...(found.problems.length > 0 ? [showLog] : [])).then((c) => c && d.log.show());
  });
}

/** "user" or "workspace", as the messages name the settings. */
function targetName(target: SettingsTarget): string {
  return target === 'user' ? vscode.l10n.t('user') : vscode.l10n.t('workspace');
}

function externalIds(n: number): string {
  return n === 1 ? vscode.l10n.t('1 ExternalId') : vscode.l10n.t('{0} ExternalIds', n);
}

function items(found: AwsConfigImport): ChainItem[] {
  const out: ChainItem[] = found.chains.map((chain) => {
    const notes = found.notes.filter((n) => n.chainName === chain.name).map((n) => n.message);
    const hops = chain.steps.map((s) => {
      const badges = [s.externalId === 'prompt' ? 'ExternalId' : '', s.mfaSerial ? 'MFA' : ''].filter((b) => b !== '');
      return `${splitRoleArn(s.roleArn).name}${badges.length > 0 ? ` (${badges.join(', ')})` : ''}`;
    });
    return {
      label: chain.name,
      description: `${baseLabel(chain, vscode.l10n)} → ${chain.steps.length === 1 ? vscode.l10n.t('1 step') : vscode.l10n.t('{0} steps', chain.steps.length)}${chain.region ? ` · ${chain.region}` : ''}`,
      detail: [hops.join(' → '), ...notes].join(' · '),
      picked: true,
      chain,
    };
  });
  if (found.problems.length > 0) {
    // Separators cannot be picked: the problems are visible without being choices (each is also in the log).
    out.push({ label: vscode.l10n.t('Cannot be imported ({0}, see the log)', found.problems.length), kind: vscode.QuickPickItemKind.Separator });
    for (const p of found.problems) out.push({ label: `${p.profile}: ${p.message}`, kind: vscode.QuickPickItemKind.Separator });
  }
  return out;
}

async function askTarget(d: FeatureDeps): Promise<SettingsTarget | undefined> {
  if (!d.settings.chainLists.canWriteWorkspace()) return 'user';
  const effective = d.settings.chainLists.effectiveTarget();
  const options: Array<vscode.QuickPickItem & { target: SettingsTarget }> = [
    {
      label: vscode.l10n.t('User settings'),
      description: effective === 'workspace' ? vscode.l10n.t('not shown in this workspace, which defines its own chains') : vscode.l10n.t('every window'),
      target: 'user',
    },
    { label: vscode.l10n.t('Workspace settings'), description: vscode.l10n.t('this workspace only (.vscode/settings.json)'), target: 'workspace' },
  ];
  if (effective === 'workspace') options.reverse();
  const picked = await d.ui.ui.pick(options, { title: vscode.l10n.t('Import from AWS Config: where to save the chains'), ignoreFocusOut: true });
  return picked?.target;
}

async function askClash(d: FeatureDeps, clashing: ChainConfig[], target: SettingsTarget): Promise<Clash | undefined> {
  const names = clashing.map((c) => c.name).join(', ');
  const options: Array<vscode.QuickPickItem & { clash: Clash }> = [
    { label: vscode.l10n.t('Keep both'), description: vscode.l10n.t('import as {0}-2…', clashing[0]?.name ?? ''), clash: 'rename' },
    { label: vscode.l10n.t('Replace the existing chains'), description: vscode.l10n.t("with the AWS config's version"), clash: 'replace' },
    { label: vscode.l10n.t('Skip them'), description: vscode.l10n.t('import only the others'), clash: 'skip' },
  ];
  const picked = await d.ui.ui.pick(options, {
    title:
      clashing.length === 1
        ? vscode.l10n.t('Import from AWS Config: {0} already exists in your {1} settings', names, targetName(target))
        : vscode.l10n.t('Import from AWS Config: {0} already exist in your {1} settings', names, targetName(target)),
    ignoreFocusOut: true,
  });
  return picked?.clash;
}

/** Opt-in: nothing is preselected; returns how many values were remembered. */
async function offerExternalIds(d: FeatureDeps, rememberable: RememberableExternalId[], finalName: Map<string, string>, chosen: ChainConfig[]): Promise<number> {
  const offers = rememberable.flatMap((r) => {
    const name = finalName.get(r.chainName);
    const step = chosen.find((c) => c.name === r.chainName)?.steps[r.stepIndex];
    return name !== undefined && step ? [{ r, name, roleArn: step.roleArn }] : [];
  });
  if (offers.length === 0) return 0;
  const picked = await d.ui.ui.pickMany(
    offers.map((o) => ({
      label: vscode.l10n.t('{0} · step {1}: {2}', o.name, o.r.stepIndex + 1, splitRoleArn(o.roleArn).name),
      description: vscode.l10n.t('external_id of profile {0}', o.r.profile),
      offer: o,
    })),
    {
      title: vscode.l10n.t('Remember these ExternalIds in SecretStorage?'),
      placeHolder: vscode.l10n.t('Pick the ones the chains should use without asking (none: they are asked on each run; settings never hold them)'),
      ignoreFocusOut: true,
    },
  );
  let count = 0;
  for (const p of picked ?? []) {
    await d.externalIds.remember({ chainName: p.offer.name, stepIndex: p.offer.r.stepIndex, roleArn: p.offer.roleArn }, p.offer.r.value);
    count++;
  }
  return count;
}
