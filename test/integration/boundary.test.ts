// A hostile bucket and a hostile folder, through the real commands in the extension host (issue 11's review): keys
// made to leave the download folder (`../.bashrc`, `x/../../y`, a Windows-style name), a blank folder whose delete
// used to take its neighbours (`a//junk`), and a folder with links to a fake ~/.aws. Each is refused with a message
// that names it, and nothing is written, deleted or uploaded beyond what was asked. The hostile keys are put with the
// SDK directly (the extension would never make them) and removed afterwards.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DeleteObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3ClientFor, listAllObjects, s3AccessForStep, type S3Gateway } from '../../src/core/aws/s3';
import { runChain } from '../../src/core/aws/runChain';
import type { Session } from '../../src/core/session';
import type { S3TreeRow } from '../../src/ui/s3';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { SEED } from '../localAws/scenario';
import { TWO_STEP } from '../harness/seedChains';
import { ScriptedUi } from './scriptedUi';
import { control, resetState, signIn, testingApi } from './support';

const STEP1 = { chainName: TWO_STEP, stepIndex: 0 } as const;
const RUN = `hostile-${Date.now().toString(36)}`;
const WINDOWS_NAME = 'reports  \\..\\..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup';

/** Every file (or link) under a folder, relative to it with '/', sorted. */
function entriesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => !fs.lstatSync(path.join(dir, f)).isDirectory())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

describe('hostile bucket and hostile folder', function () {
  this.timeout(60_000);
  let api: RoleChainsTestingApi;
  let person: ScriptedUi;
  let s3: S3Gateway;
  let home: string;
  let downloads: string;

  const row = async (prefix: string): Promise<S3TreeRow> => {
    const rows = await api.s3.treeRows({ maxDepth: 10 });
    const found = rows.find((r) => r.ref && 'prefix' in r.ref && r.ref.bucket === SEED.bucket1 && r.ref.prefix === prefix && r.contextValue === 's3Prefix');
    assert.ok(found, `no folder row for ${prefix}: ${rows.filter((r) => r.depth >= 2).map((r) => JSON.stringify(r.label)).join(', ')}`);
    return found;
  };
  const keys = async (prefix: string): Promise<string[]> => {
    const all: string[] = [];
    for await (const page of listAllObjects(s3, { bucket: SEED.bucket1, prefix })) all.push(...page.map((o) => o.key));
    return all.sort();
  };
  const s3Writes = async () =>
    (await control.requestLog()).filter((e) => e.service === 's3' && /^(PutObject|DeleteObject|DeleteObjects|CopyObject|CreateMultipartUpload)$/.test(e.operation));
  const download = (target: S3TreeRow) => {
    person.openAnswers = [[vscode.Uri.file(downloads)]];
    return vscode.commands.executeCommand('roleChains.s3.download', target.ref);
  };

  before(async () => {
    api = await testingApi();
    await resetState(api);
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-it-home-'));
    downloads = path.join(home, 'Downloads');
    fs.mkdirSync(downloads);
    fs.writeFileSync(path.join(home, '.bashrc'), '# the real one\n');
    // The hostile keys, put as another account sharing the bucket would: straight through the SDK.
    const config = vscode.workspace.getConfiguration('roleChains');
    const endpoint = config.get<string>('endpoints.s3') ?? '';
    const session = await runChain(
      { name: 'seeder', region: SEED.region, steps: [{ roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial }] },
      {
        endpoints: { sts: config.get<string>('endpoints.sts') ?? '' },
        baseCredentials: async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey }),
        prompts: { externalId: async () => SEED.externalIdA, mfaCode: () => control.mfaCode(SEED.developerName) },
      },
    );
    s3 = createS3ClientFor(s3AccessForStep(session.steps[0] as Session['steps'][number], { s3: endpoint, forcePathStyle: true, chainName: 'seeder' }));
    const put = (key: string) => s3.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: key, Body: `planted as ${key}\n` }));
    for (const key of [
      `${RUN}/../.bashrc`,
      `${RUN}/x/../../y`,
      `${RUN}/a//junk`,
      `${RUN}/a/keep.txt`,
      `${RUN}/win/${WINDOWS_NAME}/evil.bat`,
      `${RUN}/win/CON`,
      `${RUN}/win/a:b`,
      `${RUN}/win/ok.txt`,
    ]) {
      await put(key);
    }
    await signIn(api, TWO_STEP);
    await vscode.commands.executeCommand('roleChains.s3.browseAsStep', { ...STEP1, roleArn: SEED.roleA });
  });
  beforeEach(async () => {
    person = new ScriptedUi();
    api.s3.setUiForTesting(person.api());
    await control.clearRequestLog();
  });
  afterEach(() => api.s3.setUiForTesting(undefined));
  after(async () => {
    api.s3.setUiForTesting(undefined);
    const left = await keys(`${RUN}/`);
    if (left.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: SEED.bucket1, Delete: { Objects: left.map((Key) => ({ Key })) } }));
    s3.destroy();
    await vscode.commands.executeCommand('roleChains.s3.closeRoot', STEP1);
    await resetState(api);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('../.bashrc: the folder row ".." downloads nothing and says why; ~/.bashrc is untouched', async () => {
    const dots = await row(`${RUN}/../`);
    assert.equal(dots.label, '..', 'the bucket shows the hostile folder as it is');
    await download(dots);
    assert.equal(fs.readFileSync(path.join(home, '.bashrc'), 'utf8'), '# the real one\n');
    assert.deepEqual(entriesUnder(home), ['.bashrc'], 'something was written');
    assert.match(person.said(), new RegExp(`${RUN}/\\.\\./.*"\\.\\." segment`), 'the refusal names the folder and the reason');
    assert.deepEqual(await s3Writes(), []);
  });

  it('x/../../y: neither the ".." rows under x nor x itself write anything outside the chosen folder', async () => {
    await download(await row(`${RUN}/x/../../`));
    assert.deepEqual(entriesUnder(home), ['.bashrc'], 'the second ".." row wrote beside the download folder');
    assert.match((person.lastNotice()?.message ?? ''), new RegExp(`${RUN}/x/\\.\\./\\.\\./.*"\\.\\." segment`));
    await download(await row(`${RUN}/x/`));
    assert.deepEqual(entriesUnder(home), ['.bashrc']);
    assert.match((person.lastNotice()?.message ?? ''), new RegExp(`${RUN}/x/\\.\\./\\.\\./y.*"\\.\\." segment`), 'the skipped key is named');
  });

  it('a//junk: Delete on the blank folder confirms one object and deletes exactly that one', async () => {
    const blank = await row(`${RUN}/a//`);
    person.confirmAnswers = [true];
    await vscode.commands.executeCommand('roleChains.s3.delete', blank.ref);
    assert.match(person.confirms[0] ?? '', new RegExp(`^Delete 1 object \\(.*\\) under s3://bucket1/${RUN}/a//\\?$`));
    assert.deepEqual(await keys(`${RUN}/a/`), [`${RUN}/a/keep.txt`], 'the delete took more than it confirmed');
  });

  it('an existing local file is never replaced without asking: Skip keeps it', async () => {
    const mine = path.join(downloads, 'a', 'keep.txt');
    fs.mkdirSync(path.dirname(mine), { recursive: true });
    fs.writeFileSync(mine, 'my own copy\n');
    person.overwriteAnswers = ['skip'];
    await download(await row(`${RUN}/a/`));
    assert.deepEqual(person.overwrites, [mine]);
    assert.equal(fs.readFileSync(mine, 'utf8'), 'my own copy\n');
    assert.match((person.lastNotice()?.message ?? ''), /1 existing file kept/);
    fs.rmSync(path.dirname(mine), { recursive: true });
  });

  it('a Windows-style name: refused on every platform, with the rest of the folder downloaded', async () => {
    await download(await row(`${RUN}/win/`));
    assert.deepEqual(entriesUnder(home), ['.bashrc', 'Downloads/win/ok.txt']);
    const said = person.said();
    for (const key of [`${RUN}/win/${WINDOWS_NAME}/evil.bat`, `${RUN}/win/CON`, `${RUN}/win/a:b`]) {
      assert.ok(said.includes(key) || /see the log/.test(said), `not reported: ${key}\n${said}`);
    }
    fs.rmSync(path.join(downloads, 'win'), { recursive: true });
    await download(await row(`${RUN}/win/${WINDOWS_NAME}/`));
    assert.deepEqual(entriesUnder(home), ['.bashrc'], 'the Windows-style folder was written');
    assert.match((person.lastNotice()?.message ?? ''), /backslash/);
    assert.deepEqual(await s3Writes(), []);
  });

  it('a workspace with links to a fake ~/.aws: Upload Folder skips them, names them, and uploads the rest once', async () => {
    const aws = path.join(home, '.aws');
    fs.mkdirSync(aws);
    fs.writeFileSync(path.join(aws, 'credentials'), '[default]\naws_secret_access_key = planted-in-a-fake-home\n');
    const repo = path.join(home, 'repo');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'index.html'), '<h1>site</h1>\n');
    fs.writeFileSync(path.join(repo, 'src', 'app.js'), 'void 0;\n');
    fs.symlinkSync(path.join(aws, 'credentials'), path.join(repo, 'favicon.ico'));
    fs.symlinkSync(aws, path.join(repo, 'assets'), 'dir');
    fs.symlinkSync('index.html', path.join(repo, 'home.html'));
    fs.symlinkSync('..', path.join(repo, 'src', 'loop'), 'dir');

    person.openAnswers = [[vscode.Uri.file(repo)]];
    await vscode.commands.executeCommand('roleChains.s3.uploadFolder', { ...STEP1, bucket: SEED.bucket1, prefix: `${RUN}/up/` });
    const puts = (await s3Writes()).map((e) => `${e.operation} ${e.key}`).sort();
    assert.deepEqual(puts, [`PutObject ${RUN}/up/repo/index.html`, `PutObject ${RUN}/up/repo/src/app.js`]);
    const summary = (person.lastNotice()?.message ?? '');
    assert.match(summary, /favicon\.ico/, 'the summary does not name the skipped file link');
    assert.match(summary, /assets/, 'the summary does not name the skipped folder link');
    assert.doesNotMatch(summary, /planted-in-a-fake-home/);
  });
});
