// Redaction of every secret kind, wherever it appears in a log line or message.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MASK, redact } from '../../src/core/redact';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = `IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD${'a1B2c3D4e5F6'.repeat(30)}==`;
const LONG_TOKEN = `FwoGZXIvYXdzE${'Zm9vYmFyYmF6'.repeat(12)}`; // another provider's token shape, 100+ base64 chars
const EXTERNAL_ID = 'tenant-4242:prod/x';
const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

describe('redact', () => {
  const cases: Array<{ title: string; text: string; secret: string; keep?: string; known?: string[] }> = [
    { title: 'a known value anywhere', text: `answer was ${EXTERNAL_ID} ok`, secret: EXTERNAL_ID, known: [EXTERNAL_ID], keep: 'answer was' },
    { title: 'a short known value as a whole token', text: 'id=zq; zqueen stays', secret: 'id=zq;', known: ['zq'], keep: 'zqueen stays' },
    { title: 'a secret key next to "secret"', text: `the secret key is ${SECRET_KEY}.`, secret: SECRET_KEY, keep: 'the secret key is' },
    { title: 'a bare mixed-case 40-character key', text: `creds ${SECRET_KEY} end`, secret: SECRET_KEY, keep: 'creds' },
    { title: 'an STS session token', text: `token ${TOKEN} end`, secret: TOKEN.slice(0, 30), keep: 'token' },
    { title: 'any 100+ character base64 run', text: `t=${LONG_TOKEN}`, secret: LONG_TOKEN.slice(20, 60) },
    { title: 'ExternalId= in a query string', text: `Action=AssumeRole&ExternalId=${encodeURIComponent(EXTERNAL_ID)}&RoleArn=arn`, secret: 'tenant-4242', keep: 'RoleArn=arn' },
    { title: '"externalId":"…" in JSON', text: JSON.stringify({ roleArn: 'arn:aws:iam::1:role/R', externalId: EXTERNAL_ID }), secret: 'tenant-4242', keep: 'roleArn' },
    { title: 'ExternalId: … in an object dump', text: `{ ExternalId: '${EXTERNAL_ID}', DurationSeconds: 3600 }`, secret: 'tenant-4242', keep: 'DurationSeconds: 3600' },
    { title: 'external_id = … in an ini file', text: `[profile x]\nexternal_id = ${EXTERNAL_ID}\nregion = us-east-1`, secret: 'tenant-4242', keep: 'region = us-east-1' },
    { title: 'TokenCode=…', text: 'SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fa&TokenCode=123456&Version=2011-06-15', secret: '123456', keep: 'Version=2011-06-15' },
    { title: '"mfaCode": "…"', text: '{"mfaCode": "654321"}', secret: '654321' },
    { title: 'X-Amz-Signature=… in a presigned URL', text: `https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F&X-Amz-Signature=${SIGNATURE}&x=1`, secret: SIGNATURE, keep: 'X-Amz-Credential' },
    { title: 'X-Amz-Security-Token=… in a presigned URL', text: `https://b/k?X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Date=20240101T000000Z`, secret: 'IQoJb3JpZ2luX2Vj', keep: 'X-Amz-Date=20240101T000000Z' },
    { title: 'x-amz-security-token: header', text: `x-amz-security-token: Abc123shortTokenForTest\nhost: sts`, secret: 'Abc123shortTokenForTest', keep: 'host: sts' },
    {
      title: 'Authorization: AWS4-HMAC-SHA256 … Signature=…',
      text: `Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`,
      secret: SIGNATURE,
      keep: 'SignedHeaders=host;x-amz-date',
    },
    { title: 'secretAccessKey: in an object dump', text: `{ accessKeyId: 'ASIAXXXX', secretAccessKey: 'shortButSecret1', sessionToken: 'tok' }`, secret: 'shortButSecret1' },
    { title: 'sessionToken: with a short value', text: `{ sessionToken: 'tokValue9' }`, secret: 'tokValue9' },
    { title: 'aws_session_token = in a credentials file', text: `aws_session_token = abcDEF123`, secret: 'abcDEF123' },
    { title: 'XML <SecretAccessKey>', text: `<Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s3cr3tValue</SecretAccessKey><SessionToken>t0kenValue</SessionToken></Credentials>`, secret: 's3cr3tValue', keep: '<AccessKeyId>ASIA1</AccessKeyId>' },
    { title: 'XML <SessionToken>', text: `<SessionToken>t0kenValue</SessionToken>`, secret: 't0kenValue' },
    { title: 'SigninToken=… in a console login URL', text: 'https://signin/federation?Action=login&Issuer=x&SigninToken=shortSigninTok9&Destination=d', secret: 'shortSigninTok9', keep: 'Destination=d' },
    { title: '"sessionKey" in the federation Session JSON', text: '{"sessionId":"ASIA1","sessionKey":"keyValue77","sessionToken":"tokValue8"}', secret: 'keyValue77' },
    { title: "AWS echoing a value: Value '…' at 'externalId'", text: "1 validation error detected: Value 'bad value' at 'externalId' failed to satisfy constraint", secret: 'bad value', keep: 'failed to satisfy constraint' },
  ];
  for (const c of cases) {
    it(`masks ${c.title}`, () => {
      const out = redact(c.text, c.known);
      assert.ok(!out.includes(c.secret), `secret still present in: ${out}`);
      assert.ok(out.includes(MASK), 'the mask shows something was removed');
      if (c.keep) assert.ok(out.includes(c.keep), `useful context lost: ${out}`);
    });
  }

  it('masks a short known secret (an MFA code) only as a whole token', () => {
    assert.equal(redact('code 654321, account 654321789012', ['654321']), `code ${MASK}, account 654321789012`);
  });

  it('masks every known secret, longest first', () => {
    const out = redact('a=LONGSECRETVALUE b=LONGSECRET', ['LONGSECRET', 'LONGSECRETVALUE']);
    assert.equal(out, `a=${MASK} b=${MASK}`);
  });

  it('keeps text without secrets intact', () => {
    const text =
      'Step 2/3 (role/Deployer in 333333333333) was denied: AccessDenied. externalId: "prompt", commit 3f786850e387550fdab836ed7e6dc881de23001b, ETag "d41d8cd98f00b204e9800998ecf8427e" AKIAIOSFODNN7EXAMPLE';
    assert.equal(redact(text), text);
  });

  it('leaves "prompt" and "none" placeholders alone', () => {
    assert.equal(redact('"externalId":"prompt" ExternalId=none'), '"externalId":"prompt" ExternalId=none');
  });
});

/** Every way a secret is written down on the paths this product has: raw, in URLs, in JSON, wrapped. */
const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  'URL-encoded': (s) => encodeURIComponent(s),
  'form-encoded': (s) => new URLSearchParams({ v: s }).toString().slice(2),
  'URL-encoded twice': (s) => encodeURIComponent(encodeURIComponent(s)),
  'JSON-escaped': (s) => JSON.stringify(s).slice(1, -1),
  '\\/-escaped': (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'),
  '\\u-escaped': (s) => s.replace(/[/+=]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  'wrapped at 76': (s) => wrap(s, 76, '\n'),
  'wrapped at 64 with CRLF and indent': (s) => wrap(s, 64, '\r\n    '),
  'URL-encoded, then wrapped': (s) => wrap(encodeURIComponent(s), 50, '\n'),
  'JSON-escaped, wrapped with \\n escapes': (s) => wrap(JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'), 40, '\\n'),
};

function wrap(s: string, width: number, br: string): string {
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += width) lines.push(s.slice(i, i + width));
  return lines.join(br);
}

/** Any 8 characters of the secret left readable, in the output or in its decoded and unwrapped form. */
function survivor(out: string, secret: string): string | undefined {
  const views = [out, out.replace(/\\n|\r?\n[ \t]*/g, '')];
  for (let i = 0; i < 3; i++) {
    const last = views[views.length - 1] ?? '';
    views.push(last.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\\//g, '/').replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))));
  }
  for (let i = 0; i + 8 <= secret.length; i++) {
    const piece = secret.slice(i, i + 8);
    if (views.some((v) => v.includes(piece))) return piece;
  }
  return undefined;
}

describe('redact: encoded copies and command-line flags', () => {
  // Long enough to be wrapped, with every character URLs and JSON escape.
  const SECRET = `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+x=${'tenant-4242:prod/x,y@z'.repeat(3)}`;
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    it(`masks a known secret ${name}`, () => {
      const out = redact(`before ${encode(SECRET)} after`, [SECRET]);
      assert.equal(survivor(out, SECRET), undefined, `part of the secret survived in: ${out}`);
      assert.ok(out.startsWith('before ') && out.endsWith(' after'), `context lost: ${out}`);
    });
  }

  it('masks a known secret inside a URL-encoded console sign-in request', () => {
    const session = JSON.stringify({ sessionId: 'ASIAEXAMPLE', sessionKey: SECRET, sessionToken: TOKEN });
    const url = `https://signin.aws.amazon.com/federation?${new URLSearchParams({ Action: 'getSigninToken', Session: session }).toString()}`;
    const out = redact(url, [SECRET, TOKEN]);
    assert.equal(survivor(out, SECRET), undefined, out);
    assert.equal(survivor(out, TOKEN), undefined, out);
    assert.ok(out.includes('Action=getSigninToken'), out);
  });

  it('runs its patterns over a URL-decoded copy: a secret found there is masked in its encoded form', () => {
    // Neither value is known to the caller: only the patterns ("sessionKey", "password") can find them.
    const out = redact(`Session=${encodeURIComponent('{"sessionKey":"abc/def+ghi=jkl"}')}&x=${encodeURIComponent('password=hunter2secret')}`);
    assert.equal(survivor(out, 'abc/def+ghi=jkl'), undefined, out);
    assert.ok(!out.includes('hunter2secret') && !out.includes('hunter2'), out);
  });

  for (const flag of ['--password hunter2', '--passphrase=hunter2', '--token s.AbCdEf123', '--vault-token=s.AbCdEf123', '--secret sesame42', '--client-secret=sesame42']) {
    it(`masks the value of ${flag.split(/[ =]/)[0]}`, () => {
      const value = flag.split(/[ =]/).slice(1).join('');
      const out = redact(`Command failed: /usr/local/bin/vault-creds ${flag} --role deploy`);
      assert.ok(!out.includes(value), `flag value survived: ${out}`);
      assert.ok(out.includes('--role deploy'), `other flags lost: ${out}`);
    });
  }

  it('property: no generated secret survives any generated encoding', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=_.@:-,';
    const secret = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 12, maxLength: 300 }).filter((s) => new Set(s).size > 4);
    const encodingName = fc.constantFrom(...Object.keys(ENCODINGS));
    fc.assert(
      fc.property(secret, fc.array(encodingName, { minLength: 1, maxLength: 2 }), fc.constantFrom('', 'x=', '"k":"', 'Session='), (s, names, prefix) => {
        let encoded = s;
        for (const n of names) encoded = (ENCODINGS[n] ?? ((v: string) => v))(encoded);
        const out = redact(`log line: ${prefix}${encoded} end`, [s]);
        return survivor(out, s) === undefined;
      }),
      { numRuns: 400 },
    );
  });
});
