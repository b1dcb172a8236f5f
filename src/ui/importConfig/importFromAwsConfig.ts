import * as vscode from 'vscode';
import { chainsFromAwsConfig, type AwsConfigImport, type RememberableExternalId } from '../../core/awsConfig';
import type { ChainConfig } from '../../core/chain';
import { splitRoleArn } from '../../core/roleArn';
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
    const loaded = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the AWS config files' }, async () =>
      (await d.loadAws()).loadAwsConfigFiles(),
    );
    const found = chainsFromAwsConfig(loaded.files);
    const where = `${loaded.configFilepath} and ${loaded.credentialsFilepath}`;
    d.log.info(`Import from AWS config: ${found.chains.length} chain${found.chains.length === 1 ? '' : 's'} and ${found.problems.length} problem${found.problems.length === 1 ? '' : 's'} in ${where}`);
    for (const p of found.problems) d.log.warn(`Import from AWS config: ${p.message}`);
    for (const n of found.notes) d.log.info(`Import from AWS config: ${n.message}`);
    if (found.chains.length === 0) {
      const only = found.problems.length === 1 ? found.problems[0] : undefined;
      const why = only ? ` ${only.message}` : found.problems.length > 0 ? ` ${found.problems.length} profiles could not be imported (see the log).` : '';
      void ui.notify('info', `No role profiles (role_arn with source_profile) to import in ${where}.${why}`, 'Show Log').then((c) => c && d.log.show());
      return;
    }

    const picked = await ui.pickMany(items(found), {
      title: `Import from AWS Config (${found.chains.length} chain${found.chains.length === 1 ? '' : 's'})`,
      placeHolder: 'The chains to add to your settings',
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
      void ui.notify('info', `Nothing imported: the picked chains already exist in your ${target} settings.`);
      return;
    }
    await lists.write(target, next);
    d.log.info(`Import from AWS config: ${added} chain${added === 1 ? '' : 's'} added${replaced > 0 ? `, ${replaced} replaced` : ''} in the ${target} settings`);

    const remembered = await offerExternalIds(d, found.rememberable, finalName, chosen);
    const first = [...finalName.values()][0];
    if (first !== undefined && target === lists.effectiveTarget()) await d.revealChain(first);

    const parts = [`Imported ${added + replaced} chain${added + replaced === 1 ? '' : 's'} into your ${target} settings`];
    if (remembered > 0) parts.push(`remembered ${remembered} ExternalId${remembered === 1 ? '' : 's'} in SecretStorage`);
    let summary = parts.join(' and ') + '.';
    if (found.problems.length > 0) summary += ` ${found.problems.length} profile${found.problems.length === 1 ? '' : 's'} could not be imported (see the log).`;
    if (target === 'user' && lists.effectiveTarget() === 'workspace') summary += " This workspace defines its own chains, so they show in other windows.";
    void ui.notify('info', summary, ...(found.problems.length > 0 ? ['Show Log'] : [])).then((c) => c && d.log.show());
  });
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
      description: `${chain.sourceProfile ?? 'default credentials'} → ${chain.steps.length} step${chain.steps.length === 1 ? '' : 's'}${chain.region ? ` · ${chain.region}` : ''}`,
      detail: [hops.join(' → '), ...notes].join(' · '),
      picked: true,
      chain,
    };
  });
  if (found.problems.length > 0) {
    // Separators cannot be picked: the problems are visible without being choices (each is also in the log).
    out.push({ label: `Cannot be imported (${found.problems.length}, see the log)`, kind: vscode.QuickPickItemKind.Separator });
    for (const p of found.problems) out.push({ label: `${p.profile}: ${p.message}`, kind: vscode.QuickPickItemKind.Separator });
  }
  return out;
}

async function askTarget(d: FeatureDeps): Promise<SettingsTarget | undefined> {
  if (!d.settings.chainLists.canWriteWorkspace()) return 'user';
  const effective = d.settings.chainLists.effectiveTarget();
  const options: Array<vscode.QuickPickItem & { target: SettingsTarget }> = [
    {
      label: 'User settings',
      description: effective === 'workspace' ? 'not shown in this workspace, which defines its own chains' : 'every window',
      target: 'user',
    },
    { label: 'Workspace settings', description: 'this workspace only (.vscode/settings.json)', target: 'workspace' },
  ];
  if (effective === 'workspace') options.reverse();
  const picked = await d.ui.ui.pick(options, { title: 'Import from AWS Config: where to save the chains', ignoreFocusOut: true });
  return picked?.target;
}

async function askClash(d: FeatureDeps, clashing: ChainConfig[], target: SettingsTarget): Promise<Clash | undefined> {
  const names = clashing.map((c) => c.name).join(', ');
  const options: Array<vscode.QuickPickItem & { clash: Clash }> = [
    { label: 'Keep both', description: `import as ${clashing[0]?.name}-2…`, clash: 'rename' },
    { label: 'Replace the existing chains', description: `with the AWS config's version`, clash: 'replace' },
    { label: 'Skip them', description: 'import only the others', clash: 'skip' },
  ];
  const picked = await d.ui.ui.pick(options, {
    title: `Import from AWS Config: ${names} already exist${clashing.length === 1 ? 's' : ''} in your ${target} settings`,
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
      label: `${o.name} · step ${o.r.stepIndex + 1}: ${splitRoleArn(o.roleArn).name}`,
      description: `external_id of profile ${o.r.profile}`,
      offer: o,
    })),
    {
      title: 'Remember these ExternalIds in SecretStorage?',
      placeHolder: 'Pick the ones the chains should use without asking (none: they are asked on each run; settings never hold them)',
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
