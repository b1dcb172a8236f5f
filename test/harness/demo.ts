// `npm start`: the one-command demo. The local AWS endpoint with the seed scenario, and code-server (a real VS Code
// 1.100 in the browser) with this extension installed from the .vsix `npm run package` makes (as a user gets it:
// loaded from a development path it would show by its raw id with a blank icon) and a copy of the sample workspace. Base credentials reach the extension host through its environment; the endpoint
// URLs go in the temporary profile's user settings (they are machine-scoped). Runs until Ctrl-C, which stops
// everything and removes the temporary folders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { msUntilNextStep, SEED, startLocalAws } from '../localAws';
import { onCleanup, cleanupAll, setSignalExitCode } from './cleanup';
import { startCodeServer } from './codeServer';
import { freePort } from './freePort';
import { packageVsix } from './packageVsix';
import { ensureCodeServer } from './installCodeServer';
import { repoRoot } from './paths';
import { demoInstructions, mfaLine } from './demoText';
import { baseCredentialsEnv, endpointSettings } from './seedChains';

const PREFERRED_PORT = 8080;

function requestedPort(): number | undefined {
  const i = process.argv.indexOf('--port');
  const value = i >= 0 ? process.argv[i + 1] : process.env.PORT;
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a TCP port number, got "${value}"`);
  return port;
}

async function portIsFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  setSignalExitCode(0);
  await ensureCodeServer();

  const aws = await startLocalAws();
  onCleanup('stop the local AWS endpoint', () => aws.stop());

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-demo-'));
  onCleanup(`remove ${temp}`, () => fs.rmSync(temp, { recursive: true, force: true }));
  const vsix = await packageVsix(path.join(temp, 'package'), 'npm start');
  const workspace = path.join(temp, 'demo-workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'demo', 'workspace'), workspace, { recursive: true });

  const wanted = requestedPort();
  const port = wanted ?? ((await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : await freePort());
  const server = await startCodeServer({
    workspace,
    port,
    installVsix: [vsix],
    env: baseCredentialsEnv(),
    userSettings: endpointSettings(aws.endpoint),
  });

  const lines = demoInstructions({ url: server.url, port: server.port, endpoint: aws.endpoint });
  console.log(lines.join('\n'));
  printMfaCodes(aws.mfaCode.bind(aws));
  await new Promise<never>(() => undefined); // runs until a signal; cleanup.ts stops everything
}

/** Prints the virtual MFA device's current code, and each new one when it changes. */
function printMfaCodes(code: (user: string) => string): void {
  const print = (): void => {
    const now = Date.now();
    console.log(mfaLine(new Date(now), code(SEED.developerName), Math.round(msUntilNextStep(now) / 1000)));
    setTimeout(print, msUntilNextStep(Date.now()) + 200);
  };
  print();
}

main().catch(async (e: unknown) => {
  console.error(`npm start: ${e instanceof Error ? e.message : String(e)}`);
  await cleanupAll();
  process.exit(1);
});
