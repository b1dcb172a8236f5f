// One AssumeRole through the real SDK client, for suites that only need role credentials to test something else.
import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import type { RawCredentials } from '../localAws/rawClient';

/** The role session's credentials; the client is destroyed either way so no socket outlives the call. */
export async function assumeRole(endpoint: string, region: string, credentials: RawCredentials, input: AssumeRoleCommandInput): Promise<RawCredentials> {
  const sts = new STSClient({ endpoint, region, credentials });
  try {
    const c = (await sts.send(new AssumeRoleCommand(input))).Credentials;
    assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}
