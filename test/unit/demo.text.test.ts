// What `npm start` prints: the bucket to upload to, a ready-to-paste awscli profile of the sample base credentials,
// and MFA lines that start with their time.
import * as assert from 'node:assert/strict';
import { awsCliProfile, DEMO_PROFILE, demoInstructions, mfaLine } from '../harness/demoText';
import { SEED } from '../localAws/scenario';

describe('npm start output', () => {
  const text = demoInstructions({ url: 'http://127.0.0.1:8080/?folder=x', port: 8080, endpoint: 'http://127.0.0.1:4566' }).join('\n');

  it('names the pinned bucket the final role writes', () => {
    assert.match(text, /Upload to S3….*bucket "bucket2"/);
    assert.match(text, /aws s3 ls s3:\/\/bucket2\//);
  });

  it('prints the sample base credentials as an awscli profile that parses, with the endpoint to use', () => {
    const profile = awsCliProfile();
    for (const line of profile) assert.ok(text.includes(`    ${line}`), `missing: ${line}`);
    assert.equal(profile[0], `[profile ${DEMO_PROFILE}]`);
    const values = Object.fromEntries(profile.slice(1).map((l) => l.split(' = ') as [string, string]));
    assert.deepEqual(values, { aws_access_key_id: SEED.developerAccessKeyId, aws_secret_access_key: SEED.developerSecretAccessKey, region: SEED.region });
    assert.ok(SEED.developerAccessKeyId.startsWith('AKIA5LOCAL'), 'only the local endpoint sample key may be printed');
    assert.match(text, new RegExp(`aws --profile ${DEMO_PROFILE} --endpoint-url http://127\\.0\\.0\\.1:4566 sts get-caller-identity`));
  });

  it('starts each MFA line with its local time', () => {
    assert.equal(mfaLine(new Date(2026, 0, 2, 9, 5, 7), '123456', 23), '09:05:07  MFA code for developer: 123456  (valid for about 23 s more)');
  });
});
