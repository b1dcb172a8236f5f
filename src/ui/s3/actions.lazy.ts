// Loaded on the first S3 command, drop or accepted resume offer (see ../shared/lazyCommands.ts): the commands, the
// upload path, the folder walk, the drop handling, the read-only editors' contents and
// the Edit editors' conditional saves. The view and its listing state
// stay in the activation bundle, and everything stateful comes in through `deps`.
import type { S3CommandDeps } from './commands';
import { registerS3Commands } from './commands';
import { S3DragAndDrop } from './dragAndDrop';
import { EditableObjects } from './editableObjects';
import { ObjectFileSystem } from './objectFileSystem';
import { Uploader, type UploaderDeps } from './uploader';

export interface S3Actions {
  uploader: Uploader;
  dnd: S3DragAndDrop;
  documents: ObjectFileSystem;
  /** The Edit editors' contents: saves conditional on the version read. */
  editable: EditableObjects;
  registerCommands(d: Omit<S3CommandDeps, 'uploader' | 'documents' | 'editable'>): void;
}

export function s3Actions(deps: UploaderDeps & { s3Endpoint: () => string | undefined }): S3Actions {
  const uploader = new Uploader(deps);
  const documents = new ObjectFileSystem(deps.sessions);
  const editable = new EditableObjects({ sessions: deps.sessions, ui: deps.ui, log: deps.log, documents, s3Endpoint: deps.s3Endpoint });
  return {
    uploader,
    dnd: new S3DragAndDrop(uploader, deps.log, deps.ui),
    documents,
    editable,
    registerCommands: (d) => registerS3Commands({ ...d, uploader, documents, editable }),
  };
}
