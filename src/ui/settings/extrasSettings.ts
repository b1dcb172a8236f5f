import * as vscode from 'vscode';
import { RoleChainError } from '../../core/errors';
import { validateCredentialEndpointUrl } from '../../core/validation';

const SECTION = 'roleChains';

function userValue<T>(key: string): T | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** roleChains.refreshSilently (application scope: a workspace cannot make chains run in the background). */
export function refreshSilently(): boolean {
  return userValue<boolean>('refreshSilently') === true;
}

/**
 * roleChains.federationEndpoint: the base URL of the sign-in federation endpoint, from user/machine settings only and
 * never in an untrusted workspace (the sign-in request carries the session's credentials). Undefined: AWS's own for
 * the role's partition. A URL that already ends in /federation is accepted as well.
 */
export function federationEndpoint(): string | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const value = userValue<unknown>('federationEndpoint');
  if (value === undefined || value === '') return undefined;
  const problem = typeof value === 'string' ? validateCredentialEndpointUrl(value) : 'it must be a URL string.';
  if (problem !== undefined) {
    throw new RoleChainError('validation', `The roleChains.federationEndpoint setting is not usable: ${problem} Fix it or clear it to use AWS's sign-in endpoint.`);
  }
  return (value as string).replace(/\/+$/, '').replace(/\/federation$/, '');
}
