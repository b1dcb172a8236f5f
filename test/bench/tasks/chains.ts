// The chain cases: the core runChain (prompts answered by code) against the same three raw AssumeRole calls, and
// the re-use of a signed-in chain, whose S3 work must send nothing to STS while the session is valid.
import { SEED } from '../../localAws';
import type { ChainConfig } from '../../../src/core/chain';
import { deserializeSession, serializeSession, type Session } from '../../../src/core/session';
import { REGION, developerCredentials, mfaCodeNow, rawThreeStepChain, sdkCredentials } from '../credentials';
import { awsBundle } from './bundle';

/** The seed's three-step chain as a person writes it in settings. */
export const THREE_STEP_CHAIN: ChainConfig = {
  name: 'three-step',
  region: REGION,
  steps: [
    { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
    { roleArn: SEED.roleB, externalId: 'prompt' },
    { roleArn: SEED.roleC, externalId: 'none' },
  ],
};

const EXTERNAL_IDS = [SEED.externalIdA, SEED.externalIdB];

function coreChain(endpoint: string): Promise<Session> {
  return awsBundle().runChain(THREE_STEP_CHAIN, {
    endpoints: { sts: endpoint },
    baseCredentials: async () => sdkCredentials(developerCredentials()),
    prompts: {
      externalId: async (ctx) => EXTERNAL_IDS[ctx.stepIndex],
      mfaCode: async () => mfaCodeNow(),
    },
  });
}

export interface ChainBatchResult {
  /** Mean wall time of one whole chain, in ms. */
  coreMs: number;
  rawMs: number;
  /** Mean CPU time of this process per chain: the client's own cost, whatever the machine's load. */
  coreCpuMs: number;
  rawCpuMs: number;
  runs: number;
}

/**
 * `runs` chains of each kind, alternating which goes first, so drift in the machine's load hits both alike.
 * One call is one sample: the mean over its runs (a single chain is a few ms, below the noise of one timing).
 */
export async function chainBatch(args: { endpoint: string; runs: number; warmup: number }): Promise<ChainBatchResult> {
  for (let i = 0; i < args.warmup; i++) {
    await coreChain(args.endpoint);
    await rawThreeStepChain(args.endpoint);
  }
  let core = 0;
  let raw = 0;
  let coreCpu = 0;
  let rawCpu = 0;
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  for (let i = 0; i < args.runs; i++) {
    const coreFirst = i % 2 === 0;
    for (const which of coreFirst ? ['core', 'raw'] : ['raw', 'core']) {
      const started = performance.now();
      const cpuStarted = cpuMs();
      if (which === 'core') {
        const session = await coreChain(args.endpoint);
        if (session.steps.length !== 3) throw new Error('the core chain returned an incomplete session');
        core += performance.now() - started;
        coreCpu += cpuMs() - cpuStarted;
      } else {
        await rawThreeStepChain(args.endpoint);
        raw += performance.now() - started;
        rawCpu += cpuMs() - cpuStarted;
      }
    }
  }
  return { coreMs: core / args.runs, rawMs: raw / args.runs, coreCpuMs: coreCpu / args.runs, rawCpuMs: rawCpu / args.runs, runs: args.runs };
}

/** The signed-in chain, serialised as the extension keeps it in SecretStorage (in this worker's memory only). */
let stored: string | undefined;

export async function signIn(args: { endpoint: string }): Promise<{ steps: number; expiresInS: number }> {
  const session = await coreChain(args.endpoint);
  stored = serializeSession(session);
  return { steps: session.steps.length, expiresInS: Math.round((session.expiresAt - Date.now()) / 1000) };
}

/** Buckets each step's role may list in the seed scenario (RoleA, RoleB, RoleC). */
const BUCKET_OF_STEP = [SEED.bucket1, SEED.bucket2, SEED.bucket1];

/**
 * Re-uses the stored session the way the S3 view does after a reload: read it back, build each step's S3 client
 * from its stored credentials, list a bucket. Returns the wall time of that and how many listings were made.
 */
export async function reuseSession(args: { endpoint: string }): Promise<{ ms: number; listings: number }> {
  const aws = awsBundle();
  if (stored === undefined) throw new Error('sign in first');
  const started = performance.now();
  const session = deserializeSession(stored);
  if (!session) throw new Error('the stored session did not read back');
  let listings = 0;
  for (const step of session.steps) {
    const client = aws.createS3ClientFor(aws.s3AccessForStep(step, { s3: args.endpoint, forcePathStyle: true, chainName: session.chainName }));
    try {
      await aws.listPage(client, { bucket: BUCKET_OF_STEP[step.index] ?? SEED.bucket1, pageSize: 100 });
      listings++;
    } finally {
      client.destroy();
    }
  }
  return { ms: performance.now() - started, listings };
}
