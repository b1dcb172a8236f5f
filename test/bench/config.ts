// What one run measures: the full run (≥ 5 repetitions, the sizes) or the quick mode CI runs so the
// benchmarks cannot rot (one repetition, small sizes).
import type { Faults } from '../localAws';

const MiB = 1024 * 1024;
const KiB = 1024;

export interface BenchConfig {
  quick: boolean;
  /** Repetitions of each transfer, listing and activation measurement. */
  reps: number;
  /** Fresh `node` processes timing `require(dist/aws.js)`. */
  requireReps: number;
  largeFileBytes: number;
  /** The upload case's second file, to show memory does not grow with size (full mode only: it takes minutes). */
  hugeFileBytes?: number;
  folderFiles: number;
  folderFileBytes: number;
  listingFolders: number;
  listingPerFolder: number;
  /** Chain case: samples, each the mean of `chainRunsPerSample` chains of either kind. */
  chainSamples: number;
  chainRunsPerSample: number;
  chainWarmup: number;
  /** Re-uses of the signed-in chain whose STS requests are counted. */
  reuseReps: number;
  /** The endpoint's WAN model for case 5. */
  wan: Faults;
  /** Parallel CopyObject requests seeding the listing bucket. */
  seedConcurrency: number;
}

/** 20 ms before each response, 25 MB/s per connection: a good office link to a nearby region. */
const WAN: Faults = { latencyMs: 20, bandwidthBytesPerSec: 25_000_000 };

export function benchConfig(quick: boolean): BenchConfig {
  return quick
    ? {
        quick,
        reps: 1,
        requireReps: 1,
        largeFileBytes: 24 * MiB,
        folderFiles: 100,
        folderFileBytes: 10 * KiB,
        listingFolders: 2,
        listingPerFolder: 1_000,
        chainSamples: 1,
        chainRunsPerSample: 5,
        chainWarmup: 1,
        reuseReps: 1,
        wan: WAN,
        seedConcurrency: 16,
      }
    : {
        quick,
        reps: 5,
        requireReps: 10,
        largeFileBytes: 200 * MiB,
        hugeFileBytes: 1024 * MiB,
        folderFiles: 1_000,
        folderFileBytes: 10 * KiB,
        listingFolders: 10,
        listingPerFolder: 10_000,
        chainSamples: 10,
        chainRunsPerSample: 20,
        chainWarmup: 5,
        reuseReps: 5,
        wan: WAN,
        seedConcurrency: 32,
      };
}
