// `npm run bench [-- --quick] [--only id,id] [--out dir]`: packages the extension, starts its own local endpoint
// (and code-server for activation), runs the cases of issue 7's table with issue 11's transfer goals, prints
// min / median / max and the ratio of medians to each case's reference, and writes results.md and results.json.
// Never fails on a number: a case that produced its numbers passed, a case that crashed failed (ROLE_CHAINS_RESULTS
// line for test/runAll.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onCleanup, runMain } from '../harness/cleanup';
import { repoRoot } from '../harness/paths';
import { printResults } from '../harness/results';
import { createAwsCli } from './awsCli';
import { activationCase } from './cases/activation';
import { chainCase } from './cases/chain';
import { downloadCase } from './cases/download';
import { folderCase } from './cases/folder';
import { importCase } from './cases/import';
import { listingCase } from './cases/listing';
import { packageCase } from './cases/packageSize';
import { resumeCase } from './cases/resume';
import { reuseCase } from './cases/reuse';
import { uploadCase } from './cases/upload';
import { wanCase } from './cases/wan';
import { benchConfig } from './config';
import type { BenchCase, BenchContext } from './context';
import { REGION, roleASession } from './credentials';
import { startBenchEndpoint } from './endpoint';
import { packageExtension } from './packaging';
import { consoleRows, renderMarkdown, type CaseRecord, type RunRecord } from './report';

const CASES: BenchCase[] = [activationCase, chainCase, reuseCase, uploadCase, wanCase, folderCase, downloadCase, resumeCase, listingCase, packageCase, importCase];
const USAGE = `Usage: npm run bench [-- --quick] [--only ${CASES.map((c) => c.id).join(',')}] [--out dir]`;

interface Options {
  quick: boolean;
  only?: string[];
  out?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--only') {
      const ids = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = ids.filter((id) => !CASES.some((c) => c.id === id));
      if (ids.length === 0 || unknown.length > 0) throw new Error(`--only takes case ids (${CASES.map((c) => c.id).join(', ')}); got "${argv[i] ?? ''}".\n${USAGE}`);
      options.only = ids;
    } else if (arg === '--out') {
      const dir = argv[++i];
      if (!dir) throw new Error(`--out needs a folder.\n${USAGE}`);
      options.out = path.resolve(dir);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown option ${arg}.\n${USAGE}`);
  }
  return options;
}

async function main(): Promise<number> {
  // The SDK's notice about future Node versions, once per worker, would bury the results (inherited by children).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const options = parseArgs(process.argv.slice(2));
  const config = benchConfig(options.quick);
  const started = Date.now();
  const startLoad = os.loadavg();
  const log = (line: string): void => console.log(line);
  log(`bench: ${options.quick ? 'quick' : 'full'} run, load average ${startLoad.map((v) => v.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-bench-'));
  onCleanup(`remove ${tmp}`, () => fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 }));

  log('bench: npm run package (production build + .vsix) in a staged copy…');
  let setup;
  try {
    const pkg = await packageExtension(tmp);
    const endpoint = await startBenchEndpoint();
    onCleanup('stop the local endpoint', () => endpoint.stop());
    const roleA = await roleASession(endpoint.endpoint);
    const cli = await createAwsCli(path.join(tmp, 'awscli-home'), endpoint.endpoint, roleA);
    setup = { pkg, endpoint, roleA, cli };
  } catch (e) {
    // Nothing can be measured without the build, the endpoint and a session: one failure for the layer.
    console.error(`bench: set-up failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    printResults('bench', 0, 1);
    return 1;
  }
  const { pkg, endpoint, roleA, cli } = setup;
  log(`bench: endpoint ${endpoint.endpoint} (pid ${endpoint.pid}), ${cli.version}`);
  const ctx: BenchContext = { config, tmp, pkg, endpoint, roleA, cli, target: { endpoint: endpoint.endpoint, region: REGION, credentials: roleA }, log };

  const records: CaseRecord[] = [];
  for (const c of CASES) {
    if (options.only && !options.only.includes(c.id)) continue;
    log(`\n=== ${c.title} (${c.id})`);
    const caseStart = Date.now();
    const loadBefore = os.loadavg()[0] ?? 0;
    const record: CaseRecord = { id: c.id, title: c.title, status: 'ran', seconds: 0, loadBefore, loadAfter: 0, rows: [], notes: [], analysis: [] };
    try {
      const out = await c.run(ctx);
      record.rows = out.rows;
      record.notes = out.notes;
      record.analysis = out.analysis ?? [];
      if (out.skipped) {
        record.status = 'skipped';
        record.skipped = out.skipped;
      }
    } catch (e) {
      record.status = 'failed';
      record.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      console.error(`  FAILED: ${record.error}`);
    }
    record.seconds = (Date.now() - caseStart) / 1000;
    record.loadAfter = os.loadavg()[0] ?? 0;
    for (const line of consoleRows(record.rows)) log(line);
    for (const note of record.notes) log(`  note: ${note}`);
    if (record.skipped) log(`  skipped: ${record.skipped}`);
    records.push(record);
  }

  const run: RunRecord = {
    mode: options.quick ? 'quick' : 'full',
    ...(options.only ? { only: options.only } : {}),
    reps: config.reps,
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      memoryGiB: os.totalmem() / 1024 ** 3,
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      awscli: cli.version.split(' ')[0] ?? cli.version,
    },
    loadAverage: { start: startLoad, end: os.loadavg() },
    cases: records,
  };
  // Only a full run of every case replaces the committed results; quick and partial runs go elsewhere.
  const outDir = options.out ?? (options.quick || options.only ? path.join(os.tmpdir(), 'role-chains-bench-results') : path.join(repoRoot, 'test', 'bench'));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.md'), renderMarkdown(run));
  fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(run, null, 2)}\n`);
  log(`\nbench: results in ${path.join(outDir, 'results.md')} and results.json (${Math.round(run.seconds)} s)`);
  for (const a of records.flatMap((r) => r.analysis)) log(`  missed: ${a}`);

  const passed = records.filter((r) => r.status === 'ran').length;
  const failed = records.filter((r) => r.status === 'failed').length;
  const skipped = records.filter((r) => r.status === 'skipped').length;
  printResults('bench', passed, failed, skipped);
  return failed > 0 ? 1 : 0;
}

const quick = process.argv.includes('--quick');
runMain('bench', main, (quick ? 8 : 40) * 60_000);
