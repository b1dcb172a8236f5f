// Transfer planning without AWS: folder expansion (links, loops, broken links, pipes, unreadable files), batch
// checks, the worker pool, progress aggregation and its throttle.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchProgress, throttle, type BatchProgressReport } from '../../src/core/batchProgress';
import { planBatch, runPool } from '../../src/core/transfer';
import { expandUploadSources, type WalkFs } from '../../src/core/uploadSources';
import { pollUntil } from '../harness/timebox';
import { skipBecause } from '../support/skip';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('transfer planning', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-transfer-'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('expandUploadSources', () => {
    it('expands nested folders into keys under the prefix, with the folder name first', async () => {
      write(path.join(tmp, 'site', 'index.html'), '<h1>hi</h1>');
      write(path.join(tmp, 'site', 'css', 'main.css'), 'body{}');
      write(path.join(tmp, 'site', 'img', 'icons', 'a.svg'), '<svg/>');
      write(path.join(tmp, 'site', 'empty.txt'), '');
      write(path.join(tmp, 'notes.md'), '# notes');
      const { items, problems } = await expandUploadSources([path.join(tmp, 'site'), path.join(tmp, 'notes.md')], 'up/');
      assert.deepEqual(problems, []);
      assert.deepEqual(
        items.map((i) => [i.key, i.size]),
        [
          ['up/notes.md', 7],
          ['up/site/css/main.css', 6],
          ['up/site/empty.txt', 0],
          ['up/site/img/icons/a.svg', 6],
          ['up/site/index.html', 11],
        ],
      );
      assert.equal(items.find((i) => i.key === 'up/site/css/main.css')?.localPath, path.join(tmp, 'site', 'css', 'main.css'));
    });

    it('leaves out a link loop (its target goes up where it is), reports a broken link and a named pipe', async () => {
      write(path.join(tmp, 'site', 'a.txt'), 'a');
      write(path.join(tmp, 'site', 'sub', 'b.txt'), 'b');
      fs.symlinkSync(path.join(tmp, 'site'), path.join(tmp, 'site', 'sub', 'loop')); // points back to an ancestor
      fs.symlinkSync(path.join(tmp, 'nowhere.txt'), path.join(tmp, 'site', 'dangling.txt'));
      execFileSync('mkfifo', [path.join(tmp, 'site', 'pipe')]);
      const { items, problems, linksInside, linksOutside } = await expandUploadSources([path.join(tmp, 'site')], '');
      assert.deepEqual(items.map((i) => i.key), ['site/a.txt', 'site/sub/b.txt']);
      assert.deepEqual(linksInside, [path.join(tmp, 'site', 'sub', 'loop')]);
      assert.deepEqual(linksOutside, []);
      const byPath = new Map(problems.map((p) => [path.basename(p.path), p.reason]));
      assert.match(byPath.get('dangling.txt') ?? '', /broken symbolic link/);
      assert.match(byPath.get('pipe') ?? '', /named pipe/);
      assert.equal(problems.length, 2);
    });

    it('skips a link to a folder outside the chosen folder and names where it leads', async () => {
      write(path.join(tmp, 'shared', 'x.txt'), 'x');
      write(path.join(tmp, 'site', 'a.txt'), 'a');
      fs.symlinkSync(path.join(tmp, 'shared'), path.join(tmp, 'site', 'shared'));
      const { items, problems, linksOutside } = await expandUploadSources([path.join(tmp, 'site')], 'p/');
      assert.deepEqual(problems, []);
      assert.deepEqual(items.map((i) => i.key), ['p/site/a.txt']);
      assert.deepEqual(linksOutside, [{ path: path.join(tmp, 'site', 'shared'), target: fs.realpathSync(path.join(tmp, 'shared')) }]);
    });

    it('refuses a prefix that is not a folder before reading anything', async () => {
      await assert.rejects(expandUploadSources([tmp], 'p'), /must end in "\/"/);
    });

    it('reports unreadable files and folders (through an injected file system: root reads everything on disk)', async () => {
      write(path.join(tmp, 'site', 'a.txt'), 'a');
      write(path.join(tmp, 'site', 'secret.txt'), 's');
      write(path.join(tmp, 'site', 'private', 'c.txt'), 'c');
      const denied = (p: string): Error => Object.assign(new Error(`EACCES: permission denied, '${p}'`), { code: 'EACCES' });
      const secret = path.join(tmp, 'site', 'secret.txt');
      const privateDir = path.join(tmp, 'site', 'private');
      const walkFs: WalkFs = {
        lstat: (p) => fsp.lstat(p),
        stat: (p) => fsp.stat(p),
        realpath: (p) => fsp.realpath(p),
        readdir: async (p, o) => {
          if (p === privateDir) throw denied(p);
          return fsp.readdir(p, o);
        },
        access: async (p, mode) => {
          if (p === secret) throw denied(p);
          return fsp.access(p, mode);
        },
      };
      const { items, problems } = await expandUploadSources([path.join(tmp, 'site')], '', { fs: walkFs });
      assert.deepEqual(items.map((i) => i.key), ['site/a.txt']);
      assert.deepEqual(
        problems.map((p) => [path.basename(p.path), p.reason]),
        [
          ['private', 'cannot read the folder: permission denied'],
          ['secret.txt', 'cannot read the file: permission denied'],
        ],
      );
    });

    it('reports an unreadable file on disk when not running as root', async function () {
      if (isRoot) skipBecause(this, 'running as root, which may read a mode-000 file; the injected test above covers the logic');
      write(path.join(tmp, 'site', 'a.txt'), 'a');
      write(path.join(tmp, 'site', 'secret.txt'), 's');
      fs.chmodSync(path.join(tmp, 'site', 'secret.txt'), 0o000);
      const { items, problems } = await expandUploadSources([path.join(tmp, 'site')], '');
      assert.deepEqual(items.map((i) => i.key), ['site/a.txt']);
      assert.match(problems[0]?.reason ?? '', /permission denied/);
    });

    it('reports a source that does not exist', async () => {
      const { items, problems } = await expandUploadSources([path.join(tmp, 'gone')], '');
      assert.deepEqual(items, []);
      assert.equal(problems.length, 1);
      assert.match(problems[0]?.reason ?? '', /no longer exists/);
    });

    it('stops a walk at maxEntries and says so', async () => {
      for (let i = 0; i < 10; i++) write(path.join(tmp, 'many', `f${i}.txt`), String(i));
      const { items, problems } = await expandUploadSources([path.join(tmp, 'many')], '', { maxEntries: 4 });
      assert.equal(items.length, 4);
      assert.match(problems.at(-1)?.reason ?? '', /stopped after 4 entries/);
    });
  });

  describe('planBatch', () => {
    it('keeps valid unique keys and reports keys over 1,024 bytes and duplicates', () => {
      const long = `${'é'.repeat(513)}`; // 1,026 bytes of UTF-8 in 513 characters
      const { items, problems } = planBatch([
        { localPath: '/a', key: 'k/a', size: 1 },
        { localPath: '/b', key: long, size: 1 },
        { localPath: '/c', key: 'k/a', size: 1 },
        { localPath: '/d', key: 'k/d', size: 1 },
      ]);
      assert.deepEqual(items.map((i) => i.localPath), ['/a', '/d']);
      assert.equal(problems.length, 2);
      assert.match(problems[0]?.reason ?? '', /1024 bytes/);
      assert.match(problems[1]?.reason ?? '', /already goes to the same key/);
    });
  });

  describe('runPool', () => {
    it('never runs more than `concurrency` workers and runs every item once', async () => {
      let running = 0;
      let peak = 0;
      const seen: number[] = [];
      await runPool([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3, async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2 + (n % 3)));
        seen.push(n);
        running--;
      });
      assert.equal(peak, 3);
      assert.deepEqual([...seen].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('starts nothing new once stopped', async () => {
      const started: number[] = [];
      let stop = false;
      await runPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
        started.push(n);
        if (n === 2) stop = true;
        await new Promise((r) => setTimeout(r, 1));
      }, () => stop);
      assert.deepEqual(started, [1, 2]);
    });
  });

  describe('BatchProgress', () => {
    it('aggregates files monotonically (a retried part is not counted twice) and reaches the total', () => {
      const p = new BatchProgress([
        { id: 'a', size: 100 },
        { id: 'b', size: 50 },
      ]);
      p.started('a');
      p.bytes('a', 60);
      assert.equal(p.report().bytesDone, 60);
      p.bytes('a', 20); // a retry restarts the count for its part
      assert.equal(p.report().bytesDone, 60, 'never goes back');
      p.bytes('a', 500); // clamped to the size
      assert.equal(p.report().bytesDone, 100);
      p.finish('a');
      p.started('b');
      p.finish('b'); // skipped or failed: done with, counted in full
      const last = p.report();
      assert.deepEqual(last, { filesDone: 2, filesTotal: 2, bytesDone: 150, bytesTotal: 150, currentFile: 'b' });
    });
  });

  describe('throttle', () => {
    it('delivers at most one report per interval, the latest one, and flushes the pending one', async () => {
      let now = 1_000;
      const clock = { now: () => now };
      const got: number[] = [];
      const t = throttle<number>((v) => got.push(v), clock, 100);
      t.push(1); // first: at once
      t.push(2);
      t.push(3);
      assert.deepEqual(got, [1]);
      now += 100;
      t.push(4); // interval passed: at once, carrying the latest value
      assert.deepEqual(got, [1, 4]);
      t.push(5);
      t.flush();
      assert.deepEqual(got, [1, 4, 5]);
      t.push(6); // within the interval: delivered by the trailing timer
      assert.deepEqual(got, [1, 4, 5], 'delivered before the interval ended');
      await pollUntil(() => (got.length > 3 ? true : undefined), 5_000, 'the trailing report', 10);
      assert.deepEqual(got, [1, 4, 5, 6]);
      t.dispose();
    });

    it('collapses a burst of 1,000 reports into a handful', () => {
      const clock = { now: () => 0 };
      const got: BatchProgressReport[] = [];
      const t = throttle<BatchProgressReport>((v) => got.push(v), clock, 100);
      for (let i = 1; i <= 1000; i++) t.push({ filesDone: 0, filesTotal: 1, bytesDone: i, bytesTotal: 1000 });
      t.flush();
      t.dispose();
      assert.deepEqual(got.map((g) => g.bytesDone), [1, 1000]);
    });
  });
});
