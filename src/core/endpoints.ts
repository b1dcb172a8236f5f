// Endpoint overrides (roleChains.endpoints.*). The VS Code side reads them only from machine scope and only in
// trusted workspaces, so a cloned repository cannot redirect credentials; this module checks their shape.
import type { ChainProblem } from './chain';
import { validateEndpointUrl } from './validation';

export interface Endpoints {
  sts?: string;
  s3?: string;
  forcePathStyle?: boolean;
}

export const ENDPOINTS_SETTING = 'roleChains.endpoints';

/** Empty strings mean "not set" (the AWS default endpoint). Invalid URLs are dropped with a problem. */
export function parseEndpoints(raw: { sts?: unknown; s3?: unknown; forcePathStyle?: unknown }): { endpoints: Endpoints; problems: ChainProblem[] } {
  const endpoints: Endpoints = {};
  const problems: ChainProblem[] = [];
  for (const key of ['sts', 's3'] as const) {
    const v = raw[key];
    if (v === undefined || v === null || v === '') continue;
    const path = `${ENDPOINTS_SETTING}.${key}`;
    const m = typeof v === 'string' ? validateEndpointUrl(v) : 'must be a URL string.';
    if (m) problems.push({ path, field: key, message: `${path}: ${m}` });
    else endpoints[key] = v as string;
  }
  if (raw.forcePathStyle !== undefined) {
    if (typeof raw.forcePathStyle === 'boolean') endpoints.forcePathStyle = raw.forcePathStyle;
    else problems.push({ path: `${ENDPOINTS_SETTING}.forcePathStyle`, field: 'forcePathStyle', message: `${ENDPOINTS_SETTING}.forcePathStyle: must be true or false.` });
  }
  return { endpoints, problems };
}
