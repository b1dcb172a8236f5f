// The resume case's two halves, in one worker so the engine's resume store lives between them: an upload the
// parent cuts off part-way (its connection dropped and refused), then the same upload resumed.
import { stat } from 'node:fs/promises';
import { awsBundle, coreS3Client, type S3Target } from './bundle';

export interface ResumeArgs extends S3Target {
  bucket: string;
  file: string;
  key: string;
  /** Requests in flight for the first attempt: few enough that the cut lands between parts of one file. */
  maxRequests?: number;
}

type Store = InstanceType<ReturnType<typeof awsBundle>['MemoryResumeStore']>;
let store: Store | undefined;

/** The first attempt: returns once the engine gave up (the parent cut the link), with what it kept. */
export async function interruptedUpload(args: ResumeArgs): Promise<{ resumable: boolean; keptParts: number; partSize: number }> {
  const aws = awsBundle();
  store = new aws.MemoryResumeStore();
  const client = coreS3Client(args);
  try {
    const size = (await stat(args.file)).size;
    const out = await aws.uploadBatch({
      client,
      bucket: args.bucket,
      items: [{ localPath: args.file, key: args.key, size }],
      sse: { mode: 'AES256' },
      resume: store,
      ...(args.maxRequests ? { maxRequests: args.maxRequests } : {}),
    });
    const record = [...store.records.values()][0];
    return { resumable: out.failed[0]?.resumable === true, keptParts: record?.parts.length ?? 0, partSize: record?.partSize ?? 0 };
  } finally {
    client.destroy();
  }
}

/** The second attempt, from what the first kept: the bytes it found already uploaded, and its time. */
export async function resumedUpload(args: ResumeArgs): Promise<{ ms: number; resumedBytes: number; size: number }> {
  const aws = awsBundle();
  if (!store) throw new Error('resumedUpload needs interruptedUpload first, in the same worker');
  const client = coreS3Client(args);
  try {
    const size = (await stat(args.file)).size;
    const start = performance.now();
    const out = await aws.uploadBatch({ client, bucket: args.bucket, items: [{ localPath: args.file, key: args.key, size }], sse: { mode: 'AES256' }, resume: store });
    const ms = performance.now() - start;
    const done = out.uploaded[0];
    if (!done) throw new Error(`the resumed upload failed: ${out.failed[0]?.reason ?? 'no result'}`);
    return { ms, resumedBytes: done.resumedBytes, size };
  } finally {
    client.destroy();
  }
}
