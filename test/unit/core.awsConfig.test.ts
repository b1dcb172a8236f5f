// Import from AWS config: real ini files read with the SDK's loader, chains built along source_profile, problems
// per profile, ExternalIds kept out of everything but the hidden rememberable values; an imported chain then runs
// against the local endpoint with its sourceProfile resolved by the SDK from the same files.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { defaultBaseCredentials, loadAwsConfigFiles, runChain } from '../../src/core/aws';
import { chainsFromAwsConfig, importFromAwsConfig, type AwsConfigImport } from '../../src/core/awsConfig';
import { classifyProfile, listProfiles, listSsoSessions } from '../../src/core/awsProfiles';
import { SEED, seedScenario, startLocalAws } from '../localAws';

const ROLE_A = 'arn:aws:iam::222222222222:role/RoleA';
const ROLE_B = 'arn:aws:iam::333333333333:role/RoleB';
const ROLE_C = 'arn:aws:iam::444444444444:role/ops/RoleC';
const EXT_A = 'ext-a/Secret+Value=1';
const EXT_B = 'ext-b@Another:Secret-2';
const MFA = 'arn:aws:iam::111111111111:mfa/dev';

const CONFIG = `
[default]
region = us-east-1

[profile a]
role_arn = ${ROLE_A}
source_profile = dev
external_id = ${EXT_A}
mfa_serial = ${MFA}
duration_seconds = 43200
role_session_name = alice-a
region = eu-west-1

[profile b]
role_arn = ${ROLE_B}
source_profile = a
external_id = ${EXT_B}
duration_seconds = 7200

[profile c]
role_arn = ${ROLE_C}
source_profile = b
region = eu-central-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile sso-dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Developer

[profile from-sso]
role_arn = ${ROLE_A}
source_profile = sso-dev

[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile from-legacy]
role_arn = ${ROLE_B}
source_profile = sso-legacy
duration_seconds = 7200

[profile sso-open]
sso_session = corp

[profile from-sso-open]
role_arn = ${ROLE_A}
source_profile = sso-open

[profile sso-missing]
sso_session = nope
sso_account_id = 111111111111

[profile from-sso-missing]
role_arn = ${ROLE_A}
source_profile = sso-missing

[profile sso-no-region]
sso_start_url = https://legacy.awsapps.com/start

[profile from-sso-no-region]
role_arn = ${ROLE_A}
source_profile = sso-no-region

[profile sso-http]
sso_start_url = http://legacy.awsapps.com/start
sso_region = eu-west-1

[profile from-sso-http]
role_arn = ${ROLE_A}
source_profile = sso-http

[profile ci]
role_arn = ${ROLE_A}
credential_source = Environment

[profile after-ci]
role_arn = ${ROLE_B}
source_profile = ci

[profile loop1]
role_arn = ${ROLE_A}
source_profile = loop2

[profile loop2]
role_arn = ${ROLE_B}
source_profile = loop1

[profile into-loop]
role_arn = ${ROLE_C}
source_profile = loop1

[profile orphan]
role_arn = ${ROLE_A}
source_profile = nowhere

[profile selfish]
role_arn = ${ROLE_A}
source_profile = selfish
aws_access_key_id = AKIAEXAMPLEEXAMPLE12

[profile sourceless]
role_arn = ${ROLE_A}

[profile bad-arn]
role_arn = arn:aws:iam::12345:role/Short
source_profile = dev

[profile from-empty]
role_arn = ${ROLE_A}
source_profile = empty

[profile empty]
region = us-west-2

[profile bad-fields]
role_arn = ${ROLE_A}
source_profile = dev
external_id = x
role_session_name = has spaces
duration_seconds = 12h
`;

// Sample values only; the file must hold something key-shaped for the loader to see a key profile.
const CREDENTIALS = `
[dev]
aws_access_key_id = AKIAEXAMPLEEXAMPLE11
aws_secret_access_key = exampleexampleexampleexampleexample00000
`;

describe('Import from AWS config', () => {
  let dir: string;
  let imported: AwsConfigImport;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rc-awsconfig-'));
    writeFileSync(join(dir, 'config'), CONFIG);
    writeFileSync(join(dir, 'credentials'), CREDENTIALS);
    const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
    imported = await importFromAwsConfig(async () => (await loadAwsConfigFiles({ env })).files);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const chain = (name: string) => imported.chains.find((c) => c.name === name);
  const problem = (profile: string) => imported.problems.filter((p) => p.profile === profile).map((p) => p.message);

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE and reports the paths it read', async () => {
    const loaded = await loadAwsConfigFiles({ env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') } });
    assert.equal(loaded.configFilepath, join(dir, 'config'));
    assert.equal(loaded.credentialsFilepath, join(dir, 'credentials'));
    assert.ok(loaded.files.configFile.a, 'config profiles are keyed without the "profile " prefix');
    assert.ok(loaded.files.credentialsFile.dev);
    const missing = await loadAwsConfigFiles({ env: { AWS_CONFIG_FILE: join(dir, 'nope'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'nope2') } });
    assert.deepEqual(missing.files, { configFile: {}, credentialsFile: {} });
  });

  it('builds one chain per role profile, following source_profile back to the base profile', () => {
    assert.deepEqual(chain('a'), {
      name: 'a',
      sourceProfile: 'dev',
      region: 'eu-west-1',
      steps: [{ roleArn: ROLE_A, externalId: 'prompt', mfaSerial: MFA, durationSeconds: 43200, sessionName: 'alice-a' }],
    });
    assert.deepEqual(chain('b')?.steps.map((s) => s.roleArn), [ROLE_A, ROLE_B]);
    assert.equal(chain('b')?.sourceProfile, 'dev');
    const c = chain('c');
    assert.deepEqual(c?.steps.map((s) => s.roleArn), [ROLE_A, ROLE_B, ROLE_C]);
    assert.equal(c?.region, 'eu-central-1', "the chain's region is the imported profile's");
    assert.equal(c?.steps[0]?.region, 'eu-west-1', "a hop whose region differs keeps its own");
    assert.equal(c?.steps[2]?.externalId, 'none');
  });

  it('caps chained duration_seconds at one hour and says so', () => {
    assert.equal(chain('b')?.steps[0]?.durationSeconds, 43200, 'the first step may ask for 12 h');
    assert.equal(chain('b')?.steps[1]?.durationSeconds, 3600);
    const note = imported.notes.find((n) => n.chainName === 'b' && n.stepIndex === 1);
    assert.match(note?.message ?? '', /duration_seconds 7200 capped to 3600: .*role chaining/);
  });

  it('an IAM Identity Center base profile becomes sso: its sso-session by name, with account and role', () => {
    assert.deepEqual(chain('from-sso'), { name: 'from-sso', sso: { session: 'corp', accountId: '111111111111', roleName: 'Developer' }, steps: [{ roleArn: ROLE_A, externalId: 'none' }] });
    assert.deepEqual(chain('from-sso-open')?.sso, { session: 'corp' }, 'account and role left to choose when the chain runs');
    assert.equal(chain('from-sso')?.sourceProfile, undefined);
  });

  it('a legacy SSO profile becomes sso with its start URL and region; step 1 is role chaining, capped at one hour', () => {
    const legacy = chain('from-legacy');
    assert.deepEqual(legacy?.sso, { startUrl: 'https://legacy.awsapps.com/start', region: 'eu-west-1', accountId: '222222222222', roleName: 'ReadOnly' });
    assert.equal(legacy?.region, undefined, "the portal's region is not the chain's");
    assert.equal(legacy?.steps[0]?.durationSeconds, 3600);
    const note = imported.notes.find((n) => n.chainName === 'from-legacy' && n.stepIndex === 0);
    assert.match(note?.message ?? '', /duration_seconds 7200 capped to 3600: .*IAM Identity Center role credentials \(role chaining\)/);
  });

  it('an SSO base that names a missing sso-session, or lacks its region, is a problem in one sentence', () => {
    assert.equal(chain('from-sso-missing'), undefined);
    assert.deepEqual(problem('from-sso-missing'), [
      'the chain of profile "from-sso-missing" starts at profile "sso-missing" names sso_session "nope", but the config file has no [sso-session nope] section: add it (with sso_start_url and sso_region) or correct the name.',
    ]);
    assert.equal(chain('from-sso-no-region'), undefined);
    assert.match(problem('from-sso-no-region').join(), /profile "sso-no-region" has sso_start_url but no sso_region/);
    assert.equal(chain('from-sso-http'), undefined, 'the settings parser judges the start URL');
    assert.match(problem('from-sso-http').join(), /profile "from-sso-http": Chain "from-sso-http", sso\.startUrl: The start URL must use https/);
  });

  it('credential_source profiles become the sourceProfile; sso-session sections are not profiles', () => {
    assert.deepEqual(chain('after-ci'), { name: 'after-ci', sourceProfile: 'ci', steps: [{ roleArn: ROLE_B, externalId: 'none' }] });
    assert.equal(chain('ci'), undefined, 'a role assumed from credential_source is a base, not a chain');
    assert.match(imported.notes.find((n) => n.profile === 'ci')?.message ?? '', /credential_source Environment.*sourceProfile/);
    const kinds = Object.fromEntries(imported.profiles.map((p) => [p.name, p.kind]));
    assert.equal(kinds['sso-dev'], 'sso');
    assert.equal(kinds.dev, 'keys');
    assert.equal(kinds.ci, 'credential-source');
    assert.equal(kinds.a, 'role');
    assert.ok(!imported.profiles.some((p) => p.name.includes('corp')), 'the sso-session section is not listed as a profile');
  });

  it('reports cycles, missing and self-referencing sources, per profile', () => {
    assert.match(problem('loop1').join(), /loop: "loop1" → "loop2" → "loop1"/);
    assert.match(problem('loop2').join(), /loop: "loop2" → "loop1" → "loop2"/);
    assert.match(problem('into-loop').join(), /loop: "loop1" → "loop2" → "loop1"/);
    assert.match(problem('orphan').join(), /source_profile "nowhere" of profile "orphan" is in neither the config nor the credentials file/);
    assert.match(problem('selfish').join(), /names itself as source_profile/);
    assert.match(problem('sourceless').join(), /neither source_profile nor credential_source/);
    assert.match(problem('from-empty').join(), /starts at profile "empty" holds no credentials/);
    for (const name of ['loop1', 'loop2', 'into-loop', 'orphan', 'selfish', 'sourceless', 'from-empty']) assert.equal(chain(name), undefined, name);
  });

  it('leaves out chains the settings parser rejects, with its reason', () => {
    assert.equal(chain('bad-arn'), undefined);
    assert.match(problem('bad-arn').join(), /profile "bad-arn": Chain "bad-arn", step 1, roleArn: The account id in the role ARN must be 12 digits/);
  });

  it('drops invalid optional fields with a note instead of failing the chain', () => {
    assert.deepEqual(chain('bad-fields'), { name: 'bad-fields', sourceProfile: 'dev', steps: [{ roleArn: ROLE_A, externalId: 'prompt' }] });
    const notes = imported.notes.filter((n) => n.chainName === 'bad-fields').map((n) => n.message);
    assert.equal(notes.length, 3);
    assert.match(notes.join('\n'), /not a valid ExternalId, so it will be asked for/);
    assert.match(notes.join('\n'), /role_session_name left out/);
    assert.match(notes.join('\n'), /duration_seconds must be a whole number/);
    assert.ok(!imported.rememberable.some((r) => r.chainName === 'bad-fields'), 'an invalid ExternalId is not offered for remembering');
  });

  it('turns a fixed external_id into a prompt and hands the value back only as a hidden rememberable', () => {
    assert.deepEqual(
      imported.rememberable.map((r) => [r.chainName, r.stepIndex, r.profile, r.value]),
      [
        ['a', 0, 'a', EXT_A],
        ['b', 0, 'a', EXT_A],
        ['b', 1, 'b', EXT_B],
        ['c', 0, 'a', EXT_A],
        ['c', 1, 'b', EXT_B],
      ],
    );
    const everywhere = [JSON.stringify(imported), inspect(imported, { depth: 10 }), JSON.stringify(imported.rememberable[0])];
    for (const text of everywhere) {
      assert.ok(!text.includes(EXT_A) && !text.includes(EXT_B), 'an ExternalId leaked into the serialised import');
    }
    assert.ok(!text(imported).includes('Secret'), 'no message mentions a value');
  });

  it('merges the credentials file over the config file, as the SDK does', () => {
    const result = chainsFromAwsConfig({
      configFile: { r: { role_arn: ROLE_A, source_profile: 'base' }, base: { region: 'us-east-1' } },
      credentialsFile: { base: { aws_access_key_id: 'AKIAEXAMPLEEXAMPLE11', aws_secret_access_key: 'x' }, r: { external_id: 'from-credentials-file' } },
    });
    assert.deepEqual(result.chains, [{ name: 'r', sourceProfile: 'base', region: 'us-east-1', steps: [{ roleArn: ROLE_A, externalId: 'prompt' }] }]);
    assert.equal(result.rememberable[0]?.value, 'from-credentials-file');
  });

  it('lists the sso-session sections for the wizard, by name, and only from the config file', () => {
    assert.deepEqual(listSsoSessions({ configFile: { 'sso-session.b': { sso_start_url: ' https://b.awsapps.com/start ', sso_region: 'eu-west-1' }, 'sso-session.a': {}, a: { region: 'x' }, 'services.s3': {} } }), [
      { name: 'a' },
      { name: 'b', startUrl: 'https://b.awsapps.com/start', region: 'eu-west-1' },
    ]);
  });

  it('classifies profiles by how the SDK gets their credentials', () => {
    assert.equal(classifyProfile({ credential_process: '/bin/creds' }), 'credential-process');
    assert.equal(classifyProfile({ sso_start_url: 'https://x', sso_role_name: 'r' }), 'sso');
    assert.equal(classifyProfile({ role_arn: ROLE_A, web_identity_token_file: '/t' }), 'web-identity');
    assert.equal(classifyProfile({ aws_access_key_id: 'AKIAEXAMPLEEXAMPLE11' }), 'incomplete');
    assert.deepEqual(listProfiles({ configFile: { x: { region: 'eu-west-3', login_session: 'arn:aws:iam::1:user/x' } }, credentialsFile: {} }), [
      { name: 'x', kind: 'login', region: 'eu-west-3' },
    ]);
  });
});

/** Every message of an import, to prove none holds a value. */
function text(result: AwsConfigImport): string {
  return [...result.problems.map((p) => p.message), ...result.notes.map((n) => n.message)].join('\n');
}

describe('Import from AWS config: unusual files', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rc-awsconfig-odd-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a [profile __proto__] section is a problem row naming the file, not a silently empty config', async () => {
    const configFilepath = join(dir, 'proto-config');
    writeFileSync(configFilepath, `[profile base]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n\n[profile __proto__]\nregion = eu-west-1\n\n[profile r]\nrole_arn = ${ROLE_A}\nsource_profile = base\n`);
    const loaded = await loadAwsConfigFiles({ configFilepath, filepath: join(dir, 'none') });
    const result = chainsFromAwsConfig(loaded.files);
    const problem = result.problems.find((p) => p.profile === '__proto__');
    assert.ok(problem, `no problem reported: ${JSON.stringify(result.problems)}`);
    assert.ok(problem.message.includes(configFilepath), problem.message);
    assert.match(problem.message, /rename|remove/);
  });

  it('a source_profile chain longer than the import follows is one problem per profile, not a chain', () => {
    const configFile: Record<string, Record<string, string>> = { base: { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'x' } };
    for (let i = 1; i <= 30; i++) configFile[`hop${i}`] = { role_arn: `arn:aws:iam::123456789012:role/R${i}`, source_profile: i === 1 ? 'base' : `hop${i - 1}` };
    const result = chainsFromAwsConfig({ configFile, credentialsFile: {} });
    assert.deepEqual(result.chains.map((c) => c.name), Array.from({ length: 10 }, (_v, i) => `hop${i + 1}`));
    assert.equal(result.problems.length, 20);
    assert.match(result.problems[0]?.message ?? '', /profile "hop11".* more than 10 roles/);
  });
});

describe('An imported chain runs against the local endpoint', () => {
  it('resolves sourceProfile from the same files and assumes every hop, prompting for the remembered ExternalIds', async () => {
    // A throwaway key for this endpoint only, since it has to sit in a credentials file like a person's.
    const scenario = seedScenario();
    const developer = scenario.users[0]!;
    developer.secretAccessKey = randomBytes(30).toString('base64');
    const aws = await startLocalAws({ config: scenario });
    const dir = mkdtempSync(join(tmpdir(), 'rc-awsconfig-run-'));
    try {
      const configFilepath = join(dir, 'config');
      const filepath = join(dir, 'credentials');
      writeFileSync(filepath, `[developer]\naws_access_key_id = ${developer.accessKeyId}\naws_secret_access_key = ${developer.secretAccessKey}\n`, { mode: 0o600 });
      writeFileSync(
        configFilepath,
        [
          '[profile partner-a]',
          `role_arn = ${SEED.roleA}`,
          'source_profile = developer',
          `external_id = ${SEED.externalIdA}`,
          `mfa_serial = ${SEED.mfaSerial}`,
          '[profile partner-b]',
          `role_arn = ${SEED.roleB}`,
          'source_profile = partner-a',
          `external_id = ${SEED.externalIdB}`,
          'duration_seconds = 7200',
          'region = us-east-1',
        ].join('\n'),
      );
      const result = chainsFromAwsConfig((await loadAwsConfigFiles({ configFilepath, filepath })).files);
      const chainB = result.chains.find((c) => c.name === 'partner-b');
      assert.ok(chainB, JSON.stringify(result.problems));
      const remembered = (stepIndex: number) => result.rememberable.find((r) => r.chainName === 'partner-b' && r.stepIndex === stepIndex)?.value;
      const session = await runChain(chainB, {
        endpoints: { sts: aws.endpoint },
        baseCredentials: defaultBaseCredentials(chainB, { configFilepath, filepath }),
        prompts: { externalId: async (ctx) => remembered(ctx.stepIndex), mfaCode: async () => aws.mfaCode(SEED.developerName) },
      });
      assert.deepEqual(
        session.steps.map((s) => s.assumedRoleArn.replace(/\/[^/]+$/, '')),
        ['arn:aws:sts::222222222222:assumed-role/RoleA', 'arn:aws:sts::333333333333:assumed-role/RoleB'],
      );
      assert.equal(session.steps[1]?.requestedDurationSeconds, 3600, 'the capped duration is what was requested');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await aws.stop();
    }
  });
});
