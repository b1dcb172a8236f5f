// A throw-away Ceph cluster with a RADOS Gateway, from Debian's radosgw/ceph-mon/ceph-osd packages: one monitor,
// one OSD on memstore (no disk, no kernel modules), cephx off between the daemons, and the gateway's beast
// frontend on 127.0.0.1. Everything lives in one temporary folder; every daemon runs in its own process group,
// and stop() (or the process exiting) kills those groups and removes the folder. Every wait is bounded.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The programs the cluster needs: radosgw (+ radosgw-admin), ceph-mon, ceph-osd, and ceph/monmaptool from ceph-common/ceph-base. */
export const REQUIRED_PROGRAMS = ['monmaptool', 'ceph-mon', 'ceph-osd', 'ceph', 'radosgw', 'radosgw-admin'] as const;
export const APT_PACKAGES = 'radosgw ceph-mon ceph-osd';

export interface RadosGateway {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** Ceph answers any region; the SDK needs one to sign with. */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** How long the cluster took to answer S3 (ms). */
  startupMs: number;
  /** Times the OSD had to be started (see the restart note in startRadosGateway). */
  osdStarts: number;
  stop(): Promise<void>;
}

/** The required programs missing from PATH (empty when the cluster can run here). */
export function missingPrograms(): string[] {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const found = (name: string): boolean =>
    dirs.some((dir) => {
      try {
        fs.accessSync(path.join(dir, name), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  return REQUIRED_PROGRAMS.filter((p) => !found(p));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.filter((a) => !a.startsWith('--secret')).join(' ')} failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Daemons of every cluster still running in this process, for the exit handler. */
const live = new Set<{ children: ChildProcess[]; dir: string }>();

function killGroups(children: ChildProcess[], signal: NodeJS.Signals): void {
  for (const child of children) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Synchronous last resort (process exit, a signal): no daemon and no temporary folder outlives the test run. */
export function stopAllNow(): void {
  for (const cluster of live) {
    killGroups(cluster.children, 'SIGKILL');
    fs.rmSync(cluster.dir, { recursive: true, force: true });
  }
  live.clear();
}
process.once('exit', stopAllNow);

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return [
    '[global]',
    `fsid = ${fsid}`,
    `mon host = v1:127.0.0.1:${monPort}`,
    'mon initial members = a',
    'public addr = 127.0.0.1',
    'cluster addr = 127.0.0.1',
    // Plain v1 on IPv4 loopback: nothing to negotiate, nothing listening beyond 127.0.0.1.
    'ms bind msgr2 = false',
    'ms bind ipv6 = false',
    'ms bind ipv4 = true',
    // No cephx between the daemons of a single-node throw-away cluster (S3 requests are still SigV4-checked).
    'auth cluster required = none',
    'auth service required = none',
    'auth client required = none',
    `run dir = ${dir}/run`,
    `admin socket = ${dir}/run/$name.asok`,
    `pid file = ${dir}/run/$name.pid`,
    `log file = ${dir}/log/$name.log`,
    `mon data = ${dir}/mon/$name`,
    `osd data = ${dir}/osd/$name`,
    'osd objectstore = memstore',
    'memstore device bytes = 1073741824',
    'osd pool default size = 1',
    'osd pool default min size = 1',
    'osd pool default pg num = 8',
    'osd pool default pgp num = 8',
    'osd pool default pg autoscale mode = off',
    'osd crush chooseleaf type = 0',
    'mon allow pool size one = true',
    'mon warn on pool no redundancy = false',
    'mon max pg per osd = 1000',
    // A nearly full CI disk must not stop the monitor: the data lives in memory anyway.
    'mon data avail warn = 0',
    'mon data avail crit = 0',
    '',
    '[client.rgw]',
    `rgw frontends = beast endpoint=127.0.0.1:${rgwPort}`,
    `rgw data = ${dir}/rgw`,
    '',
  ].join('\n');
}

/**
 * Polls `check` every `everyMs` until it returns true or the deadline passes. A daemon that dies meanwhile is
 * started again by `restart` (which says whether it may be, within a few attempts); otherwise the wait fails at once.
 */
async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  deadline: number,
  children: ChildProcess[],
  dir: string,
  restart: (dead: ChildProcess) => boolean,
  everyMs = 250,
): Promise<void> {
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
    if (dead && !restart(dead)) throw new Error(`${what}: ${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode}).${logTail(dir)}`);
    if (!dead && (await check())) return;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not ready within the time box.${logTail(dir)}`);
}

function logTail(dir: string): string {
  const logs = path.join(dir, 'log');
  if (!fs.existsSync(logs)) return '';
  return fs
    .readdirSync(logs)
    .map((name) => {
      const text = fs.readFileSync(path.join(logs, name), 'utf8').trim().split('\n').slice(-5).join('\n');
      return text ? `\n--- ${name}\n${text}` : '';
    })
    .join('');
}

async function answersHttp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status > 0;
  } catch {
    return false;
  }
}

/**
 * Starts the cluster and the gateway and creates an S3 user; resolves when S3 answers. Rejects (having cleaned
 * up) if anything fails or the whole start takes longer than `timeoutMs`.
 */
export async function startRadosGateway(options: { timeoutMs?: number } = {}): Promise<RadosGateway> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 90_000);
  const left = (): number => Math.max(1000, deadline - Date.now());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-rgw-'));
  const children: ChildProcess[] = [];
  const cluster = { children, dir };
  live.add(cluster);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      killGroups(children, 'SIGTERM');
      const until = Date.now() + 3000;
      while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < until) await sleep(100);
      killGroups(children, 'SIGKILL');
      const gone = Date.now() + 3000;
      while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < gone) await sleep(50);
      fs.rmSync(dir, { recursive: true, force: true });
      live.delete(cluster);
    })();
    return stopped;
  };

  const daemon = (file: string, args: string[]): ChildProcess => {
    const out = fs.openSync(path.join(dir, 'log', `${file}.out`), 'a');
    // Own process group: stop() kills the daemon and anything it started, and nothing else.
    const child = spawn(file, args, { detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.on('error', () => undefined);
    children.push(child);
    return child;
  };

  try {
    for (const sub of ['run', 'log', 'mon', 'osd', 'rgw']) fs.mkdirSync(path.join(dir, sub));
    const fsid = randomUUID();
    const monPort = await freePort();
    let rgwPort = await freePort();
    while (rgwPort === monPort) rgwPort = await freePort();
    const conf = path.join(dir, 'ceph.conf');
    fs.writeFileSync(conf, cephConf(dir, fsid, monPort, rgwPort));
    const c = ['-c', conf];

    await run('monmaptool', ['--create', '--addv', 'a', `[v1:127.0.0.1:${monPort}]`, '--fsid', fsid, path.join(dir, 'monmap')], left());
    await run('ceph-mon', [...c, '-i', 'a', '--mkfs', '--monmap', path.join(dir, 'monmap')], left());
    daemon('ceph-mon', [...c, '-i', 'a', '-f']);

    const osdUuid = randomUUID();
    const osdId = (await run('ceph', [...c, '--connect-timeout', String(Math.ceil(left() / 1000)), 'osd', 'new', osdUuid], left())).trim();
    if (!/^\d+$/.test(osdId)) throw new Error(`ceph osd new answered "${osdId}"`);
    fs.mkdirSync(path.join(dir, 'osd', `osd.${osdId}`));
    await run('ceph-osd', [...c, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid], left());
    const osdArgs = [...c, '-i', osdId, '-f'];
    let osd = daemon('ceph-osd', osdArgs);
    daemon('radosgw', [...c, '-n', 'client.rgw', '-f']);

    // A fresh OSD sometimes asks the monitor before it has the monitor map ("wrong fsid") and exits; a second
    // start finds the map. Only the OSD is restarted, at most twice.
    let osdStarts = 1;
    const restartOsd = (dead: ChildProcess): boolean => {
      if (dead !== osd || osdStarts >= 3) return false;
      children.splice(children.indexOf(dead), 1);
      osd = daemon('ceph-osd', osdArgs);
      osdStarts++;
      return true;
    };
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitFor('the RADOS Gateway', () => answersHttp(`${endpoint}/`), deadline, children, dir, restartOsd);

    // A local-only S3 user with fresh random keys.
    const accessKeyId = `RCRGW${randomBytes(8).toString('hex').toUpperCase()}`.slice(0, 20);
    const secretAccessKey = randomBytes(30).toString('base64').replace(/[+/]/g, 'x').slice(0, 40);
    await run('radosgw-admin', [...c, '-n', 'client.admin', 'user', 'create', '--uid=role-chains', '--display-name=Role Chains tests', `--access-key=${accessKeyId}`, `--secret-key=${secretAccessKey}`], left());

    return { endpoint, region: 'us-east-1', accessKeyId, secretAccessKey, startupMs: Date.now() - started, osdStarts, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
