// Base credentials from a profile: a failing credential_process must not put its command line or its stderr (where
// secret flags and vault tokens live) into the error the log describes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { defaultBaseCredentials, resolveBaseCredentials } from '../../src/core/aws';
import { RoleChainError } from '../../src/core/errors';

/** Everything the log could print of an error: its inspection and every cause's name, message and stack. */
function everything(error: unknown): string {
  const parts = [inspect(error, { depth: 10 })];
  for (let e: unknown = error, i = 0; e instanceof Error && i < 10; e = e.cause, i++) parts.push(e.name, e.message, e.stack ?? '');
  return parts.join('\n');
}

describe('base credentials: provider errors', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'role-chains-creds-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a failing credential_process reaches the error as its name and a first line, without the command line or stderr', async () => {
    const configFilepath = join(dir, 'config');
    writeFileSync(
      configFilepath,
      "[profile vault]\ncredential_process = sh -c 'echo vault-token: s.Xyz123SecretVaultToken >&2; exit 3' --password hunter2pass --region x\n",
    );
    const chain = { name: 'vaulted', sourceProfile: 'vault' };
    const error = await resolveBaseCredentials(defaultBaseCredentials(chain, { configFilepath, filepath: join(dir, 'credentials') }), chain).then(
      () => assert.fail('the provider succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RoleChainError, String(error));
    assert.equal(error.kind, 'no-credentials');
    const text = everything(error);
    for (const leak of ['hunter2pass', 's.Xyz123SecretVaultToken', 'sh -c', 'exit 3']) assert.ok(!text.includes(leak), `"${leak}" reached the error: ${text}`);
    const cause = error.cause;
    assert.ok(cause instanceof Error, 'the provider error is kept as the cause');
    assert.equal(cause.name, 'CredentialsProviderError');
    assert.match(cause.message, /^Command failed/);
    assert.ok(!cause.message.includes('\n'), 'more than the first line was kept');
  });

  it("a provider's first line is cleaned by redact()", async () => {
    const provider = () => Promise.reject(Object.assign(new Error('lookup failed: --token s.AnotherToken99 rejected\nsecond line'), { name: 'TokenProviderError' }));
    const error = await resolveBaseCredentials(provider, { name: 'c' }).then(
      () => assert.fail('resolved'),
      (e: unknown) => e as Error,
    );
    const text = everything(error);
    assert.ok(!text.includes('s.AnotherToken99') && !text.includes('second line'), text);
    assert.equal((error.cause as Error).name, 'TokenProviderError');
  });
});
