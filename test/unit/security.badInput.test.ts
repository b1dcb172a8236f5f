// Bad input, table-driven: every row goes through the entry point the extension uses (settings parsing, runChain
// with the typed answer, the upload engine, presigning, endpoint parsing), must be refused with a message that
// names the problem and says what to do, and must send nothing: the local endpoint's request log stays empty.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runChain, type RunChainOptions } from '../../src/core/aws/runChain';
import { createS3ClientFor, listPage, presignGetObject, s3AccessForStep, statObject, uploadBatch, type S3Gateway } from '../../src/core/aws/s3';
import type { ChainConfig } from '../../src/core/chain';
import { parseChains } from '../../src/core/chainParser';
import { parseEndpoints } from '../../src/core/endpoints';
import { isRoleChainError } from '../../src/core/errors';
import type { Session, StepSession } from '../../src/core/session';
import type { UploadItem } from '../../src/core/transfer';
import { expandUploadSources } from '../../src/core/uploadSources';
import { SEED, startLocalAws, type LocalAws } from '../localAws';
import { scriptedPrompts, seedBaseCredentials, seedChain } from '../support/chainFixtures';

const ROLE = 'arn:aws:iam::123456789012:role/Deployer';

/** One row: what is typed or configured, the fragment the message must hold, and how it reaches the product. */
interface Row {
  group: string;
  input: string;
  expect: RegExp;
  /** Returns the message the person would see. */
  run: () => Promise<string>;
  /** A typed secret that must not be echoed back in the message. */
  secret?: string;
}

/** The message of a rejected promise; fails the row if it resolves or rejects with something untyped. */
async function rejection(p: Promise<unknown>, kind: string = 'validation'): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(isRoleChainError(e), `not a RoleChainError: ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    return e.message;
  }
  assert.fail('expected the input to be refused');
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('security: bad input is refused with a specific message and no request', function () {
  this.timeout(30_000);
  let aws: LocalAws;
  let tmp: string;
  let session: Session;
  let s3: S3Gateway;
  const options = (prompts: RunChainOptions['prompts']): RunChainOptions => ({ prompts, endpoints: { sts: aws.endpoint }, baseCredentials: seedBaseCredentials() });

  /** The settings problem of one chain (or list of chains) as parseChains reports it. */
  function settingsMessage(raw: unknown): string {
    const { chains, problems } = parseChains(Array.isArray(raw) ? raw : [raw]);
    assert.ok(problems.length > 0, 'parseChains found no problem');
    if (!Array.isArray(raw)) assert.deepEqual(chains, [], 'an invalid chain is left out, not half-used');
    // The Chains view and the settings notification show each problem as `path: message`.
    return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
  }

  /**
   * A settings row: parseChains must flag it, and runChain (what a run of that chain would do if it got past the
   * settings check) must refuse it before any prompt or request.
   */
  function settingsRow(input: string, raw: Record<string, unknown>, expect: RegExp, run: { kind?: string; expect?: RegExp } = {}): Row {
    return {
      group: 'settings',
      input,
      expect,
      run: async () => {
        const fromSettings = settingsMessage(raw);
        const prompts = scriptedPrompts(() => '123456');
        const fromRun = await rejection(runChain(raw as unknown as ChainConfig, options(prompts)), run.kind);
        assert.match(fromRun, run.expect ?? expect, 'runChain gives the same advice');
        assert.deepEqual(prompts.calls, [], 'nothing was asked');
        return fromSettings;
      },
    };
  }

  const chainWith = (step: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name: 'bad',
    region: 'us-east-1',
    steps: [{ roleArn: ROLE, externalId: 'none', ...step }],
    ...extra,
  });
  const twoSteps = (second: Record<string, unknown>): Record<string, unknown> => ({
    name: 'bad',
    steps: [
      { roleArn: ROLE, externalId: 'none' },
      { roleArn: 'arn:aws:iam::210987654321:role/Target', externalId: 'none', ...second },
    ],
  });

  /** A prompt row: step 1 of the seed chain (ExternalId then MFA code), one answer replaced by the bad one. */
  function promptRow(input: string, which: 'externalId' | 'mfaCode', answer: string, expect: RegExp): Row {
    return {
      group: 'prompt',
      input,
      expect,
      secret: answer,
      run: () => rejection(runChain(seedChain(2), options(scriptedPrompts(() => aws.mfaCode(SEED.developerName), { [which]: { 0: answer } })))),
    };
  }

  const upload = (items: UploadItem[], bucket: string = SEED.bucket1) => uploadBatch({ items, bucket, sse: { mode: 'none' }, client: s3 });

  /** An upload row whose one item must fail alone, with no request. */
  function itemRow(input: string, item: () => UploadItem, expect: RegExp): Row {
    return {
      group: 's3',
      input,
      expect,
      run: async () => {
        const result = await upload([item()]);
        assert.deepEqual(result.uploaded, []);
        assert.equal(result.failed.length, 1, JSON.stringify(result));
        return result.failed[0]?.reason ?? '';
      },
    };
  }

  /** A folder that the walk must report a problem for; whatever it planned is then uploaded (nothing, here). */
  function walkRow(input: string, make: (root: string) => void, expect: RegExp): Row {
    return {
      group: 's3',
      input,
      expect,
      run: async () => {
        const root = fs.mkdtempSync(path.join(tmp, 'walk-'));
        make(root);
        const plan = await expandUploadSources([root], 'up/');
        const reported = [...plan.problems.map((p) => p.reason), ...plan.linksOutside.map((l) => `skipped: ${path.basename(l.path)} leads outside, to ${l.target}`)];
        assert.equal(reported.length, 1, JSON.stringify(plan));
        const result = await upload(plan.items);
        assert.deepEqual([...result.uploaded, ...result.failed], []);
        return reported.join('\n');
      },
    };
  }

  function bucketRow(input: string, bucket: string, expect: RegExp, via: 'upload' | 'list' | 'presign'): Row {
    return {
      group: 's3',
      input: `${input} (${via})`,
      expect,
      run: () => {
        switch (via) {
          case 'upload':
            return rejection(upload([], bucket));
          case 'list':
            return rejection(listPage(s3, { bucket }));
          case 'presign':
            return rejection(presignGetObject(s3, { bucket, key: 'a.txt', expiresIn: 60, sessionExpiresAt: session.expiresAt }));
        }
      },
    };
  }

  function presignRow(input: string, expiresIn: number, sessionLeftMs: number, expect: RegExp): Row {
    return {
      group: 's3',
      input,
      expect,
      run: () => rejection(presignGetObject(s3, { bucket: SEED.bucket1, key: 'share/a.txt', expiresIn, sessionExpiresAt: Date.now() + sessionLeftMs })),
    };
  }

  function endpointRow(input: string, raw: { sts?: unknown; s3?: unknown; forcePathStyle?: unknown }, expect: RegExp): Row {
    return {
      group: 'endpoint',
      input,
      expect,
      run: async () => {
        const { endpoints, problems } = parseEndpoints(raw);
        assert.deepEqual(endpoints, {}, 'the invalid endpoint is not used');
        assert.equal(problems.length, 1);
        return problems[0]?.message ?? '';
      },
    };
  }

  const rows: Row[] = [
    // Role ARNs
    settingsRow('role ARN with an unknown partition', chainWith({ roleArn: 'arn:aws-moon:iam::123456789012:role/Deployer' }), /Unknown partition "aws-moon": use aws, aws-cn, aws-us-gov/),
    settingsRow('role ARN with an 11-digit account', chainWith({ roleArn: 'arn:aws:iam::12345678901:role/Deployer' }), /account id in the role ARN must be 12 digits, e\.g\. arn:aws:iam::123456789012:role\/Deployer/),
    settingsRow('role ARN with letters in the account', chainWith({ roleArn: 'arn:aws:iam::12345678901x:role/Deployer' }), /account id in the role ARN must be 12 digits/),
    settingsRow('role ARN naming a user, not a role', chainWith({ roleArn: 'arn:aws:iam::123456789012:user/alice' }), /role ARN must end in :role\/<name>/),
    settingsRow('a session ARN instead of the role', chainWith({ roleArn: 'arn:aws:sts::123456789012:assumed-role/Deployer/bob' }), /session ARN, not a role ARN: use the IAM role/),
    settingsRow('role ARN of another service', chainWith({ roleArn: 'arn:aws:s3::123456789012:role/Deployer' }), /IAM ARN \(arn:aws:iam::…\), not "s3"/),
    // Chains
    settingsRow('a chain with no steps', { name: 'empty', steps: [] }, /add at least one step, e\.g\. \[\{ "roleArn"/),
    {
      group: 'settings',
      input: 'two chains with the same name',
      expect: /name: already used by roleChains\.chains\[0\]; chain names must be unique, so rename one/,
      run: async () => {
        const same = { name: 'prod', steps: [{ roleArn: ROLE, externalId: 'none' }] };
        const { chains } = parseChains([same, { ...same }]);
        assert.equal(chains.length, 1, 'only the first chain of that name is used');
        return settingsMessage([same, { ...same }]);
      },
    },
    // Literal secrets in settings
    settingsRow('a literal ExternalId in a step', chainWith({ externalId: 'partner-7Qm2xK9v' }), /never put an ExternalId in settings; set "prompt"/),
    settingsRow('a secretAccessKey field', chainWith({}, { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }), /remove "secretAccessKey": never put AWS keys or tokens in settings/),
    settingsRow('an aws_session_token field in a step', chainWith({ aws_session_token: 'FwoGZXIvYXdzEBAaDLocalTokenExample' }), /remove "aws_session_token": never put AWS keys or tokens in settings/),
    settingsRow('an AKIA-shaped value', chainWith({}, { sourceProfile: 'AKIAIOSFODNN7EXAMPLE' }), /\.sourceProfile: .*looks like an AWS access key id: remove it/, {
      expect: /looks like an AWS access key id: remove it/,
    }),
    settingsRow('a secret-key-shaped value', chainWith({}, { sourceProfile: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }), /\.sourceProfile: .*looks like a secret access key: remove it/, {
      expect: /looks like a secret access key: remove it/,
    }),
    // Session names
    settingsRow('session name of 1 character', chainWith({ sessionName: 'a' }), /session name has 2–64 characters \(this one has 1\)/),
    settingsRow('session name of 65 characters', chainWith({ sessionName: 'x'.repeat(65) }), /session name has 2–64 characters \(this one has 65\)/),
    settingsRow('session name with a space', chainWith({ sessionName: 'bob smith' }), /session name may only hold letters, digits and \+ = , \. @ _ - \(found " "\)/),
    settingsRow('session name with a slash', chainWith({ sessionName: 'bob/smith' }), /\(found "\/"\)/),
    // Durations
    settingsRow('durationSeconds 899', chainWith({ durationSeconds: 899 }), /durationSeconds must be between 900 and 43200 \(15 min to 12 h\); got 899/),
    settingsRow('durationSeconds 43201', chainWith({ durationSeconds: 43201 }), /durationSeconds must be between 900 and 43200 \(15 min to 12 h\); got 43201/),
    settingsRow('durationSeconds 3600.5', chainWith({ durationSeconds: 3600.5 }), /durationSeconds must be a whole number of seconds/),
    settingsRow('chained step asking for 3601 s', twoSteps({ durationSeconds: 3601 }), /at most 3600 s.*durationSeconds ≤ 3600/, { kind: 'chaining-cap' }),
    // MFA serials
    settingsRow('MFA serial naming a user', chainWith({ mfaSerial: 'arn:aws:iam::123456789012:user/alice' }), /MFA device ARN must end in :mfa\/<name>, e\.g\. arn:aws:iam::123456789012:mfa\/alice/),
    settingsRow('MFA serial too short for a hardware token', chainWith({ mfaSerial: 'GA12' }), /hardware serial of 9–256 letters, digits/),
    settingsRow('MFA serial with a 10-digit account', chainWith({ mfaSerial: 'arn:aws:iam::1234567890:mfa/alice' }), /account id in the MFA device ARN must be 12 digits/),

    // Typed at the prompt (the answer itself must not be echoed)
    promptRow('empty ExternalId', 'externalId', '', /Step 1\/2 \(role\/RoleA in 222222222222\) ExternalId: Enter the ExternalId the role owner gave you/),
    promptRow('ExternalId of 1 character', 'externalId', 'Q', /ExternalId: An ExternalId has 2–1224 characters \(this one has 1\)/),
    promptRow('ExternalId of 1,225 characters', 'externalId', 'k'.repeat(1225), /ExternalId: An ExternalId has 2–1224 characters \(this one has 1225\)/),
    promptRow('ExternalId with a space', 'externalId', 'partner id 7Qm2', /ExternalId: An ExternalId may only hold letters, digits and \+ = , \. @ : \/ _ - \(no spaces\)/),
    promptRow('ExternalId with a semicolon', 'externalId', 'partner;7Qm2xK9v', /ExternalId: An ExternalId may only hold letters/),
    promptRow('MFA code of 5 digits', 'mfaCode', '12345', /Step 1\/2 \(role\/RoleA in 222222222222\) MFA code: Enter the 6-digit code your MFA device shows now/),
    promptRow('MFA code of 7 digits', 'mfaCode', '1234567', /MFA code: Enter the 6-digit code/),
    promptRow('MFA code with a letter', 'mfaCode', '12a456', /MFA code: Enter the 6-digit code/),
    promptRow('empty MFA code', 'mfaCode', '', /MFA code: Enter the 6-digit code/),

    // Endpoint settings
    endpointRow('STS endpoint ftp://', { sts: 'ftp://127.0.0.1:21' }, /roleChains\.endpoints\.sts: Endpoint URLs use http or https, not ftp/),
    endpointRow('S3 endpoint file:///', { s3: 'file:///etc/passwd' }, /roleChains\.endpoints\.s3: Endpoint URLs use http or https, not file/),
    endpointRow('S3 endpoint javascript:', { s3: 'javascript:alert(1)' }, /roleChains\.endpoints\.s3: Endpoint URLs use http or https, not javascript/),
    endpointRow('STS endpoint that is not a URL', { sts: '127.0.0.1:4566' }, /roleChains\.endpoints\.sts: .*(full URL|http or https)/),
    endpointRow('S3 endpoint with a password in it', { s3: 'http://admin:hunter2@127.0.0.1:4566' }, /Remove the user name and password from the endpoint URL/),
    {
      group: 'endpoint',
      input: 'runChain given an ftp:// STS endpoint',
      expect: /roleChains\.endpoints\.sts: Endpoint URLs use http or https, not ftp/,
      run: () => rejection(runChain(seedChain(1), { ...options(scriptedPrompts(() => '123456')), endpoints: { sts: `ftp://127.0.0.1:${aws.port}` } })),
    },

    // S3: bucket names
    bucketRow('bucket name with uppercase', 'MyBucket', /Bucket names are lowercase: use a-z, digits, dots and hyphens/, 'upload'),
    bucketRow('bucket name of 2 characters', 'ab', /A bucket name has 3–63 characters \(this one has 2\)/, 'upload'),
    bucketRow('bucket name of 64 characters', 'b'.repeat(64), /A bucket name has 3–63 characters \(this one has 64\)/, 'list'),
    bucketRow('bucket name shaped like an IP address', '192.168.10.1', /may not look like an IP address/, 'list'),
    bucketRow('bucket name with ".."', 'my..bucket', /may not hold two adjacent dots/, 'presign'),
    // S3: keys and files
    itemRow(
      'key of 513 "é" (1,026 UTF-8 bytes, 513 characters)',
      () => ({ localPath: path.join(tmp, 'small.txt'), key: 'é'.repeat(513), size: 5 }),
      /An object key is at most 1024 bytes of UTF-8 \(this one has 1026\): shorten it\. Nothing was sent/,
    ),
    {
      group: 's3',
      input: 'presign a key of 257 emoji (1,028 bytes)',
      expect: /at most 1024 bytes of UTF-8 \(this one has 1028\)/,
      run: () => rejection(presignGetObject(s3, { bucket: SEED.bucket1, key: '😀'.repeat(257), expiresIn: 60, sessionExpiresAt: session.expiresAt })),
    },
    {
      group: 's3',
      input: 'a file that vanished between pick and upload',
      expect: /gone\.txt: the file no longer exists\. Nothing was sent/,
      run: async () => {
        const dir = fs.mkdtempSync(path.join(tmp, 'vanish-'));
        write(path.join(dir, 'gone.txt'), 'here at pick time');
        const plan = await expandUploadSources([path.join(dir, 'gone.txt')], 'up/');
        assert.equal(plan.items.length, 1);
        fs.rmSync(path.join(dir, 'gone.txt'));
        const result = await upload(plan.items);
        assert.equal(result.failed.length, 1);
        return result.failed[0]?.reason ?? '';
      },
    },
    // Root reads chmod-000 files, so "unreadable" is something no user can read as a file.
    itemRow('a folder where a file was expected', () => ({ localPath: fs.mkdtempSync(path.join(tmp, 'dir-')), key: 'up/dir', size: 0 }), /it is not a regular file/),
    itemRow(
      'a dangling symbolic link picked as a file',
      () => {
        const link = path.join(fs.mkdtempSync(path.join(tmp, 'dangling-')), 'link.txt');
        fs.symlinkSync(path.join(tmp, 'does-not-exist.txt'), link);
        return { localPath: link, key: 'up/link.txt', size: 0 };
      },
      /link\.txt: the file no longer exists\. Nothing was sent/,
    ),
    walkRow('a dangling symbolic link inside a folder', (root) => fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'broken.txt')), /skipped: broken symbolic link/),
    walkRow(
      'a symbolic link to a folder outside the chosen one (a planted ~/.aws)',
      (root) => {
        const outside = fs.mkdtempSync(path.join(tmp, 'dot-aws-'));
        fs.writeFileSync(path.join(outside, 'credentials'), '[default]\n');
        fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
        fs.symlinkSync(outside, path.join(root, 'a', 'b', 'assets'));
      },
      /skipped: assets leads outside, to .*dot-aws-/,
    ),
    // S3: presigned URL expiry
    presignRow('presign for 1 h with 10 min of session left', 3600, 10 * 60_000 + 500, /The session ends in 10 min, and the URL stops working with it: choose at most 600 seconds/),
    presignRow('presign for 0 seconds', 0, 3_600_000, /Enter the expiry in whole seconds \(at least 1\)/),
    presignRow('presign with an expired session', 60, -1000, /The session has expired: run the chain again to sign a URL/),
    presignRow('presign for 8 days', 8 * 24 * 3600, 30 * 24 * 3_600_000, /A presigned URL lasts at most 604800 seconds \(7 days\)/),
  ];

  before(async () => {
    aws = await startLocalAws();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bad-input-'));
    write(path.join(tmp, 'small.txt'), 'small');
    session = await runChain(seedChain(1), options(scriptedPrompts(() => aws.mfaCode(SEED.developerName))));
    s3 = createS3ClientFor(s3AccessForStep(session.steps[0] as StepSession, { s3: aws.endpoint, forcePathStyle: true }));
  });

  after(async () => {
    s3?.destroy();
    await aws?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => aws.clearRequestLog());

  it('has at least 30 rows', () => {
    assert.ok(rows.length >= 30, `${rows.length} rows`);
  });

  for (const row of rows) {
    it(`${row.group}: ${row.input}`, async () => {
      const message = await row.run();
      assert.match(message, row.expect);
      if (row.secret !== undefined && row.secret.length >= 4) assert.ok(!message.includes(row.secret), 'the typed answer is not echoed');
      assert.deepEqual(aws.requestLog(), [], 'no request reached the endpoint');
    });
  }

  it('positive control: a zero-byte file is valid and uploads (and the request log does record requests)', async () => {
    const empty = path.join(tmp, 'empty.txt');
    write(empty, '');
    const plan = await expandUploadSources([empty], 'controls/');
    assert.deepEqual(plan.problems, []);
    const result = await upload(plan.items);
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.uploaded.map((u) => u.key), ['controls/empty.txt']);
    assert.deepEqual(
      aws.requestLog().map((e) => [e.operation, e.key, e.status]),
      [['PutObject', 'controls/empty.txt', 200]],
    );
    assert.equal((await statObject(s3, SEED.bucket1, 'controls/empty.txt'))?.size, 0);
  });
});
