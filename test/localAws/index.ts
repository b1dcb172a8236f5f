// Starts the local AWS endpoint in-process: STS, S3 and IAM Identity Center (SSO) on a free 127.0.0.1 port, with
// an adjustable clock, injectable faults, a request log and a temporary data directory that stop() removes.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfig } from './config';
import { FaultState, ThrottleStream } from './faults';
import { IdentityCenter } from './identityCenter';
import { IdentityStore } from './identities';
import { RequestLog } from './requestLog';
import { createS3Service } from './s3';
import { seedScenario } from './scenario';
import { createRequestHandler } from './server';
import { SigV4Verifier } from './sigv4';
import { StsService } from './sts';
import { totpCode } from './totp';
import type { Clock, LocalAws, SeenSecret, ServiceContext, StartOptions } from './types';

export type * from './types';
export { annotateRequest, type LogAnnotation } from './requestLog';
export { checkConfig, loadConfigFile } from './config';
export { SEED, seedScenario } from './scenario';
export { msUntilNextStep, totpCode, verifyTotp, TOTP_STEP_MS } from './totp';

/** Starts an endpoint; resolves once it listens. Call stop() when done (it also removes the data directory). */
export async function startLocalAws(options: StartOptions = {}): Promise<LocalAws> {
  const config = options.config ?? seedScenario();
  const problem = checkConfig(config);
  if (problem) throw new Error(`The local AWS scenario is not usable: ${problem}.`);

  let offsetMs = 0;
  const clock: Clock = options.clock ?? { now: () => Date.now() + offsetMs };
  const faults = new FaultState(options.faults);
  const log = new RequestLog(clock);
  const secrets = new Map<string, SeenSecret>();
  const recordSecret = (secret: SeenSecret): void => {
    if (secret.value !== '') secrets.set(`${secret.kind}\n${secret.value}`, { ...secret });
  };
  for (const user of config.users) recordSecret({ kind: 'secretAccessKey', value: user.secretAccessKey });

  const store = new IdentityStore(config, clock);
  const dataDir = await mkdtemp(join(tmpdir(), 'local-aws-'));
  const ctx: ServiceContext = {
    clock,
    config,
    log: (entry) => log.log(entry),
    recordSecret,
    faults: () => faults.get(),
    dataDir,
    canS3: (principal, bucket, action) => store.canS3(principal, bucket, action),
    throttle: () => new ThrottleStream(() => faults.get().bandwidthBytesPerSec),
  };
  const s3 = createS3Service(ctx);
  let origin = '';
  const identityCenter = config.identityCenter ? new IdentityCenter(config.identityCenter, config.roles, store, clock, recordSecret, () => origin) : undefined;
  const server = createServer(
    // Slow, bandwidth-capped uploads may legitimately take long: no overall request deadline.
    { requestTimeout: 0 },
    createRequestHandler({ clock, faults, log, verifier: new SigV4Verifier(store, clock), sts: new StsService(store, clock, recordSecret), s3, identityCenter }),
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await s3.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The endpoint did not get a TCP port.');
  const port = address.port;
  origin = `http://127.0.0.1:${port}`;

  const requireCenter = (): IdentityCenter => {
    if (!identityCenter) throw new Error('This scenario has no IAM Identity Center.');
    return identityCenter;
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // In-flight requests are cut off, as when a real endpoint goes away: their clients see a network error.
      for (const socket of sockets) socket.destroy();
      await Promise.all([closed, s3.close()]);
      await rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    config,
    dataDir,
    requestLog: () => log.list(),
    clearRequestLog: () => log.clear(),
    requestsInFlight: () => log.inFlight(),
    seenSecrets: () => [...secrets.values()].map((secret) => ({ ...secret })),
    setFaults: (next) => {
      faults.set(next);
      if (next.dropConnections) for (const socket of sockets) socket.destroy();
    },
    advanceClock: (ms) => {
      if (options.clock) throw new Error('advanceClock() moves the default clock only; this endpoint was given its own clock.');
      offsetMs += ms;
    },
    sso: {
      approve: (userCode, userName) => requireCenter().decide(userCode, 'allow', userName),
      deny: (userCode) => requireCenter().decide(userCode, 'deny'),
      pendingUserCodes: () => identityCenter?.pendingUserCodes() ?? [],
      revokeAccessTokens: () => identityCenter?.revokeAccessTokens(),
    },
    mfaCode: (userName, atMs) => {
      const device = config.users.find((user) => user.name === userName)?.mfa;
      if (!device) throw new Error(`User ${userName} has no MFA device in this scenario.`);
      return totpCode(device.seedBase32, atMs ?? clock.now());
    },
    stop,
  };
}
