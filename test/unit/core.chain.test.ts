// roleChains.chains parsing: every rule, problem paths and wording, and literal secrets rejected.
import assert from 'node:assert/strict';
import { stepRegion, toSettingsValue, type ChainConfig, type ChainProblem } from '../../src/core/chain';
import { parseChains, validateChain } from '../../src/core/chainParser';

const ROLE_A = 'arn:aws:iam::222222222222:role/RoleA';
const ROLE_B = 'arn:aws:iam::333333333333:role/RoleB';
const SSO_URL = 'https://d-1234567890.awsapps.com/start';

function chainWith(overrides: Record<string, unknown> = {}, stepOverrides: Array<Record<string, unknown>> = [{}]): Record<string, unknown> {
  return {
    name: 'prod',
    steps: stepOverrides.map((o, i) => ({ roleArn: i === 0 ? ROLE_A : ROLE_B, externalId: 'prompt', ...o })),
    ...overrides,
  };
}

function onlyProblem(raw: unknown): ChainProblem {
  const { chains, problems } = parseChains(raw);
  assert.equal(chains.length, 0, 'the invalid chain is left out');
  assert.equal(problems.length, 1, `one problem expected, got ${JSON.stringify(problems, null, 1)}`);
  return problems[0]!;
}

describe('chain settings', () => {
  it('parses a valid two-step chain with defaults filled in', () => {
    const { chains, problems } = parseChains([
      {
        name: 'prod',
        sourceProfile: 'dev',
        region: 'eu-west-1',
        steps: [
          { roleArn: ROLE_A, externalId: 'prompt', durationSeconds: 7200, mfaSerial: 'arn:aws:iam::111111111111:mfa/alice' },
          { roleArn: ROLE_B, sessionName: 'deployer', durationSeconds: 3600, region: 'eu-central-1' },
        ],
        s3: { sse: 'AES256', buckets: ['bucket1', 'bucket2'] },
      },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(chains, [
      {
        name: 'prod',
        sourceProfile: 'dev',
        region: 'eu-west-1',
        steps: [
          { roleArn: ROLE_A, externalId: 'prompt', durationSeconds: 7200, mfaSerial: 'arn:aws:iam::111111111111:mfa/alice' },
          { roleArn: ROLE_B, externalId: 'prompt', sessionName: 'deployer', durationSeconds: 3600, region: 'eu-central-1' },
        ],
        s3: { sse: 'AES256', buckets: ['bucket1', 'bucket2'] },
      },
    ]);
    const chain = chains[0]!;
    assert.equal(stepRegion(chain, chain.steps[0]!), 'eu-west-1');
    assert.equal(stepRegion(chain, chain.steps[1]!), 'eu-central-1');
    assert.equal(stepRegion({}, {}), 'us-east-1');
  });

  it('treats an absent setting as no chains and a non-list as one problem', () => {
    assert.deepEqual(parseChains(undefined), { chains: [], problems: [] });
    const { problems } = parseChains({ name: 'x' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, 'roleChains.chains');
    assert.match(problems[0]!.message, /must be a list of chains/);
  });

  it('keeps valid chains when another one is invalid', () => {
    const { chains, problems } = parseChains([chainWith({ name: 'good' }), chainWith({ name: 'bad', region: 'nowhere' })]);
    assert.deepEqual(chains.map((c) => c.name), ['good']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, 'roleChains.chains[1].region');
  });

  const cases: Array<{ title: string; raw: unknown; path: string; step?: number; field?: string; message: RegExp }> = [
    { title: 'a chain that is not an object', raw: ['x'], path: 'roleChains.chains[0]', message: /^Chain #1: each chain is an object/ },
    { title: 'a missing name', raw: [{ steps: [{ roleArn: ROLE_A }] }], path: 'roleChains.chains[0].name', field: 'name', message: /^Chain #1, name: give the chain a unique name/ },
    { title: 'an empty name', raw: [chainWith({ name: '  ' })], path: 'roleChains.chains[0].name', field: 'name', message: /Give the chain a name/ },
    { title: 'no steps', raw: [chainWith({ steps: [] })], path: 'roleChains.chains[0].steps', field: 'steps', message: /^Chain "prod", steps: add at least one step/ },
    { title: 'steps not a list', raw: [chainWith({ steps: {} })], path: 'roleChains.chains[0].steps', field: 'steps', message: /add at least one step/ },
    { title: 'a step that is not an object', raw: [chainWith({ steps: ['arn'] })], path: 'roleChains.chains[0].steps[0]', step: 1, message: /^Chain "prod", step 1: each step is an object/ },
    { title: 'a missing roleArn', raw: [chainWith({}, [{ roleArn: undefined }])], path: 'roleChains.chains[0].steps[0].roleArn', step: 1, field: 'roleArn', message: /add the role to assume/ },
    { title: 'a bad roleArn in step 2', raw: [chainWith({}, [{}, { roleArn: 'arn:aws:iam::33:role/B' }])], path: 'roleChains.chains[0].steps[1].roleArn', step: 2, field: 'roleArn', message: /^Chain "prod", step 2, roleArn: The account id .* 12 digits/ },
    { title: 'a bad session name', raw: [chainWith({}, [{ sessionName: 'a' }])], path: 'roleChains.chains[0].steps[0].sessionName', step: 1, field: 'sessionName', message: /2–64/ },
    { title: 'a duration out of range', raw: [chainWith({}, [{ durationSeconds: 600 }])], path: 'roleChains.chains[0].steps[0].durationSeconds', step: 1, field: 'durationSeconds', message: /between 900 and 43200/ },
    { title: 'a duration that is a string', raw: [chainWith({}, [{ durationSeconds: '3600' }])], path: 'roleChains.chains[0].steps[0].durationSeconds', step: 1, field: 'durationSeconds', message: /must be a number of seconds/ },
    { title: 'the chaining cap on step 2', raw: [chainWith({}, [{ durationSeconds: 43200 }, { durationSeconds: 7200 }])], path: 'roleChains.chains[0].steps[1].durationSeconds', step: 2, field: 'durationSeconds', message: /^Chain "prod", step 2, durationSeconds: Chained role sessions last at most 3600 s/ },
    { title: 'a bad MFA serial', raw: [chainWith({}, [{ mfaSerial: 'abc' }])], path: 'roleChains.chains[0].steps[0].mfaSerial', step: 1, field: 'mfaSerial', message: /hardware serial/ },
    { title: 'a bad step region', raw: [chainWith({}, [{ region: 'mars-1' }])], path: 'roleChains.chains[0].steps[0].region', step: 1, field: 'region', message: /not a region/ },
    { title: 'a bad chain region', raw: [chainWith({ region: 'EU' })], path: 'roleChains.chains[0].region', field: 'region', message: /not a region/ },
    { title: 'an empty sourceProfile', raw: [chainWith({ sourceProfile: '' })], path: 'roleChains.chains[0].sourceProfile', field: 'sourceProfile', message: /Name a profile/ },
    { title: 'externalId neither prompt nor none (not a string)', raw: [chainWith({}, [{ externalId: true }])], path: 'roleChains.chains[0].steps[0].externalId', step: 1, field: 'externalId', message: /"prompt" \(asked at run time\) or "none"/ },
    { title: 'a bad sse mode', raw: [chainWith({ s3: { sse: 'aes' } })], path: 'roleChains.chains[0].s3.sse', field: 's3.sse', message: /"AES256", "aws:kms" or "none"/ },
    { title: 'kmsKeyId without aws:kms', raw: [chainWith({ s3: { sse: 'AES256', kmsKeyId: 'alias/k' } })], path: 'roleChains.chains[0].s3.kmsKeyId', field: 's3.kmsKeyId', message: /only used with "sse": "aws:kms"/ },
    { title: 'a bad kmsKeyId', raw: [chainWith({ s3: { sse: 'aws:kms', kmsKeyId: 'k k' } })], path: 'roleChains.chains[0].s3.kmsKeyId', field: 's3.kmsKeyId', message: /key id, alias/ },
    { title: 'a bad pinned bucket', raw: [chainWith({ s3: { buckets: ['ok-bucket', 'Bad_Bucket'] } })], path: 'roleChains.chains[0].s3.buckets[1]', field: 's3.buckets[1]', message: /lowercase/ },
    { title: 'a bucket pinned twice', raw: [chainWith({ s3: { buckets: ['b1-x', 'b1-x'] } })], path: 'roleChains.chains[0].s3.buckets[1]', field: 's3.buckets[1]', message: /listed twice/ },
    { title: 'buckets not a list', raw: [chainWith({ s3: { buckets: 'b1' } })], path: 'roleChains.chains[0].s3.buckets', field: 's3.buckets', message: /list of bucket names/ },
    { title: 'an unknown step field, with a suggestion', raw: [chainWith({}, [{ mfa_serial: 'arn:aws:iam::111111111111:mfa/a' }])], path: 'roleChains.chains[0].steps[0].mfa_serial', step: 1, field: 'mfa_serial', message: /unknown field\. Did you mean "mfaSerial"\?/ },
    { title: 'an unknown chain field', raw: [chainWith({ colour: 'red' })], path: 'roleChains.chains[0].colour', field: 'colour', message: /unknown field\. Known fields: name, sourceProfile/ },
    { title: 'sso that is not an object', raw: [chainWith({ sso: 'https://d-1234567890.awsapps.com/start' })], path: 'roleChains.chains[0].sso', field: 'sso', message: /^Chain "prod", sso: must be an object/ },
    { title: 'sso with neither session nor startUrl', raw: [chainWith({ sso: { accountId: '123456789012' } })], path: 'roleChains.chains[0].sso', field: 'sso', message: /add session .* or startUrl and region/ },
    { title: 'sso with both session and startUrl', raw: [chainWith({ sso: { session: 'corp', startUrl: SSO_URL } })], path: 'roleChains.chains[0].sso', field: 'sso', message: /either session .* or startUrl with region, not both/ },
    { title: 'sso beside sourceProfile', raw: [chainWith({ sourceProfile: 'dev', sso: { session: 'corp' } })], path: 'roleChains.chains[0].sso', field: 'sso', message: /sso \(IAM Identity Center\) or from sourceProfile, not both: choose one/ },
    { title: 'an sso startUrl without region', raw: [chainWith({ sso: { startUrl: SSO_URL } })], path: 'roleChains.chains[0].sso.region', field: 'sso.region', message: /add the Identity Center region/ },
    { title: 'an sso session with region', raw: [chainWith({ sso: { session: 'corp', region: 'eu-west-1' } })], path: 'roleChains.chains[0].sso.region', field: 'sso.region', message: /remove region/ },
    { title: 'an http sso startUrl', raw: [chainWith({ sso: { startUrl: 'http://d-1234567890.awsapps.com/start', region: 'eu-west-1' } })], path: 'roleChains.chains[0].sso.startUrl', field: 'sso.startUrl', message: /must use https/ },
    { title: 'an sso startUrl with a password', raw: [chainWith({ sso: { startUrl: 'https://me:pw@d-1234567890.awsapps.com/start', region: 'eu-west-1' } })], path: 'roleChains.chains[0].sso.startUrl', field: 'sso.startUrl', message: /Remove the user name and password/ },
    { title: 'a bad sso region', raw: [chainWith({ sso: { startUrl: SSO_URL, region: 'EU' } })], path: 'roleChains.chains[0].sso.region', field: 'sso.region', message: /not a region/ },
    { title: 'a bad sso session name', raw: [chainWith({ sso: { session: 'my corp' } })], path: 'roleChains.chains[0].sso.session', field: 'sso.session', message: /no spaces or brackets/ },
    { title: 'a short sso accountId', raw: [chainWith({ sso: { session: 'corp', accountId: '12345' } })], path: 'roleChains.chains[0].sso.accountId', field: 'sso.accountId', message: /12 digits/ },
    { title: 'an sso accountId as a number', raw: [chainWith({ sso: { session: 'corp', accountId: 123456789012 } })], path: 'roleChains.chains[0].sso.accountId', field: 'sso.accountId', message: /must be a string/ },
    { title: 'a bad sso roleName', raw: [chainWith({ sso: { session: 'corp', roleName: 'Admin Access' } })], path: 'roleChains.chains[0].sso.roleName', field: 'sso.roleName', message: /may only hold letters/ },
    { title: 'an unknown sso field, with a suggestion', raw: [chainWith({ sso: { session: 'corp', sso_account_id: '123456789012' } })], path: 'roleChains.chains[0].sso.sso_account_id', field: 'sso.sso_account_id', message: /unknown field\. Did you mean "accountId"\?/ },
    { title: 'step 1 over an hour from an sso base (role chaining)', raw: [chainWith({ sso: { session: 'corp' } }, [{ durationSeconds: 7200 }])], path: 'roleChains.chains[0].steps[0].durationSeconds', step: 1, field: 'durationSeconds', message: /base credentials are a role session .* 3600/ },
  ];
  for (const c of cases) {
    it(`reports ${c.title}`, () => {
      const p = onlyProblem(c.raw);
      assert.equal(p.path, c.path);
      assert.equal(p.step, c.step);
      assert.equal(p.field, c.field);
      assert.match(p.message, c.message);
    });
  }

  it('reports every problem of a chain, each with its own path', () => {
    const { problems } = parseChains([chainWith({ region: 'x' }, [{ roleArn: 'nope', durationSeconds: 1 }, { durationSeconds: 3601 }])]);
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      'roleChains.chains[0].region',
      'roleChains.chains[0].steps[0].durationSeconds',
      'roleChains.chains[0].steps[0].roleArn',
      'roleChains.chains[0].steps[1].durationSeconds',
    ]);
    assert.ok(problems.every((p) => p.chain === 'prod'));
  });

  it('parses an Identity Center base by sso-session or by start URL, account and role optional', () => {
    const { chains, problems } = parseChains([
      chainWith({ name: 'by-session', sso: { session: 'corp' } }),
      chainWith({ name: 'by-url', sso: { startUrl: SSO_URL, region: 'eu-west-1', accountId: '123456789012', roleName: 'AdministratorAccess' } }, [{ durationSeconds: 3600 }, {}]),
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(chains[0]?.sso, { session: 'corp' });
    assert.equal(chains[0]?.sourceProfile, undefined);
    assert.deepEqual(chains[1]?.sso, { startUrl: SSO_URL, region: 'eu-west-1', accountId: '123456789012', roleName: 'AdministratorAccess' });
    // The chain's own region is for STS and S3; the portal's region stays inside sso.
    assert.equal(chains[1]?.region, undefined);
  });

  it('writes an sso chain back to settings in the usual order, and the parser reads it back unchanged', () => {
    const chain: ChainConfig = {
      name: 'sso-chain',
      sso: { startUrl: SSO_URL, region: 'eu-west-1', roleName: 'ReadOnly' },
      region: 'eu-central-1',
      steps: [{ roleArn: ROLE_A, externalId: 'none' }],
    };
    const value = toSettingsValue(chain);
    assert.deepEqual(Object.keys(value), ['name', 'sso', 'region', 'steps']);
    assert.deepEqual(Object.keys(value.sso as object), ['startUrl', 'region', 'roleName']);
    assert.deepEqual(parseChains([value]), { chains: [chain], problems: [] });
    assert.equal('sso' in toSettingsValue({ name: 'x', sourceProfile: 'dev', steps: [] }), false);
  });

  it('requires unique chain names', () => {
    const { chains, problems } = parseChains([chainWith({ name: 'a' }), chainWith({ name: 'b' }), chainWith({ name: 'a' })]);
    assert.deepEqual(chains.map((c) => c.name), ['a', 'b']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, 'roleChains.chains[2].name');
    assert.match(problems[0]!.message, /already used by roleChains\.chains\[0\].*unique/);
  });

  it('accepts "none" and upper-case "PROMPT" as modes', () => {
    const { chains, problems } = parseChains([chainWith({}, [{ externalId: 'none' }, { externalId: 'PROMPT' }])]);
    assert.deepEqual(problems, []);
    assert.deepEqual(chains[0]!.steps.map((s) => s.externalId), ['none', 'prompt']);
  });

  it('defaults externalId to prompt', () => {
    const { chains } = parseChains([{ name: 'x', steps: [{ roleArn: ROLE_A }] }]);
    assert.equal(chains[0]!.steps[0]!.externalId, 'prompt');
  });

  describe('literal secrets are rejected without being repeated', () => {
    const EXTERNAL_ID = 'tenant-4242-sekrit';
    const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const TOKEN = `IQoJb3JpZ2luX2VjE${'A1b2C3d4'.repeat(20)}`;
    const secretCases: Array<{ title: string; raw: unknown; path: string; message: RegExp; secret: string }> = [
      { title: 'a literal ExternalId on a step', raw: [chainWith({}, [{}, { externalId: EXTERNAL_ID }])], path: 'roleChains.chains[0].steps[1].externalId', message: /^Chain "prod", step 2, externalId: never put an ExternalId in settings; set "prompt"/, secret: EXTERNAL_ID },
      { title: 'an ExternalId at chain level', raw: [chainWith({ external_id: EXTERNAL_ID })], path: 'roleChains.chains[0].external_id', message: /never put an ExternalId in settings/, secret: EXTERNAL_ID },
      { title: 'accessKeyId', raw: [chainWith({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })], path: 'roleChains.chains[0].accessKeyId', message: /remove "accessKeyId": never put AWS keys or tokens in settings/, secret: 'AKIAIOSFODNN7EXAMPLE' },
      { title: 'secretAccessKey on a step', raw: [chainWith({}, [{ secretAccessKey: SECRET_KEY }])], path: 'roleChains.chains[0].steps[0].secretAccessKey', message: /remove "secretAccessKey"/, secret: SECRET_KEY },
      { title: 'aws_secret_access_key', raw: [chainWith({ aws_secret_access_key: SECRET_KEY })], path: 'roleChains.chains[0].aws_secret_access_key', message: /remove "aws_secret_access_key"/, secret: SECRET_KEY },
      { title: 'sessionToken nested', raw: [chainWith({ s3: { sessionToken: TOKEN } })], path: 'roleChains.chains[0].s3.sessionToken', message: /remove "sessionToken"/, secret: TOKEN },
      { title: 'an AKIA value under an innocent key', raw: [chainWith({ sourceProfile: 'AKIAIOSFODNN7EXAMPLE' })], path: 'roleChains.chains[0].sourceProfile', message: /looks like an AWS access key id/, secret: 'AKIAIOSFODNN7EXAMPLE' },
      { title: 'an ASIA value in a session name', raw: [chainWith({}, [{ sessionName: 'ASIAIOSFODNN7EXAMPLE' }])], path: 'roleChains.chains[0].steps[0].sessionName', message: /looks like an AWS access key id/, secret: 'ASIAIOSFODNN7EXAMPLE' },
      { title: 'a session token value', raw: [chainWith({ sourceProfile: TOKEN })], path: 'roleChains.chains[0].sourceProfile', message: /looks like a session token/, secret: TOKEN },
      { title: 'a secret key value', raw: [chainWith({ s3: { kmsKeyId: SECRET_KEY } })], path: 'roleChains.chains[0].s3.kmsKeyId', message: /looks like a secret access key/, secret: SECRET_KEY },
    ];
    for (const c of secretCases) {
      it(c.title, () => {
        const { chains, problems } = parseChains(c.raw);
        assert.equal(chains.length, 0);
        const p = problems.find((x) => x.path === c.path);
        assert.ok(p, `expected a problem at ${c.path}; got ${problems.map((x) => x.path).join(', ')}`);
        assert.match(p.message, c.message);
        for (const x of problems) assert.ok(!x.message.includes(c.secret), 'the secret is never repeated');
      });
    }
  });

  it('validateChain checks a typed chain (what runChain does before any request)', () => {
    assert.deepEqual(validateChain({ name: 'x', steps: [{ roleArn: ROLE_A, externalId: 'none' }] }), []);
    const problems = validateChain({ name: 'x', steps: [{ roleArn: ROLE_A, externalId: 'none' }, { roleArn: ROLE_B, externalId: 'none', durationSeconds: 7200 }] });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.step, 2);
  });
});
