import * as vscode from 'vscode';
import { isRoleSessionProfile } from '../../core/awsProfiles';
import { renderCloudFormation } from '../../core/policies/cloudFormation';
import { renderIamJson } from '../../core/policies/iamJson';
import { generatePolicies, parseBasePrincipal } from '../../core/policies/model';
import { registerCommand } from '../shared/registerCommand';
import type { FeatureDeps } from '../services';
import { chainArg } from '../shared/pickChain';
import { loadProfiles } from '../shared/profiles';

/**
 * Generate IAM Policies for Chain: asks who starts the chain (optional), then opens one untitled CloudFormation YAML
 * document per account run of steps (in deployment order) and offers the same policies as plain IAM JSON.
 * Nothing is written to disk and no ExternalId appears: it is a NoEcho parameter (a placeholder in the JSON).
 */
export function registerGeneratePolicies(d: FeatureDeps): void {
  registerCommand(d.context, d.log, 'roleChains.policies.generate', async (arg?: unknown) => {
    const chain = await chainArg(d, arg, vscode.l10n.t('Generate IAM Policies for Chain'));
    if (!chain) return;
    const base = await d.ui.ui.input({
      title: vscode.l10n.t('IAM policies for {0}: who starts the chain?', chain.name),
      prompt: vscode.l10n.t(
        'The user or role whose credentials run step 1: its ARN, an assumed-role ARN as Who Am I shows it, or a 12-digit account id. Empty: a template parameter to fill in.',
      ),
      placeHolder: vscode.l10n.t('arn:aws:iam::111111111111:user/alice (optional)'),
      ignoreFocusOut: true,
      validateInput: (v) => {
        if (v.trim() === '') return undefined;
        const parsed = parseBasePrincipal(v);
        return typeof parsed === 'string' ? parsed : undefined;
      },
    });
    if (base === undefined) return;
    // An Identity Center base, or an SSO, role_arn or credential_source base profile, hands out role sessions: step 1
    // is then role chaining.
    const profiles = chain.sourceProfile === undefined ? undefined : await loadProfiles(d);
    const baseIsRoleSession = chain.sso !== undefined || isRoleSessionProfile(profiles?.find((p) => p.name === chain.sourceProfile)?.kind);
    const generated = generatePolicies(chain, { ...(base.trim() === '' ? {} : { basePrincipalArn: base.trim() }), baseIsRoleSession });
    const templates = renderCloudFormation(generated);
    for (const template of templates) {
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: template.yaml });
      await vscode.window.showTextDocument(doc, { preview: false });
    }
    d.log.info(`Generated ${templates.length} CloudFormation template${templates.length === 1 ? '' : 's'} for ${chain.name}: ${templates.map((t) => t.fileName).join(', ')}`);
    const message =
      templates.length === 1
        ? vscode.l10n.t('Generated a CloudFormation template for {0}.', chain.name)
        : vscode.l10n.t('Generated {0} CloudFormation templates (one per account, deploy in order) for {1}.', templates.length, chain.name);
    void d.ui.ui.notify('info', message, vscode.l10n.t('Open IAM JSON')).then(async (choice) => {
      if (!choice) return;
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: renderIamJson(generated) });
      await vscode.window.showTextDocument(doc, { preview: false });
    });
  });
}
