// The wire side of the local Identity Center: SSO OIDC (restJson1 POSTs /client/register, /device_authorization,
// /token), the portal (GETs /assignment/accounts, /assignment/roles, /federation/credentials and POST /logout with
// the x-amz-sso_bearer_token header), and the approval page at /device that a browser opens from
// verificationUriComplete. All of them are unsigned, as the SDK sends them; with an endpoint override the SDK
// sends them to that host unchanged, so they are told apart by path (and by AWS's host names when a proxy keeps them).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeXml } from './xml';
import { SsoError, type IdentityCenter } from './identityCenter';
import { readText } from './readBody';
import { annotateRequest } from './requestLog';
import type { RawRequest } from './sigv4';

const BODY_LIMIT = 64 * 1024;
export const DEVICE_PATH = '/device';
const OIDC_OPERATIONS: Record<string, string> = { '/client/register': 'RegisterClient', '/device_authorization': 'StartDeviceAuthorization', '/token': 'CreateToken' };
const PORTAL_OPERATIONS: Record<string, [string, string]> = {
  '/assignment/accounts': ['GET', 'ListAccounts'],
  '/assignment/roles': ['GET', 'ListAccountRoles'],
  '/federation/credentials': ['GET', 'GetRoleCredentials'],
  '/logout': ['POST', 'Logout'],
};

export type SsoService = 'sso-oidc' | 'sso' | 'sso-device';

/** Which SSO service an unsigned request is for, or undefined when it is none of them. */
export function ssoRoute(request: RawRequest): SsoService | undefined {
  const host = (request.headers.host ?? '').toLowerCase();
  if (request.rawPath === DEVICE_PATH || host.startsWith('device.sso.')) return 'sso-device';
  if (host.startsWith('oidc.') || (request.method === 'POST' && OIDC_OPERATIONS[request.rawPath] !== undefined)) return 'sso-oidc';
  if (host.startsWith('portal.sso.') || PORTAL_OPERATIONS[request.rawPath] !== undefined) return 'sso';
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (errorType !== undefined) headers['x-amzn-ErrorType'] = errorType;
  res.writeHead(status, headers);
  res.end(text);
}

function sendError(res: ServerResponse, error: SsoError, oidc: boolean): void {
  annotateRequest(res, { errorCode: error.type });
  // OIDC errors carry OAuth's `error` and `error_description`; the portal's carry `message`.
  const body = oidc ? { error: error.oauthError ?? 'invalid_request', error_description: error.message } : { message: error.message };
  sendJson(res, error.status, body, error.type);
}

function queryOf(request: RawRequest): URLSearchParams {
  return new URLSearchParams(request.rawQuery);
}

export async function handleSso(center: IdentityCenter | undefined, service: SsoService, req: IncomingMessage, res: ServerResponse, request: RawRequest): Promise<void> {
  if (!center) {
    annotateRequest(res, { operation: 'Unknown', errorCode: 'UnknownService' });
    sendJson(res, 400, { message: 'This scenario has no IAM Identity Center.' }, 'UnknownService');
    return;
  }
  if (service === 'sso-device') return handleDevicePage(center, req, res, request);
  const oidc = service === 'sso-oidc';
  try {
    if (oidc) {
      const operation = OIDC_OPERATIONS[request.rawPath];
      annotateRequest(res, { operation: operation ?? 'Unknown' });
      if (operation === undefined || request.method !== 'POST') throw new SsoError(404, 'UnknownOperationException', 'Unknown operation', 'invalid_request');
      const input = parseJsonObject(await readText(req, BODY_LIMIT));
      const output =
        operation === 'RegisterClient'
          ? center.registerClient(input)
          : operation === 'StartDeviceAuthorization'
            ? center.startDeviceAuthorization(input)
            : center.createToken(input);
      sendJson(res, 200, output);
      return;
    }
    const route = PORTAL_OPERATIONS[request.rawPath];
    annotateRequest(res, { operation: route?.[1] ?? 'Unknown' });
    if (!route || route[0] !== request.method) throw new SsoError(404, 'UnknownOperationException', 'Unknown operation');
    await readText(req, BODY_LIMIT);
    const bearer = req.headers['x-amz-sso_bearer_token'];
    const token = typeof bearer === 'string' && bearer !== '' ? bearer : undefined;
    const query = queryOf(request);
    switch (route[1]) {
      case 'ListAccounts':
        return sendJson(res, 200, center.listAccounts(token, query.get('next_token'), query.get('max_result')));
      case 'ListAccountRoles':
        return sendJson(res, 200, center.listAccountRoles(token, query.get('account_id'), query.get('next_token'), query.get('max_result')));
      case 'GetRoleCredentials':
        return sendJson(res, 200, { roleCredentials: center.getRoleCredentials(token, query.get('role_name'), query.get('account_id')) });
      default:
        center.logout(token);
        return sendJson(res, 200, {});
    }
  } catch (error) {
    if (error instanceof SsoError) return sendError(res, error, oidc);
    throw error;
  }
}

function parseJsonObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined) throw new SsoError(400, 'InvalidRequestException', 'The request body is too large or incomplete', 'invalid_request');
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: not JSON
  }
  throw new SsoError(400, 'InvalidRequestException', 'The request body is not a JSON object', 'invalid_request');
}

// ---- the approval page ----

function sendPage(res: ServerResponse, status: number, title: string, body: string): void {
  if (res.destroyed || res.headersSent) return;
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    `<title>${escapeXml(title)}</title>` +
    '<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}code{font-size:2rem;letter-spacing:.2rem}button{font-size:1.1rem;margin-right:1rem}</style>' +
    `</head><body><h1>${escapeXml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
  res.end(html);
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${name}" value="${escapeXml(value)}">`;
}

async function handleDevicePage(center: IdentityCenter, req: IncomingMessage, res: ServerResponse, request: RawRequest): Promise<void> {
  if (request.method === 'GET') {
    annotateRequest(res, { operation: 'ApprovalPage' });
    const code = queryOf(request).get('user_code');
    if (code === null) {
      const form = `<form method="get" action="${DEVICE_PATH}"><label>Code <input name="user_code" autocomplete="off"></label> <button type="submit">Next</button></form>`;
      return sendPage(res, 200, 'Authorize request', form);
    }
    const device = center.pendingByUserCode(code);
    if (!device) {
      annotateRequest(res, { errorCode: 'InvalidUserCode' });
      return sendPage(res, 400, 'Authorization failed', '<p id="message">This code is not valid, has expired or was already used.</p>');
    }
    const users = center.users();
    const who =
      users.length === 1
        ? `<p>Signed in as <strong id="user-name">${escapeXml(users[0]?.userName ?? '')}</strong>.</p>${hidden('user', users[0]?.userName ?? '')}`
        : `<p><label>Sign in as <select name="user">${users.map((user) => `<option>${escapeXml(user.userName)}</option>`).join('')}</select></label></p>`;
    const form =
      `<p>Check that this code matches the one your application shows:</p><p><code id="user-code">${escapeXml(device.userCode)}</code></p>` +
      `<form method="post" action="${DEVICE_PATH}">${hidden('user_code', device.userCode)}${hidden('nonce', device.formNonce)}${who}` +
      '<button type="submit" name="decision" value="allow" id="allow">Allow</button><button type="submit" name="decision" value="deny" id="deny">Deny</button></form>';
    return sendPage(res, 200, 'Authorize request', form);
  }
  if (request.method !== 'POST') {
    annotateRequest(res, { operation: 'ApprovalPage', errorCode: 'MethodNotAllowed' });
    return sendPage(res, 405, 'Not allowed', '<p>Use the form.</p>');
  }
  annotateRequest(res, { operation: 'ApproveDevice' });
  const form = new URLSearchParams((await readText(req, BODY_LIMIT)) ?? '');
  const device = center.pendingByUserCode(form.get('user_code') ?? '');
  if (!device || form.get('nonce') !== device.formNonce) {
    annotateRequest(res, { errorCode: 'InvalidUserCode' });
    return sendPage(res, 400, 'Authorization failed', '<p id="message">This request is not valid or has expired. Start again from your application.</p>');
  }
  const decision = form.get('decision');
  if (decision !== 'allow' && decision !== 'deny') return sendPage(res, 400, 'Authorization failed', '<p id="message">Choose Allow or Deny.</p>');
  const userName = form.get('user') ?? undefined;
  if (decision === 'allow' && !center.users().some((user) => user.userName === userName)) {
    return sendPage(res, 400, 'Authorization failed', '<p id="message">Unknown user.</p>');
  }
  center.decide(device.userCode, decision, userName);
  const text = decision === 'allow' ? 'Request approved. You can close this window and return to your application.' : 'Request denied.';
  return sendPage(res, 200, decision === 'allow' ? 'Request approved' : 'Request denied', `<p id="message">${escapeXml(text)}</p>`);
}
