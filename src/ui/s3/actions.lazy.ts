// Loaded on the first S3 command, drop or accepted resume offer (see ../shared/lazyCommands.ts): the commands, the
// upload path, the folder walk, the drop handling and the read-only editors' contents. The view and its listing state
// stay in the activation bundle, and everything stateful comes in through `deps`.
import type { S3CommandDeps } from './commands';
import { registerS3Commands } from './commands';
import { S3DragAndDrop } from './dragAndDrop';
import { ObjectFileSystem } from './objectFileSystem';
import { Uploader, type UploaderDeps } from './uploader';

export interface S3Actions {
  uploader: Uploader;
  dnd: S3DragAndDrop;
  documents: ObjectFileSystem;
  registerCommands(d: Omit<S3CommandDeps, 'uploader' | 'documents'>): void;
}

export function s3Actions(deps: UploaderDeps): S3Actions {
  const uploader = new Uploader(deps);
  const documents = new ObjectFileSystem(deps.sessions);
  return {
    uploader,
    dnd: new S3DragAndDrop(uploader, deps.log, deps.ui),
    documents,
    registerCommands: (d) => registerS3Commands({ ...d, uploader, documents }),
  };
}
