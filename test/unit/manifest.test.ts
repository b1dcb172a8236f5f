// The manifest's menus, checked the way VS Code reads them: the Explorer's Upload to S3… must show for local files
// and for a remote window's files (Remote-SSH, WSL, Dev Containers, code-server use vscode-remote), never for others.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

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
