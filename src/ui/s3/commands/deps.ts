import type * as vscode from 'vscode';
import type { Clock } from '../../../core/clock';
import type { Settings } from '../../settings/settings';
import type { Log } from '../../log/log';
import type { BucketMemory } from '../bucketMemory';
import type { S3Node } from '../nodes';
import type { EditableObjects } from '../editableObjects';
import type { ObjectFileSystem } from '../objectFileSystem';
import type { ResumableUploads } from '../resumableUploads';
import type { S3Sessions } from '../s3Sessions';
import type { S3TreeProvider } from '../s3Tree';
import type { S3UiHolder } from '../s3Ui';
import type { Uploads } from '../uploader';

/** Everything the S3 commands use, passed in so each command can be exercised on its own. */
export interface S3CommandDeps {
  context: vscode.ExtensionContext;
  log: Log;
  settings: Settings;
  clock: Clock;
  sessions: S3Sessions;
  tree: S3TreeProvider;
  view: vscode.TreeView<S3Node>;
  ui: S3UiHolder;
  memory: BucketMemory;
  uploader: Uploads;
  documents: ObjectFileSystem;
  editable: EditableObjects;
  resumable: ResumableUploads;
}
