// Checks a scenario before the endpoint serves it, so a mistake in a hand-written config file is reported
// as one clear sentence instead of surfacing later as a puzzling AccessDenied.
import { readFileSync } from 'node:fs';
import { checkIdentityPolicy, checkTrustPolicy } from './iam';
import { PARTITIONS, parseRoleArn, userPartition } from './identities';
import { permissionSetRole } from './identityCenter';
import { decodeBase32 } from './totp';
import type { IdentityCenterConfig, LocalAwsConfig, PolicyDocument, RoleConfig, S3Grant } from './types';

const ACTIONS = new Set(['list', 'get', 'put', 'delete']);

function checkGrants(owner: string, grants: S3Grant[] | undefined): string | undefined {
  for (const grant of grants ?? []) {
    if (typeof grant.bucket !== 'string' || grant.bucket === '') return `${owner}: an s3 grant needs a bucket name or '*'`;
    const bad = (grant.actions ?? []).find((action) => !ACTIONS.has(action));
    if (bad !== undefined || !Array.isArray(grant.actions)) return `${owner}: s3 actions must be list, get, put or delete (got ${String(bad)})`;
  }
  return undefined;
}

function checkIdentityPolicies(owner: string, policies: PolicyDocument[] | undefined): string | undefined {
  if (policies === undefined) return undefined;
  if (!Array.isArray(policies)) return `${owner}: identityPolicies must be an array of policy documents`;
  for (const [index, policy] of policies.entries()) {
    const problem = checkIdentityPolicy(policy);
    if (problem) return `${owner}: identity policy ${index} ${problem}`;
  }
  return undefined;
}

/** A sentence describing the first problem in a scenario, or undefined when it is usable. */
export function checkConfig(config: LocalAwsConfig): string | undefined {
  if (!config || !Array.isArray(config.users) || !Array.isArray(config.roles) || !Array.isArray(config.buckets)) {
    return 'a scenario needs users, roles and buckets arrays';
  }
  const keys = new Set<string>();
  for (const user of config.users) {
    const owner = `user ${user.name}`;
    if (!/^[\w+=,.@-]{1,64}$/.test(user.name ?? '')) return `${owner}: the name must be 1-64 characters of [\\w+=,.@-]`;
    if (!/^\d{12}$/.test(user.account ?? '')) return `${owner}: account must be 12 digits`;
    if (!/^AKIA[A-Z0-9]{16}$/.test(user.accessKeyId ?? '')) return `${owner}: accessKeyId must be AKIA followed by 16 capitals or digits`;
    if (keys.has(user.accessKeyId)) return `${owner}: accessKeyId is used twice`;
    keys.add(user.accessKeyId);
    if (typeof user.secretAccessKey !== 'string' || user.secretAccessKey.length < 16) return `${owner}: secretAccessKey must be at least 16 characters`;
    if (!PARTITIONS.includes(userPartition(user))) return `${owner}: partition must be one of ${PARTITIONS.join(', ')}`;
    const partition = userPartition(user);
    if (user.mfa) {
      if (!new RegExp(`^arn:${partition}:iam::${user.account}:mfa/[\\w+=,.@/-]+$`).test(user.mfa.serial)) return `${owner}: mfa.serial must be arn:${partition}:iam::${user.account}:mfa/<name>`;
      try {
        if (decodeBase32(user.mfa.seedBase32).length < 10) return `${owner}: mfa.seedBase32 must hold at least 10 bytes`;
      } catch {
        return `${owner}: mfa.seedBase32 is not base32`;
      }
    }
    const grants = checkGrants(owner, user.s3);
    if (grants) return grants;
    const identity = checkIdentityPolicies(owner, user.identityPolicies);
    if (identity) return identity;
  }
  const roleArns = new Set<string>();
  for (const role of config.roles) {
    const owner = `role ${role.arn}`;
    if (!parseRoleArn(role.arn ?? '')) return `${owner}: arn must be arn:<aws|aws-cn|aws-us-gov>:iam::<12 digits>:role/<path/>name`;
    if (roleArns.has(role.arn)) return `${owner}: defined twice`;
    roleArns.add(role.arn);
    const max = role.maxSessionDuration;
    if (max !== undefined && (!Number.isInteger(max) || max < 3600 || max > 43200)) return `${owner}: maxSessionDuration must be 3600..43200 seconds`;
    if (!role.trustPolicy) return `${owner}: trustPolicy is missing`;
    const policy = checkTrustPolicy(role.trustPolicy);
    if (policy) return `${owner}: trust policy ${policy}`;
    const grants = checkGrants(owner, role.s3);
    if (grants) return grants;
    const identity = checkIdentityPolicies(owner, role.identityPolicies);
    if (identity) return identity;
  }
  const buckets = new Set<string>();
  for (const bucket of config.buckets) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket.name ?? '')) return `bucket ${bucket.name}: not a valid S3 bucket name`;
    if (buckets.has(bucket.name)) return `bucket ${bucket.name}: defined twice`;
    buckets.add(bucket.name);
    if (bucket.requireSse !== undefined && !['AES256', 'aws:kms', 'any'].includes(bucket.requireSse)) return `bucket ${bucket.name}: requireSse must be AES256, aws:kms or any`;
  }
  return config.identityCenter === undefined ? undefined : checkIdentityCenter(config.identityCenter, config.roles);
}

function checkIdentityCenter(center: IdentityCenterConfig, roles: readonly RoleConfig[]): string | undefined {
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(center.region ?? '')) return 'identityCenter.region must be a region such as us-east-1';
  if (!/^https:\/\/[\w.-]+\/start\/?$/.test(center.startUrl ?? '')) return 'identityCenter.startUrl must be https://<id>.awsapps.com/start';
  if (!Array.isArray(center.accounts) || !Array.isArray(center.users)) return 'identityCenter needs accounts and users arrays';
  const interval = center.pollIntervalSeconds;
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 1 || interval > 60)) return 'identityCenter.pollIntervalSeconds must be 1..60';
  const accounts = new Set(center.accounts.map((account) => account.accountId));
  const names = new Set<string>();
  for (const user of center.users) {
    const owner = `Identity Center user ${user.userName}`;
    if (!/^[\w+=,.@-]{2,64}$/.test(user.userName ?? '')) return `${owner}: the name must be 2-64 characters of [\\w+=,.@-] (it becomes the role session name)`;
    if (names.has(user.userName)) return `${owner}: defined twice`;
    names.add(user.userName);
    for (const { accountId, roleName } of user.assignments ?? []) {
      if (!accounts.has(accountId)) return `${owner}: account ${accountId} is not in identityCenter.accounts`;
      if (!permissionSetRole(roles, accountId, roleName)) {
        return `${owner}: permission set ${roleName} has no role arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${roleName}_<16 hex>`;
      }
    }
  }
  return undefined;
}

/** Reads and checks a scenario file (JSON shaped like LocalAwsConfig); throws one clear sentence when unusable. */
export function loadConfigFile(path: string): LocalAwsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the scenario file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'read error'}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the file, which holds secrets: say only where the problem is.
    throw new Error(`The scenario file ${path} is not valid JSON.`);
  }
  const config = parsed as LocalAwsConfig;
  const problem = checkConfig(config);
  if (problem) throw new Error(`The scenario file ${path} is not usable: ${problem}.`);
  return config;
}
