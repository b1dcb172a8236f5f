// How a chain's base credentials are named wherever a chain is shown (the Chains view, the import list): a profile,
// IAM Identity Center (the account and role, or the portal when they are chosen at run time) or the default chain.
// Takes an L10nLike, so the wording is tested in plain Node.
import type { ChainConfig, SsoBase } from '../../core/chain';
import type { L10nLike } from './l10nLike';

/** The portal, as short as it stays recognisable: the sso-session's name, or the start URL's host. */
function portalName(sso: SsoBase): string {
  if (sso.session !== undefined) return sso.session;
  try {
    return new URL(sso.startUrl ?? '').host || (sso.startUrl ?? '');
  } catch {
    return sso.startUrl ?? '';
  }
}

/** One short phrase: the profile's name, "IAM Identity Center · 111111111111/ReadOnly", or "default credentials". */
export function baseLabel(chain: Pick<ChainConfig, 'sourceProfile' | 'sso'>, l10n: L10nLike): string {
  const { sso } = chain;
  if (sso) {
    const target = sso.accountId !== undefined && sso.roleName !== undefined ? `${sso.accountId}/${sso.roleName}` : (sso.accountId ?? sso.roleName);
    return l10n.t('IAM Identity Center · {0}', target ?? portalName(sso));
  }
  return chain.sourceProfile ?? l10n.t('default credentials');
}

/** The tooltip's "Base credentials:" line, with whatever is left to choose when the chain runs. */
export function baseDetail(chain: Pick<ChainConfig, 'sourceProfile' | 'sso'>, l10n: L10nLike): string {
  const { sso } = chain;
  if (!sso) return chain.sourceProfile ? l10n.t('Base credentials: profile {0}', chain.sourceProfile) : l10n.t('Base credentials: default provider chain');
  const portal = sso.session !== undefined ? l10n.t('sso-session {0}', sso.session) : l10n.t('{0} ({1})', sso.startUrl ?? '', sso.region ?? '');
  const later = l10n.t('chosen when the chain runs');
  return l10n.t('Base credentials: IAM Identity Center, {0} · account {1} · role {2}', portal, sso.accountId ?? later, sso.roleName ?? later);
}
