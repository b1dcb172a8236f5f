import * as vscode from 'vscode';
import type { Services } from '../services';
import { BucketMemory } from './bucketMemory';
import { registerS3Commands } from './commands';
import { S3DragAndDrop } from './dragAndDrop';
import { ObjectFileSystem, S3_SCHEME } from './objectFileSystem';
import { ResumableUploads } from './resumableUploads';
import { ResumeOffer } from './resumeOffer';
import { S3Sessions } from './s3Sessions';
import { S3TreeProvider } from './s3Tree';
import { S3UiHolder } from './s3Ui';
import { Uploader } from './uploader';

// Types only (nothing of the test-only entry reaches this bundle): the integration tests name the rows from here.
export type { S3TestingApi, S3TreeRow } from '../testing/s3Testing';

/** The S3 feature's parts the test-only entry (src/ui/testing) reads; nothing else uses them. */
export interface S3Feature {
  tree: S3TreeProvider;
  ui: S3UiHolder;
  dnd: S3DragAndDrop;
  resumable: ResumableUploads;
}

/**
 * The S3 feature: the view with drag and drop, the read-only object editors and the commands. Builds nothing that
 * loads the SDK: clients are made on first use. Returns the parts the test-only entry reads.
 */
export function registerS3(d: Services): S3Feature {
  const ui = new S3UiHolder();
  const memory = new BucketMemory(d.context.workspaceState);
  const sessions = new S3Sessions({ store: d.store, settings: d.settings, runner: d.runner, loadAws: d.loadAws, clock: d.clock, ui, log: d.log });
  const tree = new S3TreeProvider({ sessions, store: d.store, settings: d.settings, runner: d.runner, memory, log: d.log, clock: d.clock, tick: d.tick });
  const resumable = new ResumableUploads(d.context.globalState);
  const uploader = new Uploader({ sessions, tree, ui, memory, log: d.log, clock: d.clock, resumable });
  const offer = new ResumeOffer({ store: d.store, resumable, uploader, ui, log: d.log });
  const dnd = new S3DragAndDrop(uploader, d.log, ui);
  const view = vscode.window.createTreeView('roleChains.s3', { treeDataProvider: tree, dragAndDropController: dnd, showCollapseAll: true });
  const documents = new ObjectFileSystem(sessions);
  d.context.subscriptions.push(
    resumable,
    offer,
    sessions,
    tree,
    view,
    documents,
    vscode.workspace.registerFileSystemProvider(S3_SCHEME, documents, { isReadonly: true, isCaseSensitive: true }),
  );
  registerS3Commands({ context: d.context, log: d.log, settings: d.settings, clock: d.clock, sessions, tree, view, ui, memory, uploader, documents, resumable });
  return { tree, ui, dnd, resumable };
}
