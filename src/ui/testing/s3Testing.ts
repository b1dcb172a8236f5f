import * as vscode from 'vscode';
import type { S3Feature } from '../s3';
import type { S3Node } from '../s3/nodes';
import { S3_SCHEME } from '../s3/objectFileSystem';
import type { ContainerRef, ObjectRef, RootRef } from '../s3/refs';
import type { S3Ui } from '../s3/s3Ui';

/** A row of the S3 view as the person sees it, with the payload its commands receive. */
export interface S3TreeRow {
  depth: number;
  label: string;
  description: string;
  tooltip: string;
  contextValue: string;
  /** The command a click runs, if any. */
  command?: string;
  /** What commands get from this row (root, bucket/folder, or object fields). */
  ref?: RootRef | ContainerRef | ObjectRef;
}

/** What the integration tests get for the S3 view (only when the extension host runs with ROLE_CHAINS_TESTING=1). */
export interface S3TestingApi {
  /** Every row of the S3 view, each level listed (pending loads awaited) down to `maxDepth` (default 5). */
  treeRows(options?: { maxDepth?: number }): Promise<S3TreeRow[]>;
  /** Answers dialogs, picks, confirmations and notifications of S3 commands; undefined restores VS Code's. */
  setUiForTesting(ui: Partial<S3Ui> | undefined): void;
  /** Feeds the view's drag-and-drop controller a drop on a listed bucket or folder row. */
  drop(target: ContainerRef, dataTransfer: vscode.DataTransfer): Promise<void>;
  /** The URI scheme of read-only object editors. */
  readonly documentScheme: string;
  /** Interrupted uploads remembered for *Resume*: bucket, key and acknowledged parts. */
  resumableUploads(): Array<{ uploadId: string; bucket: string; key: string; parts: number; chainName?: string }>;
}

const MAX_ROWS = 5000;

export function createS3TestingApi({ tree, ui, dnd, resumable }: S3Feature): S3TestingApi {
  const text = (value: string | vscode.MarkdownString | vscode.TreeItemLabel | boolean | undefined): string =>
    typeof value === 'string' ? value : value instanceof vscode.MarkdownString ? value.value : typeof value === 'object' ? value.label : '';
  const refOf = (node: S3Node): S3TreeRow['ref'] => {
    switch (node.kind) {
      case 'root':
        return { chainName: node.chainName, stepIndex: node.stepIndex };
      case 'bucket':
      case 'prefix':
      case 'loadMore':
        return { chainName: node.chainName, stepIndex: node.stepIndex, bucket: node.bucket, prefix: node.prefix };
      case 'object':
        return { chainName: node.chainName, stepIndex: node.stepIndex, bucket: node.bucket, key: node.key, size: node.size };
      default:
        return undefined;
    }
  };
  return {
    resumableUploads: () =>
      resumable.all().map((r) => ({ uploadId: r.uploadId, bucket: r.bucket, key: r.key, parts: r.parts.length, ...(r.chainName ? { chainName: r.chainName } : {}) })),
    async treeRows(options = {}) {
      const maxDepth = options.maxDepth ?? 5;
      const rows: S3TreeRow[] = [];
      const walk = async (nodes: S3Node[], depth: number): Promise<void> => {
        for (const node of nodes) {
          if (rows.length >= MAX_ROWS) return;
          const ref = refOf(node);
          rows.push({
            depth,
            label: text(node.label),
            description: text(node.description),
            tooltip: text(node.tooltip),
            contextValue: node.contextValue ?? '',
            ...(node.command ? { command: node.command.command } : {}),
            ...(ref ? { ref } : {}),
          });
          if (depth < maxDepth && node.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
            await walk(await (await tree()).settledChildren(node), depth + 1);
          }
        }
      };
      await walk(await (await tree()).settledChildren(), 0);
      return rows;
    },
    setUiForTesting: (partial) => ui.setOverride(partial),
    async drop(target, dataTransfer) {
      const node = (await tree()).containerNode(target);
      if (!node) throw new Error(`${target.bucket}/${target.prefix} is not a listed row of the S3 view: list its parent first`);
      await dnd.handleDrop(node, dataTransfer, new vscode.CancellationTokenSource().token);
    },
    documentScheme: S3_SCHEME,
  };
}
