// What `npm start` prints, kept apart from the processes it starts so a unit test can read it: a newcomer follows
// these lines and nothing else, so they name the bucket to upload to and give awscli what it needs to check it.
import { SEED } from '../localAws/scenario';
import { TWO_STEP } from './seedChains';

/** The profile name the printed awscli snippet uses. */
export const DEMO_PROFILE = 'role-chains-demo';

export interface DemoInfo {
  url: string;
  port: number;
  endpoint: string;
}

export function demoInstructions(info: DemoInfo): string[] {
  return [
    '',
    'AWS Role Chains demo is running.',
    '',
    `  Open in your browser:  ${info.url}`,
    `  (code-server listens on 127.0.0.1 only; from another machine use ssh -L ${info.port}:127.0.0.1:${info.port})`,
    '',
    `  Local AWS endpoint:    ${info.endpoint} (STS and S3, seed scenario)`,
    `  Base credentials:      the sample user "${SEED.developerName}" (${SEED.developerAccessKeyId}), given to the editor's`,
    '                         extension host through its environment, never written to the workspace',
    '',
    `  In the Role Chains view press ▶ on "${TWO_STEP}" (or F1 → "Role Chains: Run Role Chain…") and type:`,
    `    step 1/2 ExternalId for role/RoleA (${SEED.roleAAccount}):  ${SEED.externalIdA}`,
    `    step 1/2 MFA code for ${SEED.mfaSerial}:  the code printed below (a new one every 30 s)`,
    `    step 2/2 ExternalId for role/RoleB (${SEED.roleBAccount}):  ${SEED.externalIdB}`,
    '',
    `  Then upload: right-click a file in the Explorer → "Upload to S3…" → bucket "${SEED.bucket2}" (pinned by the chain;`,
    '  RoleB writes it, with AES256 encryption). Check it in F1 → "Role Chains: Open Terminal with Chain Credentials":',
    `    aws s3 ls s3://${SEED.bucket2}/`,
    '  (the terminal follows the local endpoint, with Debian 12\'s older awscli too: see "Open Terminal" in the README)',
    '',
    '  To check with awscli from any shell, paste this profile into ~/.aws/config:',
    ...awsCliProfile().map((l) => `    ${l}`),
    `  then: aws --profile ${DEMO_PROFILE} --endpoint-url ${info.endpoint} sts get-caller-identity`,
    '',
    '  These are sample values of the local endpoint, not real AWS secrets.',
    '  Press Ctrl-C to stop everything and remove the temporary folders.',
    '',
  ];
}

/** The sample base credentials as an ~/.aws/config profile (the local endpoint's values only, never real ones). */
export function awsCliProfile(): string[] {
  return [
    `[profile ${DEMO_PROFILE}]`,
    `aws_access_key_id = ${SEED.developerAccessKeyId}`,
    `aws_secret_access_key = ${SEED.developerSecretAccessKey}`,
    `region = ${SEED.region}`,
  ];
}

/** One MFA line, starting with the local time it was printed so a person can tell whether it is still fresh. */
export function mfaLine(at: Date, code: string, secondsLeft: number): string {
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${time}  MFA code for ${SEED.developerName}: ${code}  (valid for about ${secondsLeft} s more)`;
}
