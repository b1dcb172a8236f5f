// Policy generator: the model, its IAM JSON and CloudFormation YAML (parsed back with a real YAML reader), and
// the proof that matters: the generated trust policies, loaded into the local endpoint, let exactly this chain
// through — and not a wrong ExternalId, a skipped step or a missing MFA code.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { runChain } from '../../src/core/aws';
import type { ChainConfig } from '../../src/core/chain';
import type { RoleChainError } from '../../src/core/errors';
import { renderCloudFormation } from '../../src/core/policies/cloudFormation';
import { renderIamJson } from '../../src/core/policies/iamJson';
import { externalIdPlaceholder, generatePolicies, parseBasePrincipal, type PolicyDocument } from '../../src/core/policies/model';
import { toYaml, YamlTag, type YamlValue } from '../../src/core/policies/yamlWriter';
import { SEED, seedScenario, startLocalAws, type LocalAwsConfig, type LocalAws, type RoleConfig, type S3Action, type S3Grant } from '../localAws';
import { seedBaseCredentials } from '../support/chainFixtures';

// js-yaml is in the lockfile (through mocha and vsce); it has no bundled types, so only what is used is declared.
interface JsYaml {
  load(text: string, opts?: { schema?: unknown }): unknown;
  Type: new (tag: string, opts: { kind: 'scalar'; construct: (data: string) => unknown }) => unknown;
  DEFAULT_SCHEMA: { extend(types: unknown[]): unknown };
}
const yaml = createRequire(__filename)('js-yaml') as JsYaml;
const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend(['!Ref', '!GetAtt', '!Sub'].map((tag) => new yaml.Type(tag, { kind: 'scalar', construct: (data) => ({ [tag.slice(1)]: data }) })));
const parseYaml = (text: string): Record<string, unknown> => yaml.load(text, { schema: CFN_SCHEMA }) as Record<string, unknown>;

const ROLE_1 = 'arn:aws:iam::222222222222:role/GenFirst';
const ROLE_2 = 'arn:aws:iam::333333333333:role/GenSecond';
const ROLE_3 = 'arn:aws:iam::333333333333:role/ops/GenThird';

function genChain(): ChainConfig {
  return {
    name: 'generated chain',
    region: SEED.region,
    steps: [
      { roleArn: ROLE_1, externalId: 'prompt', mfaSerial: SEED.mfaSerial, durationSeconds: 43200 },
      { roleArn: ROLE_2, externalId: 'prompt', durationSeconds: 1800 },
      { roleArn: ROLE_3, externalId: 'none' },
    ],
    s3: { sse: 'AES256', buckets: [SEED.bucket1, SEED.bucket2] },
  };
}

/** Replaces {Ref: X} values by what `refs` maps X to, so YAML can be compared with the JSON model. */
function resolveRefs(v: unknown, refs: Record<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, refs));
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    if (entries.length === 1 && entries[0]![0] === 'Ref') return refs[entries[0]![1] as string] ?? v;
    return Object.fromEntries(entries.map(([k, x]) => [k, resolveRefs(x, refs)]));
  }
  return v;
}

type Obj = Record<string, unknown>;
const at = (o: unknown, ...path: (string | number)[]): unknown => path.reduce<unknown>((cur, k) => (cur as Obj | undefined)?.[k as string], o);

describe('policy generator: the model', () => {
  const p = generatePolicies(genChain(), { basePrincipalArn: SEED.developerArn });

  it('each role trusts exactly the previous principal, with the ExternalId and MFA conditions of its step', () => {
    assert.deepEqual(p.roles[0]!.trustPolicy, {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AssumeFromBasePrincipal',
          Effect: 'Allow',
          Principal: { AWS: SEED.developerArn },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': externalIdPlaceholder(0) }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    });
    assert.deepEqual(p.roles[1]!.trustPolicy.Statement[0]!.Principal, { AWS: ROLE_1 });
    assert.deepEqual(p.roles[1]!.trustPolicy.Statement[0]!.Condition, { StringEquals: { 'sts:ExternalId': externalIdPlaceholder(1) } });
    assert.deepEqual(p.roles[2]!.trustPolicy.Statement[0]!.Principal, { AWS: ROLE_2 });
    assert.equal(p.roles[2]!.trustPolicy.Statement[0]!.Condition, undefined);
    assert.deepEqual(p.roles.map((r) => [r.roleName, r.path, r.account]), [
      ['GenFirst', '/', '222222222222'],
      ['GenSecond', '/', '333333333333'],
      ['GenThird', '/ops/', '333333333333'],
    ]);
  });

  it('MaxSessionDuration covers the first step and is 1 hour for chained steps, with the reason', () => {
    assert.deepEqual(p.roles.map((r) => r.maxSessionDuration), [43200, 3600, 3600]);
    assert.match(p.roles[1]!.maxSessionDurationReason, /role chaining/);
    const short = generatePolicies({ name: 's', steps: [{ roleArn: ROLE_1, externalId: 'none', durationSeconds: 900 }] });
    assert.equal(short.roles[0]!.maxSessionDuration, 3600, "IAM's minimum");
  });

  it('lets each principal assume the next role, and the final role use the pinned buckets with the chain\'s SSE', () => {
    assert.deepEqual(p.base.policy.document.Statement, [{ Sid: 'AssumeFirstRoleInChain', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_1 }]);
    assert.deepEqual(p.base.attachTo, { kind: 'user', name: 'developer' });
    assert.deepEqual(p.roles[0]!.policies.map((x) => [x.name, x.document.Statement[0]!.Resource]), [['AssumeStep2Role', ROLE_2]]);
    assert.deepEqual(p.roles[1]!.policies.map((x) => [x.name, x.document.Statement[0]!.Resource]), [['AssumeStep3Role', ROLE_3]]);
    const s3 = p.roles[2]!.policies.find((x) => x.name === 'PinnedBucketsAccess')!.document.Statement;
    assert.deepEqual(s3[0]!.Resource, ['arn:aws:s3:::bucket1', 'arn:aws:s3:::bucket2']);
    assert.deepEqual(s3[1]!.Action, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload']);
    assert.deepEqual(s3[1]!.Resource, ['arn:aws:s3:::bucket1/*', 'arn:aws:s3:::bucket2/*']);
    assert.deepEqual(s3[2], {
      Sid: 'DenyOtherEncryption',
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: ['arn:aws:s3:::bucket1/*', 'arn:aws:s3:::bucket2/*'],
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' }, Null: { 's3:x-amz-server-side-encryption': 'false' } },
    });
    const noBuckets = generatePolicies({ name: 'n', steps: [{ roleArn: ROLE_1, externalId: 'none' }] });
    assert.deepEqual(noBuckets.roles[0]!.policies, []);
  });

  it('adds the KMS key statement when the key is an ARN, and a note otherwise', () => {
    const key = 'arn:aws:kms:us-east-1:333333333333:key/0f0e0d0c-0b0a-0908-0706-050403020100';
    const withArn = generatePolicies({ name: 'k', steps: [{ roleArn: ROLE_1, externalId: 'none' }], s3: { sse: 'aws:kms', kmsKeyId: key, buckets: ['b-kms'] } });
    const statements = withArn.roles[0]!.policies[0]!.document.Statement;
    assert.deepEqual(statements.find((s) => s.Sid === 'UseUploadKey'), { Sid: 'UseUploadKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key });
    const withAlias = generatePolicies({ name: 'k', steps: [{ roleArn: ROLE_1, externalId: 'none' }], s3: { sse: 'aws:kms', kmsKeyId: 'alias/uploads', buckets: ['b-kms'] } });
    assert.ok(!withAlias.roles[0]!.policies[0]!.document.Statement.some((s) => s.Sid === 'UseUploadKey'));
    assert.ok(withAlias.notes.some((n) => /kms:GenerateDataKey/.test(n)));
  });

  it('stands in the account root of step 1 when no base principal is given, and says so', () => {
    const q = generatePolicies(genChain());
    assert.equal(q.base.placeholder, true);
    assert.equal(q.base.arn, 'arn:aws:iam::222222222222:root');
    assert.equal(q.base.attachTo, undefined);
    assert.ok(q.notes.some((n) => /BasePrincipalArn/.test(n)));
  });

  it('accepts the base principal forms people have at hand', () => {
    assert.deepEqual(parseBasePrincipal('111111111111'), { arn: 'arn:aws:iam::111111111111:root', account: '111111111111' });
    assert.deepEqual(parseBasePrincipal('arn:aws:iam::111111111111:role/team/Builder'), {
      arn: 'arn:aws:iam::111111111111:role/team/Builder',
      account: '111111111111',
      attachTo: { kind: 'role', name: 'Builder' },
    });
    const session = parseBasePrincipal('arn:aws:sts::111111111111:assumed-role/Builder/alice');
    assert.ok(typeof session !== 'string');
    assert.equal(session.arn, 'arn:aws:iam::111111111111:role/Builder');
    assert.match(session.note ?? '', /path/);
    assert.match(String(parseBasePrincipal('arn:aws:sts::111111111111:federated-user/bob')), /Only assumed-role session ARNs/);
    assert.match(String(parseBasePrincipal('alice')), /user, role or account ARN/);
    assert.match(String(parseBasePrincipal('arn:aws:iam::111111111111:group/devs')), /must end in :root, :user\/<name> or :role\/<name>/);
  });

  it('rejects what it cannot generate with one clear sentence', () => {
    const fail = (f: () => unknown): RoleChainError => {
      try {
        f();
      } catch (e) {
        return e as RoleChainError;
      }
      return assert.fail('expected a failure');
    };
    const bad = fail(() => generatePolicies(genChain(), { basePrincipalArn: 'alice' }));
    assert.equal(bad.kind, 'validation');
    assert.match(bad.message, /^Cannot generate policies for chain "generated chain": The base principal is/);
    const twice = fail(() => generatePolicies({ name: 't', steps: [{ roleArn: ROLE_1, externalId: 'none' }, { roleArn: ROLE_1, externalId: 'none' }] }));
    assert.match(twice.message, /appears in more than one step/);
    const capped = fail(() => generatePolicies({ name: 'c', steps: [{ roleArn: ROLE_1, externalId: 'none' }, { roleArn: ROLE_2, externalId: 'none', durationSeconds: 7200 }] }));
    assert.match(capped.message, /step 2, durationSeconds: Chained role sessions last at most 3600 s/);
  });
});

describe('policy generator: IAM JSON and CloudFormation YAML', () => {
  const p = generatePolicies(genChain(), { basePrincipalArn: SEED.developerArn });

  it('IAM JSON is the model, ready to paste', () => {
    const json = JSON.parse(renderIamJson(p)) as { roles: Array<{ RoleName: string; Path: string; MaxSessionDuration: number; AssumeRolePolicyDocument: unknown; Policies: unknown[] }>; basePrincipal: { arn: string } };
    assert.equal(json.basePrincipal.arn, SEED.developerArn);
    assert.deepEqual(json.roles.map((r) => r.AssumeRolePolicyDocument), p.roles.map((r) => r.trustPolicy));
    assert.deepEqual(json.roles.map((r) => [r.RoleName, r.Path, r.MaxSessionDuration, r.Policies.length]), [
      ['GenFirst', '/', 43200, 1],
      ['GenSecond', '/', 3600, 1],
      ['GenThird', '/ops/', 3600, 1],
    ]);
  });

  it('splits templates by account in deployment order, each valid YAML matching the model', () => {
    const templates = renderCloudFormation(p);
    assert.deepEqual(templates.map((t) => [t.order, t.account, t.fileName]), [
      [1, '111111111111', 'role-chain-generated-chain-1-111111111111.yaml'],
      [2, '222222222222', 'role-chain-generated-chain-2-222222222222.yaml'],
      [3, '333333333333', 'role-chain-generated-chain-3-333333333333.yaml'],
    ]);
    const [base, first, rest] = templates.map((t) => parseYaml(t.yaml));
    assert.equal(at(base, 'AWSTemplateFormatVersion'), '2010-09-09', 'a date-like string stays a string');
    assert.deepEqual(at(base, 'Resources', 'BasePrincipalAssumePolicy', 'Properties', 'Users'), ['developer']);
    assert.deepEqual(at(base, 'Resources', 'BasePrincipalAssumePolicy', 'Properties', 'PolicyDocument'), p.base.policy.document);

    assert.deepEqual(at(first, 'Parameters', 'Step1ExternalId'), {
      Type: 'String',
      NoEcho: true,
      MinLength: 2,
      MaxLength: 1224,
      AllowedPattern: '[\\w+=,.@:/-]*',
      Description: 'The ExternalId shared with whoever assumes step 1 (GenFirst); typed at deploy time, never stored in the template.',
    });
    const role1 = at(first, 'Resources', 'Step1Role', 'Properties') as Obj;
    assert.deepEqual([role1.RoleName, role1.Path, role1.MaxSessionDuration], ['GenFirst', '/', 43200]);
    assert.deepEqual(at(role1, 'AssumeRolePolicyDocument', 'Statement', 0, 'Condition', 'StringEquals', 'sts:ExternalId'), { Ref: 'Step1ExternalId' });
    assert.deepEqual(resolveRefs(role1.AssumeRolePolicyDocument, { Step1ExternalId: externalIdPlaceholder(0) }), p.roles[0]!.trustPolicy);
    assert.deepEqual(at(role1, 'Policies', 0, 'PolicyDocument'), p.roles[0]!.policies[0]!.document);

    const role2 = at(rest, 'Resources', 'Step2Role') as Obj;
    const role3 = at(rest, 'Resources', 'Step3Role') as Obj;
    assert.equal(role2.DependsOn, undefined, 'its trusted role lives in an earlier template');
    assert.equal(role3.DependsOn, 'Step2Role', 'IAM needs the trusted role to exist first');
    assert.deepEqual(resolveRefs(at(role2, 'Properties', 'AssumeRolePolicyDocument'), { Step2ExternalId: externalIdPlaceholder(1) }), p.roles[1]!.trustPolicy);
    assert.deepEqual(at(role3, 'Properties', 'AssumeRolePolicyDocument'), p.roles[2]!.trustPolicy);
    assert.deepEqual(at(role3, 'Properties', 'Policies', 0, 'PolicyDocument'), p.roles[2]!.policies[0]!.document, "'Null' and 'false' survive as strings");
    assert.deepEqual(Object.keys(at(rest, 'Parameters') as Obj), ['Step2ExternalId']);
  });

  it('explains MaxSessionDuration and the trust in comments', () => {
    const rest = renderCloudFormation(p)[2]!.yaml;
    assert.match(rest, /# MaxSessionDuration 3600: assumed with the previous role's session \(role chaining\)/);
    assert.match(rest, /# Trusts exactly step 1's role, with its ExternalId\./);
    assert.match(rest, /^# Generated by AWS Role Chains for chain "generated chain"\. Deploy in account 333333333333, as template 3 of 3\./);
  });

  it('one account and no base principal: a single template with a BasePrincipalArn parameter', () => {
    const single = generatePolicies({ name: 'solo', steps: [{ roleArn: ROLE_2, externalId: 'prompt' }, { roleArn: ROLE_3, externalId: 'none' }] });
    const templates = renderCloudFormation(single);
    assert.deepEqual(templates.map((t) => t.fileName), ['role-chain-solo.yaml']);
    const doc = parseYaml(templates[0]!.yaml);
    assert.equal(at(doc, 'Parameters', 'BasePrincipalArn', 'Default'), 'arn:aws:iam::333333333333:root');
    assert.deepEqual(at(doc, 'Resources', 'Step1Role', 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'), { AWS: { Ref: 'BasePrincipalArn' } });
    assert.equal(at(doc, 'Resources', 'BasePrincipalAssumePolicy', 'Properties', 'Users'), undefined);
    assert.equal(at(doc, 'Resources', 'Step2Role', 'DependsOn'), 'Step1Role');
  });
});

describe('YAML writer', () => {
  it('quotes whatever a YAML reader would not read back as the same string', () => {
    const tricky = ['2012-10-17', '123456789012', 'true', 'Null', 'no', "it's", 'a: b', '#hash', '', ' padded ', '- dash', '[x]', '{y}', '*star', '&anchor', '!tag', '%pct', '@at', '`tick', '1e3', '0x1F', 'é'];
    // Keys starting with '#' are the writer's comment lines, so they are not data keys.
    const map = Object.fromEntries(tricky.filter((t) => t !== '' && !t.startsWith('#')).map((t, i) => [t, i]));
    const nested: YamlValue[] = [[1, 2], { a: [] }, {}];
    const doc: Record<string, YamlValue> = { list: tricky, map, tag: new YamlTag('!Ref', 'Param'), nested };
    const back = parseYaml(toYaml(doc, ['header']));
    assert.deepEqual(back.list, tricky);
    assert.deepEqual(back.map, map);
    assert.deepEqual(back.tag, { Ref: 'Param' });
    assert.deepEqual(back.nested, nested);
  });
});

interface GeneratedJson {
  basePrincipal: { arn: string; policies: Array<{ PolicyDocument: PolicyDocument }> };
  roles: Array<{ Arn: string; MaxSessionDuration: number; AssumeRolePolicyDocument: PolicyDocument; Policies: Array<{ PolicyName: string; PolicyDocument: PolicyDocument }> }>;
}

/**
 * A local endpoint scenario from the generated IAM JSON: the seed developer with the generated base policy as its
 * only identity policy, the generated roles with their trust and permission policies, grants from the S3 policy.
 */
function scenarioFrom(json: string, externalIds: string[]): LocalAwsConfig {
  const parsed = JSON.parse(json) as GeneratedJson;
  const fill = (text: string): string => externalIds.reduce((t, id, i) => t.split(JSON.stringify(externalIdPlaceholder(i))).join(JSON.stringify(id)), text);
  const actionMap: Record<string, S3Action> = { 's3:ListBucket': 'list', 's3:GetObject': 'get', 's3:PutObject': 'put', 's3:DeleteObject': 'delete' };
  const roles: RoleConfig[] = parsed.roles.map((r) => {
    const grants: S3Grant[] = [];
    for (const statement of r.Policies.flatMap((pol) => pol.PolicyDocument.Statement)) {
      if (statement.Effect !== 'Allow') continue;
      for (const resource of [statement.Resource ?? []].flat()) {
        const bucket = /^arn:aws:s3:::([^/]+)/.exec(resource)?.[1];
        const actions = [statement.Action].flat().map((a) => actionMap[a]).filter((a): a is S3Action => a !== undefined);
        if (bucket && actions.length) grants.push({ bucket, actions });
      }
    }
    return {
      arn: r.Arn,
      maxSessionDuration: r.MaxSessionDuration,
      trustPolicy: JSON.parse(fill(JSON.stringify(r.AssumeRolePolicyDocument))) as RoleConfig['trustPolicy'],
      identityPolicies: r.Policies.map((pol) => pol.PolicyDocument),
      s3: grants,
    };
  });
  const users = seedScenario().users.map((user) => ({ ...user, identityPolicies: parsed.basePrincipal.policies.map((pol) => pol.PolicyDocument) }));
  return { users, roles, buckets: [{ name: SEED.bucket1 }, { name: SEED.bucket2, requireSse: 'AES256' }] };
}

describe('generated trust policies on the local endpoint', () => {
  const externalIds = ['gen-step1/Xq7vR2pL9', 'gen-step2=Hk4wT8zN1'];
  let aws: LocalAws;

  before(async () => {
    const p = generatePolicies(genChain(), { basePrincipalArn: SEED.developerArn });
    aws = await startLocalAws({ config: scenarioFrom(renderIamJson(p), externalIds) });
  });
  after(async () => {
    await aws?.stop();
  });

  const run = (chain: ChainConfig, ids: Record<number, string> = { 0: externalIds[0]!, 1: externalIds[1]! }) =>
    runChain(chain, {
      endpoints: { sts: aws.endpoint },
      baseCredentials: seedBaseCredentials(),
      prompts: { externalId: async (ctx) => ids[ctx.stepIndex], mfaCode: async () => aws.mfaCode(SEED.developerName) },
    });
  const failure = async (p: Promise<unknown>): Promise<RoleChainError> => {
    try {
      await p;
    } catch (e) {
      return e as RoleChainError;
    }
    return assert.fail('expected the chain to be denied');
  };

  it('runs the chain they were generated for', async () => {
    const session = await run(genChain());
    assert.deepEqual(
      session.steps.map((s) => s.assumedRoleArn.replace(/\/[^/]+$/, '')),
      ['arn:aws:sts::222222222222:assumed-role/GenFirst', 'arn:aws:sts::333333333333:assumed-role/GenSecond', 'arn:aws:sts::333333333333:assumed-role/GenThird'],
    );
  });

  it('denies a wrong ExternalId', async () => {
    const e = await failure(run(genChain(), { 0: externalIds[0]!, 1: 'gen-step2=wrong-value' }));
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.stepIndex, 1);
  });

  it('denies skipping a step: a role trusts only the previous principal', async () => {
    const skip: ChainConfig = { name: 'skip', steps: [{ roleArn: ROLE_2, externalId: 'prompt' }] };
    const e = await failure(run(skip, { 0: externalIds[1]! }));
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.stepIndex, 0);
  });

  it('denies step 1 without MFA', async () => {
    const chain = genChain();
    delete chain.steps[0]!.mfaSerial;
    const e = await failure(run(chain));
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.stepIndex, 0);
  });
});

describe('generated permission policies on the local endpoint: each hop needs its "may assume the next role" statement', () => {
  const externalIds = ['gen-step1/Xq7vR2pL9', 'gen-step2=Hk4wT8zN1'];

  /** The generated JSON with the statements `drop` selects removed, as a generator that forgot them would write it. */
  const without = (drop: (sid: string | undefined) => boolean): string => {
    const json = JSON.parse(renderIamJson(generatePolicies(genChain(), { basePrincipalArn: SEED.developerArn }))) as GeneratedJson;
    const prune = <P extends { PolicyDocument: PolicyDocument }>(policies: P[]): P[] => {
      for (const pol of policies) pol.PolicyDocument.Statement = pol.PolicyDocument.Statement.filter((st) => !drop(st.Sid));
      return policies.filter((pol) => pol.PolicyDocument.Statement.length > 0);
    };
    json.basePrincipal.policies = prune(json.basePrincipal.policies);
    for (const role of json.roles) role.Policies = prune(role.Policies);
    return JSON.stringify(json);
  };

  const runOn = async (json: string): Promise<RoleChainError | undefined> => {
    const aws = await startLocalAws({ config: scenarioFrom(json, externalIds) });
    try {
      await runChain(genChain(), {
        endpoints: { sts: aws.endpoint },
        baseCredentials: seedBaseCredentials(),
        prompts: { externalId: async (ctx) => externalIds[ctx.stepIndex], mfaCode: async () => aws.mfaCode(SEED.developerName) },
      });
      return undefined;
    } catch (e) {
      return e as RoleChainError;
    } finally {
      await aws.stop();
    }
  };

  it('without AssumeNextRoleInChain, step 2 is denied (cross-account: the trust policy alone is not enough)', async () => {
    const e = await runOn(without((sid) => sid === 'AssumeNextRoleInChain'));
    assert.ok(e, 'the chain must be denied');
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.stepIndex, 1);
    assert.match(String((e.cause as Error | undefined)?.message), /no identity-based policy allows the sts:AssumeRole action/);
  });

  it("without the base principal's AssumeFirstRoleInChain, step 1 is denied", async () => {
    const e = await runOn(without((sid) => sid === 'AssumeFirstRoleInChain'));
    assert.ok(e, 'the chain must be denied');
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.stepIndex, 0);
  });
});
