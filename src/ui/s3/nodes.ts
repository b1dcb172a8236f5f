import * as vscode from 'vscode';
import type { ObjectSummary } from '../../core/aws';
import { displayName, s3Uri } from '../../core/s3Keys';
import type { Session, StepSession } from '../../core/session';
import { displayTimeLeft } from '../../core/session';
import { splitRoleArn } from '../../core/roleArn';
import { formatBytes, formatDate, objectIconId } from './format';
import type { BucketSource } from './listingModel';
import { rootLabel, type ContainerRef, type ObjectRef, type RootRef } from './refs';
import { stepWord } from './stepWord';

export type S3Node = S3RootNode | BucketNode | PrefixNode | ObjectNode | LoadMoreNode | MessageNode;
export type ContainerNode = BucketNode | PrefixNode;

function nodeId(kind: string, parts: Array<string | number>): string {
  return `s3:${kind}:${JSON.stringify(parts)}`;
}

/** A session step to browse: a signed-in chain's final step, or a step opened with Browse S3 as This Step. */
export class S3RootNode extends vscode.TreeItem implements RootRef {
  readonly kind = 'root';
  readonly chainName: string;
  readonly stepIndex: number;

  constructor(
    ref: RootRef,
    readonly isFinal: boolean,
  ) {
    super(rootLabel(ref, isFinal, stepWord), vscode.TreeItemCollapsibleState.Expanded);
    this.chainName = ref.chainName;
    this.stepIndex = ref.stepIndex;
    this.id = nodeId('root', [ref.chainName, ref.stepIndex]);
  }

  /** Shows the step's identity and time left, or that the session is gone. */
  update(live: { session: Session; step: StepSession } | undefined, expired: boolean, now: number): void {
    const md = new vscode.MarkdownString();
    if (live) {
      const { account, name } = splitRoleArn(live.step.roleArn);
      this.contextValue = this.isFinal ? 's3Root' : 's3Root.step';
      this.description = vscode.l10n.t('{0} · {1} · {2} left', name, account, displayTimeLeft(live.session.expiresAt, now));
      this.iconPath = new vscode.ThemeIcon('cloud');
      md.appendMarkdown(`**${escape(this.chainName)}** · ${vscode.l10n.t('step {0}/{1}', this.stepIndex + 1, live.session.steps.length)}\n\n`);
      md.appendText(`${vscode.l10n.t('Identity: {0}', live.step.assumedRoleArn)}\n\n${vscode.l10n.t('Region: {0}', live.step.region)}\n\n`);
      md.appendText(vscode.l10n.t('Session ends {0}', new Date(live.session.expiresAt).toLocaleTimeString()));
    } else {
      this.contextValue = 's3Root.signedOut';
      this.description = expired ? vscode.l10n.t('session expired · run again') : vscode.l10n.t('not signed in');
      this.iconPath = new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground'));
      md.appendText(
        expired
          ? vscode.l10n.t('{0}: the session expired. Run the chain to browse S3 again.', this.chainName)
          : vscode.l10n.t('{0}: not signed in. Run the chain to browse S3 again.', this.chainName),
      );
    }
    this.tooltip = md;
  }
}

/** Shared by bucket and folder rows: the filter shows in the description. */
function filterText(filter: string | undefined): string {
  return filter ? `filter: ${filter}*` : '';
}

export class BucketNode extends vscode.TreeItem implements ContainerRef {
  readonly kind = 'bucket';
  readonly chainName: string;
  readonly stepIndex: number;
  readonly prefix = '';

  constructor(
    readonly parent: S3RootNode,
    readonly bucket: string,
    readonly source: BucketSource,
    filter: string | undefined,
  ) {
    super(bucket, vscode.TreeItemCollapsibleState.Collapsed);
    this.chainName = parent.chainName;
    this.stepIndex = parent.stepIndex;
    this.id = nodeId('bucket', [parent.chainName, parent.stepIndex, bucket]);
    this.contextValue = source === 'added' ? 's3Bucket.added' : 's3Bucket';
    this.iconPath = new vscode.ThemeIcon('database');
    this.setFilter(filter);
    const why = {
      listed: vscode.l10n.t('Listed by S3.'),
      pinned: vscode.l10n.t("Pinned by the chain's s3.buckets setting."),
      added: vscode.l10n.t('Added by name in this workspace.'),
    }[source];
    this.tooltip = new vscode.MarkdownString().appendText(`${s3Uri(bucket)}\n\n${why}`);
  }

  setFilter(filter: string | undefined): void {
    const source = this.source === 'listed' ? '' : this.source;
    this.description = [source, filterText(filter)].filter(Boolean).join(' · ');
  }
}

export class PrefixNode extends vscode.TreeItem implements ContainerRef {
  readonly kind = 'prefix';
  readonly chainName: string;
  readonly stepIndex: number;
  readonly bucket: string;

  constructor(
    readonly parent: ContainerNode,
    readonly prefix: string,
    filter: string | undefined,
  ) {
    super(displayName(prefix), vscode.TreeItemCollapsibleState.Collapsed);
    this.chainName = parent.chainName;
    this.stepIndex = parent.stepIndex;
    this.bucket = parent.bucket;
    this.id = nodeId('prefix', [this.chainName, this.stepIndex, this.bucket, prefix]);
    this.contextValue = 's3Prefix';
    this.iconPath = vscode.ThemeIcon.Folder;
    this.tooltip = s3Uri(this.bucket, prefix);
    this.setFilter(filter);
  }

  setFilter(filter: string | undefined): void {
    this.description = filterText(filter);
  }
}

export class ObjectNode extends vscode.TreeItem implements ObjectRef {
  readonly kind = 'object';
  readonly chainName: string;
  readonly stepIndex: number;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;

  constructor(
    readonly parent: ContainerNode,
    object: ObjectSummary,
  ) {
    super(displayName(object.key), vscode.TreeItemCollapsibleState.None);
    this.chainName = parent.chainName;
    this.stepIndex = parent.stepIndex;
    this.bucket = parent.bucket;
    this.key = object.key;
    this.size = object.size;
    this.id = nodeId('object', [this.chainName, this.stepIndex, this.bucket, object.key]);
    this.contextValue = 's3Object';
    this.iconPath = new vscode.ThemeIcon(objectIconId(object.key));
    const when = object.lastModified !== undefined ? formatDate(object.lastModified) : undefined;
    this.description = [formatBytes(object.size), when].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString();
    md.appendText(`${s3Uri(this.bucket, object.key)}\n\n`);
    md.appendText(`Size: ${formatBytes(object.size)} (${object.size.toLocaleString('en-US')} bytes)\n\n`);
    if (object.lastModified !== undefined) md.appendText(`${vscode.l10n.t('Last modified: {0}', new Date(object.lastModified).toLocaleString())}\n\n`);
    if (object.storageClass) md.appendText(`${vscode.l10n.t('Storage class: {0}', object.storageClass)}\n\n`);
    if (object.etag) md.appendText(`ETag: ${object.etag}`);
    this.tooltip = md;
  }
}

/** The row after a truncated page: click to list the next one. */
export class LoadMoreNode extends vscode.TreeItem implements ContainerRef {
  readonly kind = 'loadMore';
  readonly chainName: string;
  readonly stepIndex: number;
  readonly bucket: string;
  readonly prefix: string;

  constructor(
    readonly parent: ContainerNode,
    shown: number,
    loading: boolean,
  ) {
    super(loading ? vscode.l10n.t('Loading more…') : vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    this.chainName = parent.chainName;
    this.stepIndex = parent.stepIndex;
    this.bucket = parent.bucket;
    this.prefix = parent.prefix;
    this.id = nodeId('loadMore', [this.chainName, this.stepIndex, this.bucket, this.prefix]);
    this.contextValue = 's3LoadMore';
    this.description = vscode.l10n.t('{0} shown', shown.toLocaleString('en-US'));
    this.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : 'fold-down');
    if (!loading) {
      const ref: ContainerRef = { chainName: this.chainName, stepIndex: this.stepIndex, bucket: this.bucket, prefix: this.prefix };
      this.command = { command: 'roleChains.s3.loadMore', title: vscode.l10n.t('Load More'), arguments: [ref] };
    }
  }
}

export type MessageKind = 'loading' | 'error' | 'empty' | 'denied' | 'signedOut';

const MESSAGE_ICONS: Record<MessageKind, vscode.ThemeIcon> = {
  loading: new vscode.ThemeIcon('loading~spin'),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  empty: new vscode.ThemeIcon('info'),
  denied: new vscode.ThemeIcon('lock', new vscode.ThemeColor('list.warningForeground')),
  signedOut: new vscode.ThemeIcon('play'),
};

/** A state shown as a row: loading, an error (click to retry), empty, listing denied, signed out. */
export class MessageNode extends vscode.TreeItem {
  readonly kind = 'message';

  constructor(
    readonly parent: S3RootNode | ContainerNode,
    readonly messageKind: MessageKind,
    label: string,
    detail: string,
    command?: vscode.Command,
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    const container = parent.kind === 'root' ? [] : [parent.bucket, parent.prefix];
    this.id = nodeId(`message.${messageKind}`, [parent.chainName, parent.stepIndex, ...container]);
    this.contextValue = 's3Message';
    this.description = detail;
    this.tooltip = detail ? `${label}\n\n${detail}` : label;
    this.iconPath = MESSAGE_ICONS[messageKind];
    if (command) this.command = command;
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
