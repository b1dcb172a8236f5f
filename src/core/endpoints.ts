// Endpoint overrides (roleChains.endpoints.*). The VS Code side reads them only from machine scope and only in
// trusted workspaces, so a cloned repository cannot redirect credentials; this module checks their shape.
import type { ChainProblem } from './chain';
import { isLoopbackHost, validateCredentialEndpointUrl, validateEndpointUrl } from './validation';

export interface Endpoints {
  sts?: string;
  s3?: string;
  /** IAM Identity Center's OIDC and portal services (one URL for both, as local stacks serve them). */
  sso?: string;
  forcePathStyle?: boolean;
}

export const ENDPOINTS_SETTING = 'roleChains.endpoints';

/** Empty strings mean "not set" (the AWS default endpoint). Invalid URLs are dropped with a problem. */
export function parseEndpoints(raw: { sts?: unknown; s3?: unknown; sso?: unknown; forcePathStyle?: unknown }): { endpoints: Endpoints; problems: ChainProblem[] } {
  const endpoints: Endpoints = {};
  const problems: ChainProblem[] = [];
  for (const key of ['sts', 's3', 'sso'] as const) {
    const v = raw[key];
    if (v === undefined || v === null || v === '') continue;
    const path = `${ENDPOINTS_SETTING}.${key}`;
    // STS and Identity Center answer with secrets: https unless it is this machine. S3 may be a plain-http store (warned about).
    const validate = key === 's3' ? validateEndpointUrl : validateCredentialEndpointUrl;
    const m = typeof v === 'string' ? validate(v) : 'must be a URL string.';
    if (m) problems.push({ path, field: key, message: `${path}: ${m}` });
    else endpoints[key] = v as string;
  }
  if (raw.forcePathStyle !== undefined) {
    if (typeof raw.forcePathStyle === 'boolean') endpoints.forcePathStyle = raw.forcePathStyle;
    else problems.push({ path: `${ENDPOINTS_SETTING}.forcePathStyle`, field: 'forcePathStyle', message: `${ENDPOINTS_SETTING}.forcePathStyle: must be true or false.` });
  }
  return { endpoints, problems };
}

/** The host of an http:// URL that leaves this machine (for the S3 warning); undefined for https, loopback or junk. */
export function plainHttpHost(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname) ? url.host : undefined;
  } catch {
    return undefined;
  }
}
