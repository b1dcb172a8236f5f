// Pieces the transfer cases share: the fixtures (made once per run), fresh-worker transfers, awscli timings and
// the engine defaults the memory bound is computed from.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { partSizeFor } from '../../../src/core/s3Math';
import type { BenchContext } from '../context';
import { writeFolder, writeRandomFile } from '../fixtures';
import { series, type CommandReference } from '../stats';
import { TRANSFER_BUCKET } from '../scenario';
import { busyShare, describeSpots, hotSpots } from '../cpuProfile';
import type { DownloadArgs, TransferResult, UploadArgs } from '../tasks/transfers';
import { readableBuild } from '../packaging';
import { profiledTask, withWorker } from '../workers';

export const BUCKET = TRANSFER_BUCKET;
/** uploadBatch's default requests in flight for a batch (DEFAULT_MAX_REQUESTS in src/core/aws/s3/upload.ts). */
export const ENGINE_MAX_REQUESTS = 16;
export const enginePartSize = (fileSize: number): number => partSizeFor(fileSize);

export async function largeFile(ctx: BenchContext): Promise<string> {
  const file = path.join(ctx.tmp, 'fixtures', 'large.bin');
  if (!existsSync(file)) await writeRandomFile(file, ctx.config.largeFileBytes);
  return file;
}

/** The folder to upload; its name becomes the first key segment under the upload prefix. */
export async function smallFilesFolder(ctx: BenchContext): Promise<string> {
  const dir = path.join(ctx.tmp, 'fixtures', 'folder');
  if (!existsSync(dir)) await writeFolder(dir, ctx.config.folderFiles, ctx.config.folderFileBytes);
  return dir;
}

/**
 * What awscli's fixed cost is measured with: one byte, as a file (`aws s3 cp` of one object) and as a folder
 * holding that file (`--recursive`), so the fixed-cost command has the same shape as the timed one.
 */
export async function oneByteFixtures(ctx: BenchContext): Promise<{ file: string; dir: string }> {
  const file = path.join(ctx.tmp, 'fixtures', 'one-byte.bin');
  const dir = path.join(ctx.tmp, 'fixtures', 'one-file');
  if (!existsSync(file)) await writeRandomFile(file, 1);
  if (!existsSync(dir)) await writeFolder(dir, 1, 1);
  return { file, dir };
}

/** `aws s3 cp` up, with the flags every upload case gives it (the fixed-cost sample uses the same). */
export function awsUpload(local: string, key: string, recursive = false): string[] {
  return ['s3', 'cp', ...(recursive ? ['--recursive'] : []), local, s3Url(key), '--sse', 'AES256', '--only-show-errors'];
}

/** `aws s3 cp` down, likewise. */
export function awsDownload(key: string, local: string, recursive = false): string[] {
  return ['s3', 'cp', ...(recursive ? ['--recursive'] : []), s3Url(key), local, '--only-show-errors'];
}

/** The command's samples and its fixed-cost samples from the same rotation, as a row's reference. */
export function commandReference(label: string, command: readonly number[], fixed: readonly number[]): CommandReference {
  return { command: series(label, 'ms', command), fixed: series(`${label} of one byte (fixed cost)`, 'ms', fixed) };
}

/** Transfer-only reference ÷ `oursMs` (medians), for the analysis sentences about variant rows. */
export function transferOnly(ref: CommandReference, oursMs: number): string {
  return ((ref.command.summary.median - ref.fixed.summary.median) / oursMs).toFixed(2);
}

/** The order of the tools in repetition `rep`: rotated, so machine drift does not always favour the same one. */
export function rotate<T>(items: readonly T[], rep: number): T[] {
  const k = rep % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export function coreUploadIn(ctx: BenchContext, args: Omit<UploadArgs, keyof BenchContext['target'] | 'bucket'>): Promise<TransferResult> {
  return withWorker(ctx.pkg.distDir, (w) => w.call<TransferResult>('coreUpload', { ...ctx.target, bucket: BUCKET, ...args }));
}

export function coreDownloadIn(ctx: BenchContext, args: Omit<DownloadArgs, keyof BenchContext['target'] | 'bucket'>): Promise<TransferResult> {
  return withWorker(ctx.pkg.distDir, (w) => w.call<TransferResult>('coreDownload', { ...ctx.target, bucket: BUCKET, ...args }));
}

export const s3Url = (key: string): string => `s3://${BUCKET}/${key}`;

/** The parts in flight that the prototype and the engine-parameter rows try (awscli uses 10). */
export const WIDER_QUEUE = 8;

/**
 * One extra, untimed run of a worker task under the CPU profiler, with an unminified build of the same sources so
 * the profile names functions: where its busy time went.
 */
export async function whereTimeGoes(ctx: BenchContext, name: string, task: string, args: unknown): Promise<{ busy: number; text: string }> {
  const readable = await readableBuild(ctx.pkg, ctx.tmp);
  const file = path.join(ctx.tmp, 'profiles', `${name}.cpuprofile`);
  await mkdir(path.dirname(file), { recursive: true });
  await profiledTask(path.join(readable, 'dist'), task, args, file);
  const busy = busyShare(file);
  return { busy, text: `the client was busy ${Math.round(busy * 100)}% of the run; its busy time went to ${describeSpots(hotSpots(file))}` };
}

/** Runs `work` and says how much CPU the endpoint spent meanwhile (its requests' share of the wall time). */
export async function withEndpointCpu<T>(ctx: BenchContext, work: () => Promise<T>): Promise<{ result: T; endpointCpuMs: number }> {
  const before = await ctx.endpoint.cpuMs();
  const result = await work();
  return { result, endpointCpuMs: (await ctx.endpoint.cpuMs()) - before };
}

/** A sentence comparing the endpoint's CPU with the wall time of both tools (medians). */
export function endpointShare(coreWallMs: number, coreEndpointMs: number, cliWallMs: number, cliEndpointMs: number): string {
  const pct = (part: number, whole: number): string => `${Math.round((100 * part) / whole)}%`;
  return (
    `The endpoint process (one Node thread verifying SigV4 and storing or serving every request) used ${(coreEndpointMs / 1000).toFixed(2)} s of CPU per core run ` +
    `(${pct(coreEndpointMs, coreWallMs)} of its wall time) and ${(cliEndpointMs / 1000).toFixed(2)} s per awscli run (${pct(cliEndpointMs, cliWallMs)})`
  );
}
