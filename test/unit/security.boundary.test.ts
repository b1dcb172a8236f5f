// The file-system boundary against a hostile bucket and a hostile folder (issue 11's review findings): keys that
// would leave the download folder or that Windows cannot hold, a delete wider than its confirmation, existing files
// replaced without asking, and folder uploads that follow links out of the folder. Real SDK clients against the local
// endpoint; real files in a temporary folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalAws, SEED, type LocalAws } from '../localAws';
import { runChain } from '../../src/core/aws/runChain';
import type { Session } from '../../src/core/session';
import { expandUploadSources } from '../../src/core/uploadSources';
import { countPrefix, createS3ClientFor, deletePrefix, downloadPrefix, listAllObjects, s3AccessForStep, type S3Gateway } from '../../src/core/aws/s3';
import type { OverwriteDecision } from '../../src/core/overwrite';

/** Every file under a folder, as paths relative to it ('/'-separated), sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => fs.lstatSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

describe('file-system boundary: hostile bucket and hostile folder', function () {
  this.timeout(60_000);
  let aws: LocalAws;
  let s3: S3Gateway;
  let tmp: string;
  const run = `boundary-${Date.now().toString(36)}`;
  const put = (key: string, body = `body of ${key}`) => s3.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: key, Body: body }));
  const keysUnder = async (prefix: string): Promise<string[]> => {
    const keys: string[] = [];
    for await (const page of listAllObjects(s3, { bucket: SEED.bucket1, prefix })) keys.push(...page.map((o) => o.key));
    return keys.sort();
  };

  before(async () => {
    aws = await startLocalAws();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-boundary-'));
    const session: Session = await runChain(
      { name: 'seed', region: SEED.region, steps: [{ roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial }] },
      {
        endpoints: { sts: aws.endpoint },
        baseCredentials: async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey }),
        prompts: { externalId: async () => SEED.externalIdA, mfaCode: async () => aws.mfaCode(SEED.developerName) },
      },
    );
    s3 = createS3ClientFor(s3AccessForStep(session.steps[0] as Session['steps'][number], { s3: aws.endpoint, forcePathStyle: true, chainName: 'seed' }));
  });
  after(async () => {
    s3?.destroy();
    await aws?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the SDK and the endpoint keep hostile keys as they are (so these tests test the extension, not a normaliser)', async () => {
    await put(`${run}/raw/../.bashrc`);
    const out = await s3.send(new GetObjectCommand({ Bucket: SEED.bucket1, Key: `${run}/raw/../.bashrc` }));
    assert.equal(await out.Body?.transformToString(), `body of ${run}/raw/../.bashrc`);
    assert.deepEqual(await keysUnder(`${run}/raw/`), [`${run}/raw/../.bashrc`]);
  });

  it('delete removes exactly what the count confirmed: the blank folder of a//junk, not everything under a/', async () => {
    await put(`${run}/a//junk`);
    await put(`${run}/a/keep.txt`);
    const blank = `${run}/a//`;
    const count = await countPrefix(s3, { bucket: SEED.bucket1, prefix: blank });
    assert.equal(count.objects, 1, 'the confirmation counts one object');
    const result = await deletePrefix(s3, { bucket: SEED.bucket1, prefix: blank });
    assert.equal(result.deleted, count.objects, 'deleted more than was confirmed');
    assert.deepEqual(await keysUnder(`${run}/a/`), [`${run}/a/keep.txt`]);
  });

  it('download never replaces an existing local file when nobody was asked', async () => {
    await put(`${run}/mine/notes.txt`, 'from the bucket');
    await put(`${run}/mine/new.txt`, 'new');
    const into = fs.mkdtempSync(path.join(tmp, 'keep-'));
    fs.writeFileSync(path.join(into, 'notes.txt'), 'my own notes');
    const result = await downloadPrefix({ client: s3, bucket: SEED.bucket1, prefix: `${run}/mine/`, targetDir: into });
    assert.equal(fs.readFileSync(path.join(into, 'notes.txt'), 'utf8'), 'my own notes', 'an existing file was replaced without asking');
    assert.equal(fs.readFileSync(path.join(into, 'new.txt'), 'utf8'), 'new');
    assert.deepEqual(result.downloaded.map((d) => d.key), [`${run}/mine/new.txt`]);
  });

  it('download refuses, on every platform, names Windows cannot hold or would resolve elsewhere, naming each key', async () => {
    const base = `${run}/win/`;
    // (Control characters cannot be listed in S3's XML at all; segmentProblem's own tests cover them.)
    const hostile = ['CON', 'aux.txt', 'Lpt9.log', 'a:b', 'trail.', 'space ', 'what?', 'pipe|x', 'reports  \\..\\..\\AppData\\evil.bat'];
    for (const name of hostile) await put(base + name);
    await put(`${base}ok.txt`, 'fine');
    const into = fs.mkdtempSync(path.join(tmp, 'win-'));
    const result = await downloadPrefix({ client: s3, bucket: SEED.bucket1, prefix: base, targetDir: into });
    assert.deepEqual(filesUnder(into), ['ok.txt']);
    assert.deepEqual(result.skipped.map((s) => s.key).sort(), hostile.map((n) => base + n).sort());
    for (const s of result.skipped) assert.ok(s.reason.includes(`"${s.key}"`), `the reason does not name the key: ${s.reason}`);
  });

  it('download of keys with "..", "." and empty segments writes nothing outside the chosen folder', async () => {
    const base = `${run}/climb/`;
    const hostile = [`${base}../.bashrc`, `${base}x/../../y`, `${base}./dot`, `${base}a//b`];
    for (const key of hostile) await put(key);
    const parent = fs.mkdtempSync(path.join(tmp, 'climb-'));
    const into = path.join(parent, 'into');
    const result = await downloadPrefix({ client: s3, bucket: SEED.bucket1, prefix: base, targetDir: into });
    assert.deepEqual(filesUnder(parent), []);
    assert.deepEqual(result.skipped.map((s) => s.key).sort(), [...hostile].sort());
  });

  it('download asks before replacing: Skip keeps, Overwrite replaces, Overwrite All stops asking, Cancel stops the batch', async () => {
    for (const name of ['a', 'b', 'c', 'd']) await put(`${run}/ow/${name}.txt`, `new ${name}`);
    const fresh = (): string => {
      const into = fs.mkdtempSync(path.join(tmp, 'ow-'));
      for (const name of ['a', 'b', 'c', 'd']) fs.writeFileSync(path.join(into, `${name}.txt`), `old ${name}`);
      return into;
    };
    const read = (into: string) => ['a', 'b', 'c', 'd'].map((n) => fs.readFileSync(path.join(into, `${n}.txt`), 'utf8'));
    const run1 = async (into: string, answers: OverwriteDecision[]) => {
      const asked: string[] = [];
      const result = await downloadPrefix({
        client: s3,
        bucket: SEED.bucket1,
        prefix: `${run}/ow/`,
        targetDir: into,
        concurrency: 1,
        decideOverwrite: async (p) => {
          asked.push(path.basename(p));
          return answers.shift() ?? 'cancel';
        },
      });
      return { asked, result };
    };

    let into = fresh();
    let r = await run1(into, ['skip', 'overwrite', 'overwrite-all']);
    assert.deepEqual(r.asked, ['a.txt', 'b.txt', 'c.txt']);
    assert.deepEqual(read(into), ['old a', 'new b', 'new c', 'new d']);
    assert.deepEqual(r.result.kept.map((k) => path.basename(k.path)), ['a.txt']);
    assert.equal(r.result.cancelled, false);

    into = fresh();
    r = await run1(into, ['cancel']);
    assert.deepEqual(r.asked, ['a.txt']);
    assert.deepEqual(read(into), ['old a', 'old b', 'old c', 'old d']);
    assert.equal(r.result.cancelled, true);
    assert.deepEqual(r.result.downloaded, []);
  });

  it('download never writes through a link planted in the download folder', async () => {
    const elsewhere = fs.mkdtempSync(path.join(tmp, 'elsewhere-'));
    fs.writeFileSync(path.join(elsewhere, 'credentials'), 'untouched');
    await put(`${run}/planted/assets/credentials`, 'from the bucket');
    await put(`${run}/planted/assets/new/file.txt`, 'from the bucket');
    await put(`${run}/planted/ok.txt`, 'fine');
    const into = fs.mkdtempSync(path.join(tmp, 'planted-'));
    fs.symlinkSync(elsewhere, path.join(into, 'assets'), 'dir');
    const result = await downloadPrefix({
      client: s3,
      bucket: SEED.bucket1,
      prefix: `${run}/planted/`,
      targetDir: into,
      decideOverwrite: async () => 'overwrite-all',
    });
    assert.deepEqual(fs.readdirSync(elsewhere), ['credentials']);
    assert.equal(fs.readFileSync(path.join(elsewhere, 'credentials'), 'utf8'), 'untouched');
    assert.deepEqual(result.downloaded.map((d) => d.key), [`${run}/planted/ok.txt`]);
    assert.equal(result.failed.length, 2);
    for (const f of result.failed) assert.match(f.reason, /outside/);
  });

  describe('folder upload and links', () => {
    let home: string;
    let site: string;

    before(() => {
      // A fake ~/.aws beside a cloned repository whose folder plants links to it.
      home = path.join(tmp, 'home');
      fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
      fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = not-a-real-one\n');
      site = path.join(tmp, 'repo', 'site');
      fs.mkdirSync(path.join(site, 'css'), { recursive: true });
      fs.writeFileSync(path.join(site, 'index.html'), '<h1>hi</h1>');
      fs.writeFileSync(path.join(site, 'css', 'main.css'), 'h1{}');
      fs.symlinkSync(path.join(home, '.aws', 'credentials'), path.join(site, 'favicon.ico'));
      fs.symlinkSync(path.join(home, '.aws'), path.join(site, 'assets'), 'dir');
      fs.symlinkSync('index.html', path.join(site, 'home.html')); // inside: index.html goes up once
      fs.symlinkSync('..', path.join(site, 'css', 'up'), 'dir'); // a loop back to the folder
      fs.symlinkSync('../..', path.join(site, 'css', 'out'), 'dir'); // a loop through the parent, outside
      fs.symlinkSync(path.join(tmp, 'nowhere'), path.join(site, 'broken'));
    });

    it('skips links whose real path is outside the chosen folder and names them; links inside go up once; loops stop', async () => {
      const { items, problems, linksOutside } = await expandUploadSources([site], 'up/');
      assert.deepEqual(items.map((i) => i.key), ['up/site/css/main.css', 'up/site/index.html']);
      const realSite = fs.realpathSync(site);
      for (const item of items) {
        const rel = path.relative(realSite, fs.realpathSync(item.localPath));
        assert.ok(!rel.startsWith('..') && !path.isAbsolute(rel), `${item.localPath} is outside the folder`);
      }
      const outside = (name: string) => linksOutside.find((l) => path.basename(l.path) === name)?.target;
      assert.equal(outside('favicon.ico'), fs.realpathSync(path.join(home, '.aws', 'credentials')));
      assert.equal(outside('assets'), fs.realpathSync(path.join(home, '.aws')));
      assert.equal(outside('out'), fs.realpathSync(path.join(tmp, 'repo')), 'a loop through the parent is outside');
      assert.equal(linksOutside.length, 3);
      assert.deepEqual(problems.map((p) => [path.basename(p.path), p.reason]), [['broken', 'skipped: broken symbolic link']]);
    });

    it('skips a chosen file or folder that is itself a link leaving its folder', async () => {
      const { items, problems, linksOutside } = await expandUploadSources([path.join(site, 'favicon.ico'), path.join(site, 'assets'), path.join(site, 'index.html')], '');
      assert.deepEqual(items.map((i) => i.key), ['index.html']);
      assert.deepEqual(problems, []);
      assert.deepEqual(linksOutside.map((l) => path.basename(l.path)), ['favicon.ico', 'assets']);
    });
  });
});
