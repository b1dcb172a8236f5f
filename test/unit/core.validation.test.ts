// Every AWS rule the core enforces, good and bad, table-driven.
import assert from 'node:assert/strict';
import {
  MAX_SSO_START_URL_LENGTH,
  parseRoleArn,
  validateAccountId,
  validateBucketName,
  validateChainName,
  validateDurationSeconds,
  validateEndpointUrl,
  validateExternalId,
  validateKmsKeyId,
  validateMfaCode,
  validateMfaSerial,
  validateObjectKey,
  validateProfileName,
  validateRegion,
  validateRoleArn,
  validateSessionName,
  validateSsoRoleName,
  validateSsoSessionName,
  validateSsoStartUrl,
} from '../../src/core/validation';

type Case<T> = [T, RegExp | undefined]; // undefined: valid; otherwise the message must match

function table<T>(name: string, fn: (v: T) => string | undefined, cases: Case<T>[]): void {
  describe(name, () => {
    for (const [value, expected] of cases) {
      const label = typeof value === 'string' && value.length > 60 ? `${value.slice(0, 40)}… (${value.length})` : JSON.stringify(value);
      it(`${expected ? 'rejects' : 'accepts'} ${label}`, () => {
        const message = fn(value);
        if (expected === undefined) assert.equal(message, undefined);
        else {
          assert.ok(message, 'expected a message');
          assert.match(message, expected);
        }
      });
    }
  });
}

describe('validation', () => {
  table('validateRoleArn', validateRoleArn, [
    ['arn:aws:iam::123456789012:role/Deployer', undefined],
    ['arn:aws:iam::123456789012:role/team/ci/Deployer', undefined],
    ['arn:aws-cn:iam::123456789012:role/R', undefined],
    ['arn:aws-us-gov:iam::123456789012:role/R', undefined],
    ['arn:aws-iso:iam::123456789012:role/R', undefined],
    ['arn:aws-iso-b:iam::123456789012:role/R', undefined],
    ['arn:aws:iam::123456789012:role/a+b=c,d.e@f_g-h', undefined],
    ['', /Enter a role ARN/],
    [' arn:aws:iam::123456789012:role/R', /spaces/],
    ['role/Deployer', /looks like arn:aws:iam::/],
    ['arn:azure:iam::123456789012:role/R', /Unknown partition "azure"/],
    ['arn:aws:sts::123456789012:assumed-role/R/s', /session ARN, not a role ARN/],
    ['arn:aws:s3:::bucket/role/x', /IAM ARN/],
    ['arn:aws:iam:us-east-1:123456789012:role/R', /no region/],
    ['arn:aws:iam::12345678901:role/R', /12 digits/],
    ['arn:aws:iam::1234567890123:role/R', /12 digits/],
    ['arn:aws:iam::12345678901a:role/R', /12 digits/],
    ['arn:aws:iam::123456789012:user/alice', /must end in :role\/<name>/],
    ['arn:aws:iam::123456789012:role/', /no role name/],
    ['arn:aws:iam::123456789012:role/bad name', /1–64 letters/],
    [`arn:aws:iam::123456789012:role/${'r'.repeat(65)}`, /1–64 letters/],
    ['arn:aws:iam::123456789012:role/a//R', /path/],
  ]);

  it('parseRoleArn splits partition, account, path and name', () => {
    assert.deepEqual(parseRoleArn('arn:aws:iam::123456789012:role/team/ci/Deployer'), { partition: 'aws', account: '123456789012', path: '/team/ci/', name: 'Deployer' });
    assert.deepEqual(parseRoleArn('arn:aws-cn:iam::123456789012:role/R'), { partition: 'aws-cn', account: '123456789012', path: '/', name: 'R' });
    assert.equal(parseRoleArn('arn:aws:iam::123:role/R'), undefined);
  });

  table('validateSessionName', validateSessionName, [
    ['ab', undefined],
    ['role-chains-alice', undefined],
    ['a+b=c,d.e@f_g-h', undefined],
    ['x'.repeat(64), undefined],
    ['a', /2–64/],
    ['x'.repeat(65), /2–64/],
    ['with space', /may only hold.*" "/],
    ['slash/no', /"\/"/],
  ]);

  table('validateExternalId', validateExternalId, [
    ['ab', undefined],
    ['team-a:prod/2024+x=y,z.w@q_r', undefined],
    ['e'.repeat(1224), undefined],
    ['', /Enter the ExternalId/],
    ['a', /2–1224/],
    ['e'.repeat(1225), /2–1224/],
    ['has space', /no spaces/],
    ['semi;colon', /may only hold/],
  ]);

  it('validateExternalId never repeats the value it rejects', () => {
    for (const secret of ['zz;secret-value', 'Q', 'q'.repeat(2000), 'bad value!']) {
      const m = validateExternalId(secret) ?? '';
      assert.ok(m.length > 0);
      assert.ok(!m.includes(secret));
      assert.ok(!m.includes(';') && !m.includes('!'), 'not even the offending character');
    }
  });

  describe('validateDurationSeconds', () => {
    const cases: Array<[number, boolean, RegExp | undefined]> = [
      [900, false, undefined],
      [3600, false, undefined],
      [43200, false, undefined],
      [3600, true, undefined],
      [900, true, undefined],
      [899, false, /between 900 and 43200/],
      [43201, false, /between 900 and 43200/],
      [3601, true, /at most 3600 s \(role chaining cap\)/],
      [7200, true, /durationSeconds ≤ 3600/],
      [1800.5, false, /whole number/],
      [Number.NaN, false, /whole number/],
    ];
    for (const [v, chained, expected] of cases) {
      it(`${expected ? 'rejects' : 'accepts'} ${v} ${chained ? '(chained)' : '(first step)'}`, () => {
        const m = validateDurationSeconds(v, chained);
        if (expected) assert.match(m ?? '', expected);
        else assert.equal(m, undefined);
      });
    }
  });

  table('validateMfaSerial', validateMfaSerial, [
    ['arn:aws:iam::123456789012:mfa/alice', undefined],
    ['arn:aws:iam::123456789012:mfa/path/alice', undefined],
    ['GAHT12345678', undefined],
    ['SN:1234+5678/9=0', undefined],
    ['arn:aws:iam::123456789012:user/alice', /:mfa\/<name>/],
    ['arn:aws:iam::1234:mfa/alice', /12 digits/],
    ['short', /hardware serial of 9–256/],
    ['has a space in it', /hardware serial/],
    ['', /Enter the MFA device/],
  ]);

  table('validateMfaCode', validateMfaCode, [
    ['123456', undefined],
    ['000000', undefined],
    ['12345', /6-digit/],
    ['1234567', /6-digit/],
    ['12345a', /6-digit/],
    [' 123456', /6-digit/],
    ['', /6-digit/],
  ]);

  table('validateBucketName', validateBucketName, [
    ['abc', undefined],
    ['my-bucket.logs-2024', undefined],
    ['a'.repeat(63), undefined],
    ['ab', /3–63/],
    ['a'.repeat(64), /3–63/],
    ['MyBucket', /lowercase/],
    ['my_bucket', /only hold lowercase/],
    ['-bucket', /starts and ends/],
    ['bucket-', /starts and ends/],
    ['.bucket', /starts and ends/],
    ['my..bucket', /two adjacent dots/],
    ['192.168.5.4', /IP address/],
    ['xn--bucket', /"xn--"/],
    ['sthree-bucket', /"sthree-"/],
    ['bucket-s3alias', /"-s3alias"/],
    ['bucket--ol-s3', /"--ol-s3"/],
    ['bucket.mrap', /"\.mrap"/],
  ]);

  table('validateObjectKey', validateObjectKey, [
    ['a', undefined],
    ['folder/sub/file.txt', undefined],
    ['k'.repeat(1024), undefined],
    ['é'.repeat(512), undefined], // 1024 bytes
    ['', /Enter an object key/],
    ['k'.repeat(1025), /1024 bytes/],
    ['é'.repeat(513), /1024 bytes of UTF-8 \(this one has 1026\)/],
    ['😀'.repeat(257), /1028/], // 4 bytes each
  ]);

  table('validateEndpointUrl', validateEndpointUrl, [
    ['http://127.0.0.1:4566', undefined],
    ['https://sts.eu-west-1.amazonaws.com', undefined],
    ['https://s3.example.com/base', undefined],
    ['ftp://127.0.0.1', /http or https, not ftp/],
    ['file:///etc/passwd', /not file/],
    ['127.0.0.1:4566', /not 127\.0\.0\.1|full URL/],
    ['not a url', /full URL/],
    ['', /full URL/],
    ['https://user:pass@example.com', /user name and password/],
    ['https://example.com/?x=1', /query string/],
  ]);

  table('validateChainName', validateChainName, [
    ['prod-deploy', undefined],
    ['Prod deploy (eu)', undefined],
    ['', /Give the chain a name/],
    ['   ', /Give the chain a name/],
    [' prod', /spaces around/],
    ['x'.repeat(101), /at most 100/],
    ['a\nb', /control characters/],
  ]);

  table('validateRegion', validateRegion, [
    ['us-east-1', undefined],
    ['eu-central-2', undefined],
    ['us-gov-west-1', undefined],
    ['cn-north-1', undefined],
    ['us-isob-east-1', undefined],
    ['ap-southeast-5', undefined],
    ['useast1', /not a region/],
    ['US-EAST-1', /not a region/],
    ['us-east', /not a region/],
    ['', /not a region/],
  ]);

  table('validateProfileName', validateProfileName, [
    ['default', undefined],
    ['dev-admin', undefined],
    ['', /Name a profile/],
    ['my profile', /no spaces/],
    ['[dev]', /brackets/],
  ]);

  table('validateAccountId', validateAccountId, [
    ['123456789012', undefined],
    ['012345678901', undefined],
    ['', /Enter the 12-digit account id/],
    ['12345678901', /12 digits.*11 characters/],
    ['1234567890123', /12 digits/],
    ['12345678901a', /digits only/],
    [' 123456789012', /12 digits/],
  ]);

  table('validateSsoStartUrl', validateSsoStartUrl, [
    ['https://d-1234567890.awsapps.com/start', undefined],
    ['https://d-1234567890.awsapps.com/start/', undefined],
    ['https://my-company.awsapps.com/start', undefined],
    ['https://start.us-gov-home.awsapps.com/directory/d-1234567890', undefined],
    ['', /Enter the AWS access portal URL/],
    [' https://d-1234567890.awsapps.com/start', /spaces around/],
    ['d-1234567890.awsapps.com/start', /full AWS access portal URL/],
    ['http://d-1234567890.awsapps.com/start', /must use https/],
    ['ftp://d-1234567890.awsapps.com/start', /must use https/],
    ['https://alice:hunter2@d-1234567890.awsapps.com/start', /Remove the user name and password/],
    ['https://alice@d-1234567890.awsapps.com/start', /Remove the user name and password/],
    ['https://d-1234567890.awsapps.com/start/#/', /fragment/],
    ['https://d-1234567890.awsapps.com/start?x=1', /query string/],
    [`https://d-1234567890.awsapps.com/${'s'.repeat(MAX_SSO_START_URL_LENGTH)}`, /at most 512 characters/],
  ]);

  it('validateSsoStartUrl never repeats a password it rejects', () => {
    const message = validateSsoStartUrl('https://alice:hunter2@d-1234567890.awsapps.com/start') ?? '';
    assert.ok(message !== '' && !message.includes('hunter2'));
  });

  table('validateSsoRoleName', validateSsoRoleName, [
    ['AdministratorAccess', undefined],
    ['a', undefined],
    ['Read+Only=x,y.z@w_v-u', undefined],
    ['r'.repeat(64), undefined],
    ['', /1–64 characters/],
    ['r'.repeat(65), /1–64 characters.*65/],
    ['Admin Access', /may only hold/],
    ['team/Admin', /may only hold/],
  ]);

  table('validateSsoSessionName', validateSsoSessionName, [
    ['my-sso', undefined],
    ['corp.sso', undefined],
    ['', /Name an \[sso-session NAME\] section/],
    ['  ', /Name an \[sso-session NAME\] section/],
    ['my sso', /no spaces/],
    ['[corp]', /brackets/],
  ]);

  table('validateKmsKeyId', validateKmsKeyId, [
    ['1234abcd-12ab-34cd-56ef-1234567890ab', undefined],
    ['mrk-1234abcd12ab34cd56ef1234567890ab', undefined],
    ['alias/my-key', undefined],
    ['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', undefined],
    ['arn:aws:kms:us-east-1:123456789012:alias/my-key', undefined],
    ['my key', /key id, alias/],
    ['', /key id, alias/],
  ]);
});
