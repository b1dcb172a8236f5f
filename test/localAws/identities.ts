// Who may sign requests: IAM users from the config (long-term AKIA keys) and the role sessions STS issued
// (ASIA keys with a session token and an expiry). Also answers the S3 grant questions for a principal.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { wildcardMatch } from './iam';
import type { Clock, LocalAwsConfig, Principal, RoleConfig, S3Action, UserConfig } from './types';

export interface RoleSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Milliseconds since the epoch. */
  expiration: number;
  principal: Principal;
  /**
   * The IAM user at the start of the chain: its MFA device is the one later hops may present. Undefined for chains
   * that start from an Identity Center session, which has no IAM user and no MFA device STS could check.
   */
  sourceUser: UserConfig | undefined;
}

export type KeyLookup =
  | { kind: 'user'; user: UserConfig; secretAccessKey: string; principal: Principal }
  | { kind: 'session'; session: RoleSession; secretAccessKey: string; principal: Principal };

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function idFrom(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ID_ALPHABET[(bytes[i] ?? 0) % ID_ALPHABET.length];
  return out;
}

/** Stable unique ids (AIDA… for users, AROA… for roles) derived from the ARN, so they survive restarts like IAM's. */
export function stableId(prefix: 'AIDA' | 'AROA', arn: string): string {
  return prefix + idFrom(createHash('sha256').update(arn).digest(), 17);
}

/** The partitions the local endpoint serves: commercial, China and GovCloud. */
export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov'];

export function userPartition(user: UserConfig): string {
  return user.partition ?? 'aws';
}

export function userArn(user: UserConfig): string {
  return `arn:${userPartition(user)}:iam::${user.account}:user/${user.name}`;
}

/** The partition, account and name (last path segment) of arn:<partition>:iam::<account>:role/<path/>name. */
export function parseRoleArn(arn: string): { partition: string; account: string; name: string } | undefined {
  const match = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(arn);
  return match && match[1] && match[2] && match[3] ? { partition: match[1], account: match[2], name: match[3] } : undefined;
}

function equalSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class IdentityStore {
  private readonly sessions = new Map<string, RoleSession>();

  constructor(
    private readonly config: LocalAwsConfig,
    private readonly clock: Clock,
  ) {}

  userByName(name: string): UserConfig | undefined {
    return this.config.users.find((user) => user.name === name);
  }

  role(arn: string): RoleConfig | undefined {
    return this.config.roles.find((role) => role.arn === arn);
  }

  userPrincipal(user: UserConfig, mfaPresent = false): Principal {
    return { kind: 'user', arn: userArn(user), account: user.account, userId: stableId('AIDA', userArn(user)), mfaPresent, grantsFrom: user };
  }

  /** Finds the signer of an access key id; the caller still checks the session token and the expiry. */
  lookup(accessKeyId: string): KeyLookup | undefined {
    const user = this.config.users.find((candidate) => candidate.accessKeyId === accessKeyId);
    if (user) return { kind: 'user', user, secretAccessKey: user.secretAccessKey, principal: this.userPrincipal(user) };
    const session = this.sessions.get(accessKeyId);
    if (session) return { kind: 'session', session, secretAccessKey: session.secretAccessKey, principal: session.principal };
    return undefined;
  }

  /** True when `token` is the session token issued with this session (compared in constant time). */
  tokenMatches(session: RoleSession, token: string | undefined): boolean {
    return token !== undefined && equalSecret(session.sessionToken, token);
  }

  isExpired(session: RoleSession): boolean {
    return this.clock.now() >= session.expiration;
  }

  /** Creates an assumed-role session: ASIA key id, 40-character secret, long opaque token. */
  issueSession(role: RoleConfig, sessionName: string, durationSeconds: number, mfaPresent: boolean, sourceUser: UserConfig | undefined): RoleSession {
    const parsed = parseRoleArn(role.arn);
    if (!parsed) throw new Error(`Role ARN ${role.arn} is malformed.`);
    const roleId = stableId('AROA', role.arn);
    const accessKeyId = `ASIA${idFrom(randomBytes(16), 16)}`;
    const session: RoleSession = {
      accessKeyId,
      // 30 random bytes are 40 base64 characters, the length and alphabet of AWS secret keys.
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(480).toString('base64'),
      expiration: Math.floor(this.clock.now() / 1000) * 1000 + durationSeconds * 1000,
      principal: {
        kind: 'assumed-role',
        arn: `arn:${parsed.partition}:sts::${parsed.account}:assumed-role/${parsed.name}/${sessionName}`,
        account: parsed.account,
        userId: `${roleId}:${sessionName}`,
        roleArn: role.arn,
        mfaPresent,
        grantsFrom: role,
      },
      sourceUser,
    };
    this.sessions.set(accessKeyId, session);
    return session;
  }

  /** Whether the user or role behind `principal` was granted `action` on `bucket`. */
  canS3(principal: Principal, bucket: string, action: S3Action): boolean {
    return (principal.grantsFrom.s3 ?? []).some((grant) => grant.actions.includes(action) && wildcardMatch(grant.bucket, bucket));
  }
}
