import * as vscode from 'vscode';
import { s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { asContainerRef } from '../refs';
import type { S3CommandDeps } from './deps';
import { validatePrefix } from './pick';

/** Filter by Prefix…: a bucket or folder lists only keys starting with the text (empty clears the filter). */
export function registerFilter(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.filter', async (arg?: unknown) => {
    const ref = asContainerRef(arg);
    if (!ref) return;
    const filter = await d.ui.ui.showInputBox({
      title: vscode.l10n.t('Filter {0}', s3Uri(ref.bucket, ref.prefix)),
      prompt: vscode.l10n.t('Show only keys that start with this text (empty: show everything)'),
      value: d.tree.filterOf(ref) ?? '',
      placeHolder: 'report-2025',
      validateInput: (v) => (v.startsWith('/') ? vscode.l10n.t('The filter continues the folder\'s path: leave out the leading "/".') : validatePrefix(ref.prefix + v)),
    });
    if (filter === undefined) return;
    d.tree.setFilter(ref, filter);
  });
}
