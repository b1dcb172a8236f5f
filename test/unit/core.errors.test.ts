// AWS/SDK/network errors → typed errors and one-sentence messages (branching on error.name, never instanceof).
import { inspect } from 'node:util';
import assert from 'node:assert/strict';
import { stepError, toUserMessage, type StepContext } from '../../src/core/errorMessages';
import { CancelledError, RoleChainError, classifyAwsError, isCancelled, isRoleChainError } from '../../src/core/errors';
import { s3Reason } from '../../src/core/aws/s3/errors';

/** What the SDK throws for STS's unmodelled errors: a generic exception carrying name and $metadata. */
function awsError(name: string, message: string, httpStatusCode: number): Error {
  const e = new Error(message) as Error & { $metadata: unknown; $fault: string };
  e.name = name;
  e.$metadata = { httpStatusCode, requestId: 'req-1', attempts: 1 };
  e.$fault = 'client';
  return e;
}

function networkError(code: string): Error {
  const e = new Error(`connect ${code} 127.0.0.1:9`) as Error & { code: string; $metadata: unknown };
  e.code = code;
  e.$metadata = { attempts: 3 };
  return e;
}

const step2: StepContext = {
  chainName: 'prod',
  stepIndex: 1,
  stepCount: 3,
  roleArn: 'arn:aws:iam::333333333333:role/Deployer',
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4566',
  usedExternalId: true,
  usedMfa: false,
  requestedDurationSeconds: 7200,
  maxAttempts: 3,
};
const step1: StepContext = { ...step2, stepIndex: 0, stepCount: 2, roleArn: 'arn:aws:iam::222222222222:role/RoleA', usedMfa: true, sourceProfile: 'dev' };

describe('errors', () => {
  it('names the step, role and code for AccessDenied, with a hint', () => {
    const e = stepError(awsError('AccessDenied', 'User: arn:aws:sts::222222222222:assumed-role/RoleA/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/Deployer', 403), step2);
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.stepIndex, 1);
    assert.equal(e.awsCode, 'AccessDenied');
    assert.equal(e.message, "Step 2/3 (role/Deployer in 333333333333) was denied: AccessDenied. Check the ExternalId you typed and that the role's trust policy allows the previous step.");
    assert.equal(toUserMessage(e), e.message);
  });

  it('mentions the MFA code and base credentials for a denied first step', () => {
    const e = stepError(awsError('AccessDenied', 'denied', 403), step1);
    assert.match(e.message, /^Step 1\/2 \(role\/RoleA in 222222222222\) was denied: AccessDenied\. Check the ExternalId you typed and the MFA code .* and that the role's trust policy allows the credentials of profile "dev"\.$/);
  });

  it("maps AWS's chaining-cap ValidationError", () => {
    const e = stepError(awsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400), { ...step2, stepIndex: 1, stepCount: 2 });
    assert.equal(e.kind, 'chaining-cap');
    assert.equal(e.message, 'Step 2/2 asks for 7200 s but chained role sessions last at most 3600 s: set durationSeconds ≤ 3600.');
  });

  it('maps ExpiredToken on step 1 to expired base credentials', () => {
    const e = stepError(awsError('ExpiredToken', 'The security token included in the request is expired', 403), step1);
    assert.equal(e.kind, 'expired-credentials');
    assert.match(e.message, /base credentials have expired \(ExpiredToken\)\. Refresh the credentials of profile "dev" \(e\.g\. `aws sso login --profile dev`\)/);
  });

  it('maps network failures to the endpoint that could not be reached', () => {
    for (const [code, reason] of [
      ['ECONNREFUSED', 'connection refused'],
      ['ECONNRESET', 'the connection was reset'],
      ['ENOTFOUND', 'host not found'],
    ]) {
      const e = stepError(networkError(code!), step2);
      assert.equal(e.kind, 'network');
      assert.equal(e.endpoint, 'http://127.0.0.1:4566');
      assert.match(e.message, new RegExp(`^Could not reach the STS endpoint http://127\\.0\\.0\\.1:4566: ${reason}\\.`));
    }
    const nested = new Error('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    assert.equal(classifyAwsError(nested).kind, 'network');
  });

  it('classifies by name, throttling and credentials', () => {
    const table: Array<[Error, string]> = [
      [awsError('Throttling', 'Rate exceeded', 400), 'throttled'],
      [awsError('SomethingNew', 'slow', 429), 'throttled'],
      [awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403), 'invalid-credentials'],
      [awsError('SignatureDoesNotMatch', 'bad sig', 403), 'invalid-credentials'],
      [awsError('ValidationError', 'bad session name', 400), 'validation'],
      [awsError('RegionDisabledException', 'STS is not activated', 403), 'aws'],
      [awsError('MalformedPolicyDocument', 'x', 400), 'aws'],
      [Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'no-credentials'],
      [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'cancelled'],
    ];
    for (const [e, kind] of table) assert.equal(classifyAwsError(e).kind, kind, e.name);
    const throttled = stepError(awsError('Throttling', 'Rate exceeded', 400), step2);
    assert.match(throttled.message, /was throttled by STS \(Throttling\) after 3 attempts\. Wait a minute/);
  });

  it('recognises its own errors and cancellation without instanceof (another bundle may have thrown them)', () => {
    const foreign = { name: 'CancelledError', kind: 'cancelled', message: 'x' };
    assert.equal(isRoleChainError(foreign), true);
    assert.equal(isCancelled(foreign), true);
    assert.equal(isCancelled(new CancelledError()), true);
    assert.equal(isCancelled(new RoleChainError('network', 'x')), false);
    assert.equal(isCancelled(Object.assign(new Error('a'), { name: 'AbortError' })), true);
    assert.equal(isCancelled(new Error('x')), false);
    const cancelled = stepError(Object.assign(new Error('aborted'), { name: 'AbortError' }), step2);
    assert.equal(cancelled.kind, 'cancelled');
  });

  it('gives one sentence for foreign errors', () => {
    assert.equal(toUserMessage(new Error('boom')), 'boom.');
    assert.equal(toUserMessage('plain'), 'plain.');
    assert.match(toUserMessage(networkError('ECONNREFUSED')), /^Could not reach AWS: connection refused\./);
    assert.match(toUserMessage(awsError('NoSuchBucket', 'The specified bucket does not exist', 404)), /^NoSuchBucket: The specified bucket does not exist\.$/);
  });

  it('masks the answers of the failed request wherever AWS echoes them', () => {
    const e = stepError(awsError('AccessDenied', 'odd text echoing tenant-xyz-77 and code 654321 for 222222222222', 403), step2, ['tenant-xyz-77', '654321']);
    const full = stepError(awsError('ValidationError', 'odd text echoing tenant-xyz-77 and code 654321 for 654321789012', 400), step2, ['tenant-xyz-77', '654321']);
    for (const m of [e.message, full.message]) {
      assert.ok(!m.includes('tenant-xyz-77') && !/\b654321\b/.test(m), m);
    }
    assert.match(full.message, /654321789012/, 'a 6-digit code is not masked inside an account id');
  });

  it('never puts a secret in a user message', () => {
    const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = `IQoJb3JpZ2luX2Vj${'Zm9vYmFy'.repeat(20)}`;
    const externalId = 'tenant-4242';
    const leaky = [
      awsError('ValidationError', `1 validation error detected: Value '${externalId}' at 'externalId' failed to satisfy constraint`, 400),
      awsError('AccessDenied', `request ExternalId=${externalId}&TokenCode=123456 denied`, 403),
      awsError('SignatureDoesNotMatch', `secretAccessKey: ${secretKey} x-amz-security-token: ${token}`, 403),
      new Error(`{"externalId":"${externalId}","sessionToken":"${token}"}`),
    ];
    for (const e of leaky) {
      for (const m of [toUserMessage(e), toUserMessage(stepError(e, step2)), stepError(e, step2).message]) {
        for (const secret of [secretKey, token, externalId, '123456']) assert.ok(!m.includes(secret), `${secret} leaked in: ${m}`);
      }
    }
  });
});

describe('RoleChainError causes', () => {
  it('keep classification data but not the SDK request that carries the session token', () => {
    const token = 'IQoJsecretSessionTokenValue';
    const sdkError = Object.assign(new Error('User: arn is not authorized'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403, requestId: 'r1' },
      $response: { body: { req: { _header: `x-amz-security-token: ${token}` } } },
      cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }),
    });
    const e = new RoleChainError('access-denied', 'Step 2/2 was denied.', { cause: sdkError });
    const cause = e.cause as Record<string, unknown>;
    assert.equal(cause.name, 'AccessDenied');
    assert.deepEqual((cause.$metadata as Record<string, unknown>).httpStatusCode, 403);
    assert.equal((cause.cause as Record<string, unknown>).code, 'ECONNRESET');
    assert.equal(cause.$response, undefined);
    assert.ok(!inspect(e, { depth: 10 }).includes(token));
  });
});

describe('S3 path-style hint', () => {
  // What Node's resolver throws (the SDK passes it on): the host it tried is in `hostname`.
  const lookupFailed = (hostname: string): Error =>
    Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });

  it('names the host tried and roleChains.endpoints.forcePathStyle when the bucket was put in a custom endpoint host', () => {
    const text = s3Reason(lookupFailed('bucket2.localhost'), { operation: 'upload', bucket: 'bucket2', key: 'a.txt' });
    assert.match(text, /the host bucket2\.localhost was not found/);
    assert.match(text, /roleChains\.endpoints\.forcePathStyle/);
    assert.doesNotMatch(text, /Check your network/);
    // The same, one level down in the SDK's wrapping.
    const wrapped = Object.assign(new Error('request failed'), { cause: lookupFailed('bucket2.minio.internal') });
    assert.match(s3Reason(wrapped, { operation: 'list', bucket: 'bucket2' }), /bucket2\.minio\.internal.*forcePathStyle/);
  });

  it("keeps the network advice for AWS's own hosts and for hosts without the bucket, naming the host", () => {
    const aws = s3Reason(lookupFailed('bucket2.s3.us-east-1.amazonaws.com'), { operation: 'upload', bucket: 'bucket2' });
    assert.match(aws, /Check your network/);
    assert.doesNotMatch(aws, /forcePathStyle/);
    const other = s3Reason(lookupFailed('s3.nowhere.test'), { operation: 'list', bucket: 'bucket2' });
    assert.match(other, /host not found \(s3\.nowhere\.test\)\. Check your network and the roleChains\.endpoints\.s3 setting\./);
  });
});
