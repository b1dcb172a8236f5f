// The manifest's menus, checked the way VS Code reads them: the Explorer's Upload to S3… must show for local files
// and for a remote window's files (Remote-SSH, WSL, Dev Containers, code-server use vscode-remote), never for others.
// The chain schema's sso rules, which IntelliSense shows, agree with the settings parser.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseChains } from '../../src/core/chainParser';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, { command: string; when?: string }[]> };
};

/** Evaluates the `==`, `!=`, `&&` and `||` of a when clause against a context (all this menu uses). */
function evaluate(when: string, context: Record<string, string>): boolean {
  return when.split('||').some((any) =>
    any.split('&&').every((term) => {
      const m = /^\s*([\w.]+)\s*(==|!=)\s*([\w.-]+)\s*$/.exec(term);
      assert.ok(m, `unsupported when-clause term: ${term}`);
      const [, key, op, value] = m as unknown as [string, string, string, string];
      return op === '==' ? context[key] === value : context[key] !== value;
    }),
  );
}

describe('manifest', () => {
  it("offers the Explorer's Upload to S3… for file and vscode-remote resources only", () => {
    const entry = manifest.contributes.menus['explorer/context']?.find((m) => m.command === 'roleChains.s3.upload');
    assert.ok(entry?.when, 'no explorer/context entry for roleChains.s3.upload');
    for (const scheme of ['file', 'vscode-remote']) assert.equal(evaluate(entry.when, { resourceScheme: scheme }), true, scheme);
    for (const scheme of ['untitled', 'vscode-userdata', 'vscode-vfs', 'role-chains-s3', 'git']) assert.equal(evaluate(entry.when, { resourceScheme: scheme }), false, scheme);
  });
});

describe('CI workflow', () => {
  const workflow = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '.github', 'workflows', 'ci.yml'), 'utf8');

  it('runs .ci/run itself (so it stays in step), plus the desktop suite under xvfb-run', () => {
    assert.match(workflow, /^\s+run: \.ci\/run$/m);
    assert.match(workflow, /image: node:20-bookworm/, 'the same Debian 12 and Node 20 as the build machines');
    assert.match(workflow, /^\s+run: xvfb-run -a npm run test:desktop$/m);
    const scripts = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.ok(scripts['test:desktop'], 'npm run test:desktop is gone');
  });
});

/** The subset of JSON Schema the chain items use (type, required, properties, patterns, not/anyOf/allOf/if-then; not array items). */
interface Schema {
  type?: string;
  required?: string[];
  additionalProperties?: boolean;
  properties?: Record<string, Schema>;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  not?: Schema;
  anyOf?: Schema[];
  allOf?: Schema[];
  if?: Schema;
  then?: Schema;
  errorMessage?: string;
}

/** The schema's complaints about `value`: an errorMessage key where the schema gives one, else the keyword. */
function complaints(schema: Schema, value: unknown): string[] {
  const out: string[] = [];
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const typeOk = schema.type === undefined || (schema.type === 'object' ? isObject : schema.type === 'array' ? Array.isArray(value) : typeof value === schema.type);
  if (!typeOk) return ['type'];
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) out.push('pattern');
    if (schema.minLength !== undefined && value.length < schema.minLength) out.push('minLength');
    if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push('maxLength');
  }
  if (isObject) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) out.push(`required ${key}`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) out.push(...complaints(sub, v).map((c) => `${key}: ${c}`));
      else if (schema.properties && schema.additionalProperties === false) out.push(`additional ${key}`);
    }
  }
  if (schema.not && complaints(schema.not, value).length === 0) out.push(schema.errorMessage ?? 'not');
  if (schema.anyOf && schema.anyOf.every((s) => complaints(s, value).length > 0)) out.push('anyOf');
  for (const s of schema.allOf ?? []) out.push(...complaints(s, value));
  if (schema.if && schema.then && complaints(schema.if, value).length === 0) out.push(...complaints(schema.then, value));
  return out;
}

describe('manifest: the chain schema', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { items: Schema }> } };
  };
  const item = pkg.contributes.configuration.properties['roleChains.chains']?.items as Schema;
  const steps = [{ roleArn: 'arn:aws:iam::222222222222:role/RoleA', externalId: 'prompt' }];
  const URL = 'https://d-1234567890.awsapps.com/start';

  // Each sso value with whether the settings parser accepts it: IntelliSense must agree, so people see the same rules.
  const cases: Array<{ sso: Record<string, unknown>; ok: boolean; message?: RegExp }> = [
    { sso: { session: 'corp' }, ok: true },
    { sso: { session: 'corp', accountId: '123456789012', roleName: 'AdministratorAccess' }, ok: true },
    { sso: { startUrl: URL, region: 'eu-west-1' }, ok: true },
    { sso: { startUrl: URL, region: 'eu-west-1', accountId: '123456789012', roleName: 'ReadOnly' }, ok: true },
    { sso: { session: 'corp', startUrl: URL }, ok: false, message: /sessionAndStartUrl/ },
    { sso: { session: 'corp', region: 'eu-west-1' }, ok: false, message: /sessionAndRegion/ },
    { sso: { startUrl: URL }, ok: false, message: /required region/ },
    { sso: { accountId: '123456789012' }, ok: false, message: /anyOf/ },
    { sso: {}, ok: false, message: /anyOf/ },
    { sso: { startUrl: 'http://d-1234567890.awsapps.com/start', region: 'eu-west-1' }, ok: false, message: /startUrl: pattern/ },
    { sso: { startUrl: 'https://me:pw@d-1234567890.awsapps.com/start', region: 'eu-west-1' }, ok: false, message: /startUrl: pattern/ },
    { sso: { startUrl: `${URL}/#/`, region: 'eu-west-1' }, ok: false, message: /startUrl: pattern/ },
    { sso: { session: 'my sso' }, ok: false, message: /session: pattern/ },
    { sso: { session: 'corp', accountId: '12345' }, ok: false, message: /accountId: pattern/ },
    { sso: { session: 'corp', roleName: 'Admin Access' }, ok: false, message: /roleName: pattern/ },
    { sso: { session: 'corp', sso_role_name: 'Admin' }, ok: false, message: /additional sso_role_name/ },
  ];
  for (const c of cases) {
    it(`${c.ok ? 'accepts' : 'flags'} sso ${JSON.stringify(c.sso)}, as the settings parser does`, () => {
      const chain = { name: 'c', sso: c.sso, steps };
      const found = complaints(item, chain);
      assert.equal(found.length === 0, c.ok, `schema: ${found.join('; ')}`);
      if (c.message) assert.match(found.join('; '), c.message);
      assert.equal(parseChains([chain]).problems.length === 0, c.ok, 'the settings parser disagrees');
    });
  }

  it('flags sso beside sourceProfile with its own sentence', () => {
    const chain = { name: 'c', sourceProfile: 'dev', sso: { session: 'corp' }, steps };
    assert.match(complaints(item, chain).join('; '), /%config\.chains\.items\.ssoAndSourceProfile\.errorMessage%/);
    assert.deepEqual(complaints(item, { name: 'c', sourceProfile: 'dev', steps }), []);
  });
});
