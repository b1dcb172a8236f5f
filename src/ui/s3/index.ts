import * as vscode from 'vscode';
import type { Services } from '../services';
import { BucketMemory } from './bucketMemory';
import type { S3Actions } from './actions.lazy';
import { LazyDrop } from './lazyDrop';
import { LazyObjectFiles } from './lazyObjectFiles';
import { S3_SCHEME } from './objectFileSystem';
import { S3_EDIT_SCHEME } from './editableObjects';
import { ResumableUploads } from './resumableUploads';
import { ResumeOffer } from './resumeOffer';
import { LazyTree } from './lazyTree';
import type { S3TreeProvider } from './s3Tree';
import type { S3TreeParts } from './tree.lazy';
import { S3UiHolder } from './s3Ui';
import { registerLazily } from '../shared/lazyCommands';
import type { Uploads } from './uploader';

// Types only (nothing of the test-only entry reaches this bundle): the integration tests name the rows from here.
export type { S3TestingApi, S3TreeRow } from '../testing/s3Testing';

/** The S3 feature's parts the test-only entry (src/ui/testing) reads; nothing else uses them. */
export interface S3Feature {
  /** The real tree (loaded on first use). */
  tree(): Promise<S3TreeProvider>;
  ui: S3UiHolder;
  dnd: LazyDrop;
  resumable: ResumableUploads;
}

/** Registered by ./commands in the lazy bundle, stood in for until then. */
const S3_COMMANDS = [
  'roleChains.s3.refresh',
  'roleChains.s3.browseAsStep',
  'roleChains.s3.closeRoot',
  'roleChains.s3.addBucket',
  'roleChains.s3.removeBucket',
  'roleChains.s3.filter',
  'roleChains.s3.loadMore',
  'roleChains.s3.upload',
  'roleChains.s3.uploadFiles',
  'roleChains.s3.uploadFolder',
  'roleChains.s3.download',
  'roleChains.s3.delete',
  'roleChains.s3.createFolder',
  'roleChains.s3.copyUri',
  'roleChains.s3.copyPresignedUrl',
  'roleChains.s3.open',
  'roleChains.s3.edit',
  'roleChains.s3.resumeUploads',
  'roleChains.s3.cleanUpIncompleteUploads',
];

/**
 * The S3 feature: the view with drag and drop, the read-only object editors and the commands (most of it in
 * ./actions.lazy). Builds nothing that
 * loads the SDK: clients are made on first use. Returns the parts the test-only entry reads.
 */
export function registerS3(d: Services): S3Feature {
  const ui = new S3UiHolder();
  const memory = new BucketMemory(d.context.workspaceState);
  // The sessions, listing model and rows load when the view first asks for rows or a command needs them.
  let parts: Promise<S3TreeParts> | undefined;
  const loadTree = (): Promise<S3TreeParts> =>
    (parts ??= import('./tree.lazy').then((m) => {
      const loaded = m.s3Tree({ store: d.store, settings: d.settings, runner: d.runner, loadAws: d.loadAws, clock: d.clock, ui, log: d.log, memory, tick: d.tick });
      d.context.subscriptions.push(loaded.sessions, loaded.tree);
      return loaded;
    }));
  const lazyTree = new LazyTree(async () => (await loadTree()).tree);
  const resumable = new ResumableUploads(d.context.globalState);
  // The commands, the upload path, the drop handling and the editors' contents load together on first use (a command,
  // a drop, an accepted resume offer or a restored editor); they are built there, with this feature's state.
  const documents = new LazyObjectFiles(async () => (await loadActions()).documents);
  const editable = new LazyObjectFiles(async () => (await loadActions()).editable);
  let actions: Promise<S3Actions> | undefined;
  const loadActions = (): Promise<S3Actions> =>
    (actions ??= Promise.all([import('./actions.lazy'), loadTree()]).then(([m, { sessions, tree }]) => {
      const loaded = m.s3Actions({ sessions, tree, ui, memory, log: d.log, clock: d.clock, resumable, s3Endpoint: () => d.settings.endpoints.s3 });
      d.context.subscriptions.push(loaded.documents, loaded.editable);
      documents.follow(loaded.documents);
      editable.follow(loaded.editable);
      return loaded;
    }));
  const uploader: Uploads = {
    uploadToS3: async (target, uris) => (await loadActions()).uploader.uploadToS3(target, uris),
    resume: async (records) => (await loadActions()).uploader.resume(records),
  };
  const offer = new ResumeOffer({ store: d.store, resumable, uploader, ui, log: d.log });
  const dnd = new LazyDrop(async () => (await loadActions()).dnd);
  const view = vscode.window.createTreeView('roleChains.s3', { treeDataProvider: lazyTree, dragAndDropController: dnd, showCollapseAll: true });
  d.context.subscriptions.push(
    resumable,
    offer,
    lazyTree,
    view,
    documents,
    editable,
    vscode.workspace.registerFileSystemProvider(S3_SCHEME, documents, { isReadonly: true, isCaseSensitive: true }),
    vscode.workspace.registerFileSystemProvider(S3_EDIT_SCHEME, editable, { isCaseSensitive: true }),
  );
  registerLazily(
    d,
    S3_COMMANDS,
    async () => ({ actions: await loadActions(), ...(await loadTree()) }),
    ({ actions, sessions, tree }) =>
      actions.registerCommands({ context: d.context, log: d.log, settings: d.settings, clock: d.clock, sessions, tree, view, ui, memory, resumable }),
  );
  return { tree: () => lazyTree.tree(), ui, dnd, resumable };
}
