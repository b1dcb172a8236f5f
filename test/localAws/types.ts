// The contract between the parts of the local AWS endpoint (server + SigV4 + STS, and the S3 service).
// Plain Node: no `vscode` import anywhere under test/localAws.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable, Transform } from 'node:stream';

/** Milliseconds since the epoch. Injected so tests can move time without waiting. */
export interface Clock {
  now(): number;
}

/** An IAM policy document as AWS writes it (trust policies use Principal/Condition). */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  /** Federated (a SAML provider) names no caller of AssumeRole: Identity Center's reserved roles trust one. */
  Principal?: '*' | { AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export type S3Action = 'list' | 'get' | 'put' | 'delete';

/** What an identity may do in S3 (a stand-in for identity policies and bucket policies). */
export interface S3Grant {
  bucket: string; // bucket name or '*'
  actions: S3Action[];
}

export interface UserConfig {
  name: string; // IAM user name: arn:<partition>:iam::<account>:user/<name>
  account: string; // 12 digits
  /** aws (default), aws-cn or aws-us-gov: the partition of the user's ARN, its MFA device and the roles it may assume. */
  partition?: string;
  accessKeyId: string; // AKIA…
  secretAccessKey: string;
  /** Virtual MFA device: arn:<partition>:iam::<account>:mfa/<name>, TOTP seed in base32. */
  mfa?: { serial: string; seedBase32: string };
  /** The user's identity policies (IAM JSON, no Principal). sts:AssumeRole across accounts needs one that allows it. */
  identityPolicies?: PolicyDocument[];
  s3?: S3Grant[];
  listAllMyBuckets?: boolean;
}

export interface RoleConfig {
  arn: string; // arn:<partition>:iam::<account>:role/<path/>name
  trustPolicy: PolicyDocument;
  /** The role's identity (permission) policies: its sessions may assume another account's role only if one allows it. */
  identityPolicies?: PolicyDocument[];
  maxSessionDuration?: number; // seconds, default 3600
  s3?: S3Grant[];
  listAllMyBuckets?: boolean;
}

export interface BucketConfig {
  name: string;
  region?: string; // default us-east-1
  /** Emulates a bucket policy that denies PutObject without SSE: 'AES256', 'aws:kms' or 'any'. */
  requireSse?: 'AES256' | 'aws:kms' | 'any';
}

/** An Identity Center user and the permission sets assigned to it (account id + permission set name). */
export interface IdentityCenterUser {
  userName: string;
  assignments: { accountId: string; roleName: string }[];
}

/**
 * IAM Identity Center (SSO): the OIDC device flow and the portal. Each assignment's permission set is provisioned
 * as a role in `roles` named arn:<partition>:iam::<account>:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_<name>_<16 hex>;
 * its identity policies decide what the portal's role credentials may assume, its maxSessionDuration their lifetime.
 */
export interface IdentityCenterConfig {
  region: string;
  /** The AWS access portal URL clients pass to StartDeviceAuthorization: https://<id>.awsapps.com/start */
  startUrl: string;
  accounts: { accountId: string; accountName: string; emailAddress: string }[];
  users: IdentityCenterUser[];
  /** Seconds a client must wait between CreateToken polls (default 1, as AWS answers). */
  pollIntervalSeconds?: number;
}

export interface LocalAwsConfig {
  users: UserConfig[];
  roles: RoleConfig[];
  buckets: BucketConfig[];
  identityCenter?: IdentityCenterConfig;
}

/** Network model and faults; all optional, all changeable at run time through LocalAws.setFaults(). */
export interface Faults {
  /** Added before each response starts (ms). */
  latencyMs?: number;
  /** Per-connection cap on request and response bodies (bytes per second). */
  bandwidthBytesPerSec?: number;
  /** The next N STS requests are answered 400 Throttling (the SDK retries them). */
  stsThrottleNext?: number;
  /** The next N S3 requests are answered 503 SlowDown. */
  s3SlowDownNext?: number;
  /** Destroy the socket of the next request whose body passes N bytes (counted per request). */
  resetAfterBodyBytes?: number;
  /** Only apply resetAfterBodyBytes to requests of this S3 operation, e.g. 'UploadPart'. */
  resetOperation?: string;
  /** Refuse every request with a destroyed socket (endpoint "down" while the port stays bound). */
  refuseAll?: boolean;
  /** Cut every open connection when set (requests in flight see a network error): with refuseAll, the link is down. */
  dropConnections?: boolean;
  /** Act like an S3-compatible store without conditional writes: If-Match / If-None-Match on writes are ignored. */
  s3IgnoreWriteConditions?: boolean;
}

/** Who signed a request, after SigV4 and the session token were checked. */
export interface Principal {
  kind: 'user' | 'assumed-role';
  /** User ARN, or arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>. */
  arn: string;
  account: string;
  /** AIDA… for users; AROA…:<session name> for assumed roles (GetCallerIdentity's UserId). */
  userId: string;
  /** For assumed roles: the IAM role ARN (arn:<partition>:iam::…:role/…) that grants and trust policies name. */
  roleArn?: string;
  /** True when this session was created with a valid MFA code (or is a user authenticated with MFA). */
  mfaPresent: boolean;
  /** The identity whose grants apply: the user ARN or the role ARN. */
  grantsFrom: UserConfig | RoleConfig;
}

/** One line of the request log tests read, e.g. to prove that bad input sent no request. */
export interface RequestLogEntry {
  time: number;
  service: 'sts' | 's3' | 'federation' | 'sso-oidc' | 'sso' | 'sso-device' | 'unknown';
  operation: string; // AssumeRole, GetCallerIdentity, PutObject, UploadPart, …
  principal?: string; // caller ARN when authenticated
  accessKeyId?: string;
  status: number;
  errorCode?: string;
  bucket?: string;
  key?: string;
}

/** A secret the endpoint issued or received (for the secret-scan test): never printed, only compared. */
export interface SeenSecret {
  kind: 'secretAccessKey' | 'sessionToken' | 'externalId' | 'mfaCode' | 'ssoClientSecret' | 'ssoDeviceCode' | 'ssoAccessToken' | 'ssoRefreshToken';
  value: string;
}

/** What the server hands a service after authenticating a request. */
export interface AuthContext {
  principal: Principal;
  accessKeyId: string;
  region: string;
  /** The claimed `x-amz-content-sha256` (hex, UNSIGNED-PAYLOAD, STREAMING-…); for presigned URLs UNSIGNED-PAYLOAD. */
  payloadHash: string;
  presigned: boolean;
}

/** Shared services the server gives to the STS and S3 handlers. */
export interface ServiceContext {
  clock: Clock;
  config: LocalAwsConfig;
  /**
   * Inside the handling of a request this does not add a line: it annotates that request's entry (operation,
   * errorCode, bucket, key, principal; its status is ignored). The server writes exactly one entry per request
   * when the response finishes, with the response's status, and an errorCode taken from the annotations or,
   * failing that, from the <Code> of an error body. Services may instead call `annotateRequest(res, fields)`
   * from ./requestLog, which does the same keyed by the response. Outside any request it appends the entry.
   */
  log(entry: Omit<RequestLogEntry, 'time'>): void;
  recordSecret(secret: SeenSecret): void;
  faults(): Faults;
  /** Directory for object data; removed on stop(). */
  dataDir: string;
  /** Looks up the grants of a principal (user or role config). */
  canS3(principal: Principal, bucket: string, action: S3Action): boolean;
  /** A Transform applying the current bandwidth cap (identity when none): pipe response bodies through it. */
  throttle(): Transform;
}

/** The S3 half: implemented under test/localAws/s3/, called by the server for every authenticated S3 request. */
export interface S3Service {
  /**
   * `body` is the request body as the server lets it through (bandwidth cap and reset faults applied): read it, not `req`.
   * Unauthenticated requests never reach the service; the server answers those itself.
   * The server has already set `Date` (from the endpoint's clock), `x-amz-request-id` and `x-amz-id-2` on `res`.
   */
  handle(req: IncomingMessage, body: Readable, res: ServerResponse, auth: AuthContext): Promise<void>;
  /** Called on stop(): abort in-flight work and release files. */
  close(): Promise<void>;
}
export type CreateS3Service = (ctx: ServiceContext) => S3Service;

export interface StartOptions {
  /** Scenario to load; default: the seed scenario (see scenario.ts). */
  config?: LocalAwsConfig;
  port?: number; // default: a free port
  clock?: Clock;
  faults?: Faults;
}

export interface LocalAws {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  config: LocalAwsConfig;
  /** The temporary directory holding object data (removed by stop()). */
  dataDir: string;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Requests received whose response has not ended (nor their connection closed): tests wait on this, not on time. */
  requestsInFlight(): number;
  seenSecrets(): SeenSecret[];
  setFaults(faults: Faults): void;
  /** Moves the injected clock when the default adjustable clock is used. */
  advanceClock(ms: number): void;
  /** The Identity Center side: approve or deny a pending device authorization as the approval page does. */
  sso: SsoControl;
  /** Current TOTP code for a user's MFA device. */
  mfaCode(userName: string, atMs?: number): string;
  stop(): Promise<void>;
}

/** Test control of the local Identity Center (what a user does in the browser). */
export interface SsoControl {
  /** Approves the pending authorization with this user code as `userName` (default: the first Identity Center user). */
  approve(userCode: string, userName?: string): void;
  deny(userCode: string): void;
  /** User codes of authorizations still waiting for the user. */
  pendingUserCodes(): string[];
  /** Invalidates every access token (as a sign-out in the portal or a session-duration change would). */
  revokeAccessTokens(): void;
}
