// `npm run local-aws [-- --config file.json] [--port N] [--json]`: runs the local endpoint until Ctrl-C and prints
// what a developer needs to point the extension (or awscli) at it. The secrets printed are the sample scenario's,
// shown on purpose for this dev tool; nothing is written to disk, and the data directory is removed on exit.
import { loadConfigFile } from './config';
import { startLocalAws } from './index';
import { userArn } from './identities';
import { msUntilNextStep, totpCode } from './totp';
import type { LocalAws, LocalAwsConfig, PolicyStatement, RoleConfig } from './types';

const USAGE = `Usage: npm run local-aws -- [--config scenario.json] [--port N] [--json]
  --config  a scenario file shaped like LocalAwsConfig (default: the seed scenario)
  --port    TCP port on 127.0.0.1 (default: a free port)
  --json    print one JSON line describing the endpoint instead of the text summary`;

interface CliOptions {
  config?: string;
  port?: number;
  json: boolean;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--config') {
      const value = argv[++i];
      if (!value) throw new Error('--config needs a file name.');
      options.config = value;
    } else if (arg === '--port') {
      const value = argv[++i] ?? '';
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65535) throw new Error(`--port needs a number from 0 to 65535 (got "${value}").`);
      options.port = port;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`Unknown option ${arg}.`);
    }
  }
  return options;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** What a caller must bring to assume a role, read from its trust policy's Allow statements. */
function roleRequirements(role: RoleConfig): { trusted: string[]; externalIds: string[]; mfa: boolean } {
  const allows = asList<PolicyStatement>(role.trustPolicy.Statement).filter((statement) => statement.Effect === 'Allow');
  const trusted = allows.flatMap((statement) => (statement.Principal === '*' ? ['*'] : asList(statement.Principal?.AWS)));
  const externalIds = new Set<string>();
  let mfa = false;
  for (const statement of allows) {
    for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(block)) {
        if (key.toLowerCase() === 'sts:externalid' && operator.startsWith('String')) asList(value).forEach((id) => externalIds.add(String(id)));
        if (key.toLowerCase() === 'aws:multifactorauthpresent' && operator.startsWith('Bool') && String(value) === 'true') mfa = true;
      }
    }
  }
  return { trusted, externalIds: [...externalIds], mfa };
}

function describe(aws: LocalAws, config: LocalAwsConfig): string {
  const lines = [`Local AWS endpoint (STS, S3, IAM Identity Center) on ${aws.endpoint}`, `Object data in ${aws.dataDir} (removed on exit)`, ''];
  for (const user of config.users) {
    lines.push(`Base credentials of ${userArn(user)}:`);
    lines.push(`  export AWS_ACCESS_KEY_ID=${user.accessKeyId}`);
    lines.push(`  export AWS_SECRET_ACCESS_KEY=${user.secretAccessKey}`);
    lines.push('  export AWS_REGION=us-east-1');
    if (user.mfa) lines.push(`  MFA device ${user.mfa.serial} (authenticator seed ${user.mfa.seedBase32})`);
    lines.push('');
  }
  lines.push('Roles:');
  for (const role of config.roles) {
    const needs = roleRequirements(role);
    lines.push(`  ${role.arn}`);
    lines.push(`    trusts ${needs.trusted.join(', ') || 'nobody'}${needs.mfa ? ', with MFA' : ''}`);
    for (const id of needs.externalIds) lines.push(`    ExternalId ${id}`);
    if (role.maxSessionDuration) lines.push(`    MaxSessionDuration ${role.maxSessionDuration} s`);
  }
  const center = config.identityCenter;
  if (center) {
    lines.push('', `IAM Identity Center (device sign-in; the approval page is ${aws.endpoint}/device):`);
    lines.push(`  start URL ${center.startUrl}, region ${center.region}; set roleChains.endpoints.sso to ${aws.endpoint}`);
    for (const user of center.users) {
      const assignments = user.assignments.map((a) => `${a.roleName} in ${a.accountId}`).join(', ');
      lines.push(`  user ${user.userName}: ${assignments}`);
    }
  }
  lines.push('', `Buckets: ${config.buckets.map((bucket) => (bucket.requireSse ? `${bucket.name} (requires SSE ${bucket.requireSse})` : bucket.name)).join(', ')}`);
  lines.push(`awscli: aws --endpoint-url ${aws.endpoint} sts get-caller-identity`, '', 'Press Ctrl-C to stop.');
  return lines.join('\n');
}

function describeJson(aws: LocalAws, config: LocalAwsConfig): string {
  return JSON.stringify({
    endpoint: aws.endpoint,
    port: aws.port,
    dataDir: aws.dataDir,
    region: 'us-east-1',
    users: config.users.map((user) => ({
      name: user.name,
      arn: userArn(user),
      accessKeyId: user.accessKeyId,
      secretAccessKey: user.secretAccessKey,
      mfaSerial: user.mfa?.serial,
      mfaSeedBase32: user.mfa?.seedBase32,
    })),
    roles: config.roles.map((role) => ({ arn: role.arn, ...roleRequirements(role), maxSessionDuration: role.maxSessionDuration ?? 3600 })),
    buckets: config.buckets.map((bucket) => ({ name: bucket.name, requireSse: bucket.requireSse })),
    identityCenter: config.identityCenter && {
      startUrl: config.identityCenter.startUrl,
      region: config.identityCenter.region,
      approvalPage: `${aws.endpoint}/device`,
      users: config.identityCenter.users,
    },
  });
}

/** Prints each MFA device's code whenever it changes (every 30 s), until stopped. */
function announceMfaCodes(config: LocalAwsConfig): () => void {
  const devices = config.users.filter((user) => user.mfa);
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const now = Date.now();
    const left = Math.round(msUntilNextStep(now) / 1000);
    const clock = new Date(now).toTimeString().slice(0, 8);
    for (const user of devices) console.log(`[${clock}] MFA code for ${user.name}: ${totpCode(user.mfa!.seedBase32, now)} (valid ${left} s more)`);
    timer = setTimeout(tick, msUntilNextStep(Date.now()) + 50);
  };
  if (devices.length > 0) tick();
  return () => clearTimeout(timer);
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  let config: LocalAwsConfig | undefined;
  try {
    config = options.config ? loadConfigFile(options.config) : undefined;
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const aws = await startLocalAws({ config, port: options.port });
  console.log(options.json ? describeJson(aws, aws.config) : describe(aws, aws.config));
  const stopTicker = options.json ? () => undefined : announceMfaCodes(aws.config);

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    stopTicker();
    aws.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main().catch((error: Error) => {
  console.error(`The local AWS endpoint could not start: ${error.message}`);
  process.exit(1);
});
