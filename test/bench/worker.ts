// A measuring process: the parent forks it (with --expose-gc) and calls the tasks below over IPC. Transfers get a
// fresh worker each, so every peak-memory figure belongs to one operation.
import { serveRpc } from './rpc';
import { chainBatch, reuseSession, signIn } from './tasks/chains';
import { expandFolder, firstPage, listWholeBucket, seedListing } from './tasks/listing';
import { profiledTask } from './tasks/profiled';
import { interruptedUpload, resumedUpload } from './tasks/resume';
import { coreDownload, coreUpload, rangeStreamUpload, rawPut } from './tasks/transfers';

const tasks = { coreUpload, interruptedUpload, resumedUpload, rawPut, rangeStreamUpload, coreDownload, chainBatch, signIn, reuseSession, seedListing, firstPage, expandFolder, listWholeBucket };
serveRpc({ ...tasks, profiled: profiledTask(tasks) });
