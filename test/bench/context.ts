// What every case gets from the runner: the run's settings, its temporary folder, the packaged extension, the
// endpoint (in its own process), a RoleA session for the transfers and awscli set up with it.
import type { AwsCli } from './awsCli';
import type { BenchConfig } from './config';
import type { TempCredentials } from './credentials';
import type { BenchEndpoint } from './endpoint';
import type { PackagedExtension } from './packaging';
import type { Row } from './stats';
import type { S3Target } from './tasks/bundle';

export interface BenchContext {
  config: BenchConfig;
  /** This run's temporary folder (removed at the end). */
  tmp: string;
  pkg: PackagedExtension;
  endpoint: BenchEndpoint;
  roleA: TempCredentials;
  cli: AwsCli;
  /** The transfer cases' S3 target: the endpoint as RoleA. */
  target: S3Target;
  log(line: string): void;
}

export interface CaseOutput {
  rows: Row[];
  /** Facts worth reading next to the rows: set-up times, what a miss is down to. */
  notes: string[];
  /** Set when the case chose not to run (e.g. quick mode without an installed editor). */
  skipped?: string;
  /** For each missed goal: what limits it (from this run's numbers and profiles) and what would close the gap. */
  analysis?: string[];
}

export interface BenchCase {
  /** Short id for --only, e.g. "upload". */
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<CaseOutput>;
}
