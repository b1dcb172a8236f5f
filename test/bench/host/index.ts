// Loaded inside the editor's extension host as extensionTestsPath (the integration harness's route): waits for the
// extension to activate on its own (onStartupFinished), reads the host's performance marks for it and which
// modules the host has loaded, prints them as one line, then keeps the host alive until the runner has read
// Show Running Extensions (it creates the file named in ROLE_CHAINS_BENCH_RELEASE) or a time-out.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { PROBE_LINE, RELEASE_ENV, type ProbeReport } from './probeReport';

const EXTENSION_ID = 'role-chains.aws-role-chains';
const NATURAL_ACTIVATION_MS = 30_000;
/** Time for anything the extension starts in the background after activate() (restoring sessions) to run. */
const SETTLE_MS = 2_000;
const RELEASE_WAIT_MS = 60_000;

interface PerfMark {
  name: string;
  startTime: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));


function loadedModules(): string[] {
  return Object.keys(require.cache).map((file) => path.resolve(file));
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded: check engines.vscode and the extension development path`);
  const deadline = Date.now() + NATURAL_ACTIVATION_MS;
  while (!ext.isActive && Date.now() < deadline) await sleep(20);
  const activatedBy = ext.isActive ? 'startup' : 'probe';
  if (!ext.isActive) await ext.activate();

  const awsBundle = path.join(ext.extensionPath, 'dist', 'aws.js');
  const extensionBundle = path.join(ext.extensionPath, 'dist', 'extension.js');
  const atActivation = loadedModules();
  await sleep(SETTLE_MS);
  const afterSettle = loadedModules();

  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerfMark[] } }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (what: string): number | undefined => marks.find((m) => m.name === `code/extHost/${what}/${EXTENSION_ID}`)?.startTime;
  const willLoad = at('willLoadExtensionCode');
  const didLoad = at('didLoadExtensionCode');
  const willActivate = at('willActivateExtension');
  const didActivate = at('didActivateExtension');
  const span = (from?: number, to?: number): number | undefined => (from !== undefined && to !== undefined ? to - from : undefined);
  const report: ProbeReport = {
    activatedBy,
    activateMs: span(willActivate, didActivate),
    loadMs: span(willLoad, didLoad),
    loadAndActivateMs: span(willLoad, didActivate),
    extensionBundleLoaded: atActivation.includes(extensionBundle),
    awsBundleAtActivation: atActivation.includes(awsBundle),
    awsBundleAfterSettle: afterSettle.includes(awsBundle),
    marksFound: marks.filter((m) => m.name.endsWith(`/${EXTENSION_ID}`)).map((m) => m.name.replace(`/${EXTENSION_ID}`, '')),
  };
  console.log(`${PROBE_LINE} ${JSON.stringify(report)}`);

  const release = process.env[RELEASE_ENV];
  if (!release) return;
  const until = Date.now() + RELEASE_WAIT_MS;
  while (!fs.existsSync(release) && Date.now() < until) await sleep(100);
}
