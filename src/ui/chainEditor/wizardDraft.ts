// The Add/Edit Chain wizard's answers so far, kept apart from the pages that ask for them: Back returns to a page
// with what was answered there, and the chain is built from the draft only when the last page is done.
import type { ChainConfig, S3Options, SsoBase, StepConfig } from '../../core/chain';
import { validateChain } from '../../core/chainParser';
import { RoleChainError } from '../../core/errors';
import type { L10nLike } from '../shared/l10nLike';

export class WizardDraft {
  name: string;
  /** The base: a profile, IAM Identity Center, or neither (the default chain); never both (see useProfile, useSso…). */
  sourceProfile?: string;
  sso?: SsoBase;
  region?: string;
  /** Every step answered so far, including those an edit is about to drop. */
  readonly steps: StepConfig[];
  /** How many of `steps` the chain keeps (an edit can drop trailing steps). */
  stepCount: number;
  sse?: S3Options['sse'];
  kmsKeyId?: string;
  buckets: string[];

  /** A draft prefilled with the chain being edited, or an empty one for a new chain. */
  constructor(private readonly existing?: ChainConfig) {
    this.name = existing?.name ?? '';
    this.sourceProfile = existing?.sourceProfile;
    this.sso = existing?.sso ? { ...existing.sso } : undefined;
    this.region = existing?.region;
    this.steps = existing ? existing.steps.map((s) => ({ ...s })) : [];
    this.stepCount = existing?.steps.length ?? 1;
    this.sse = existing?.s3?.sse;
    this.kmsKeyId = existing?.s3?.kmsKeyId;
    this.buckets = [...(existing?.s3?.buckets ?? [])];
  }

  /** A profile (or undefined: the default chain) as the base; an Identity Center base is dropped. */
  useProfile(profile: string | undefined): void {
    this.sourceProfile = profile;
    delete this.sso;
  }

  /** An sso-session as the Identity Center base: it gives the portal and its region; the account and role stay. */
  useSsoSession(session: string): void {
    this.sso = { ...this.ssoTarget(), session };
    delete this.sourceProfile;
  }

  /** A start URL as the Identity Center base: the region stays when the base was a start URL already. */
  useSsoStartUrl(startUrl: string): void {
    const region = this.sso?.session === undefined ? this.sso?.region : undefined;
    this.sso = { ...this.ssoTarget(), startUrl, ...(region === undefined ? {} : { region }) };
    delete this.sourceProfile;
  }

  /** Sets (a value) or clears (undefined) the Identity Center base's region, account or role. */
  setSso(key: 'region' | 'accountId' | 'roleName', value: string | undefined): void {
    this.sso ??= {};
    if (value === undefined) delete this.sso[key];
    else this.sso[key] = value;
  }

  private ssoTarget(): Pick<SsoBase, 'accountId' | 'roleName'> {
    const target: Pick<SsoBase, 'accountId' | 'roleName'> = {};
    if (this.sso?.accountId !== undefined) target.accountId = this.sso.accountId;
    if (this.sso?.roleName !== undefined) target.roleName = this.sso.roleName;
    return target;
  }

  /** Step `k` (0-based), created with the defaults when the wizard first reaches it. */
  step(k: number): StepConfig {
    this.steps[k] ??= { roleArn: '', externalId: 'prompt' };
    return this.steps[k];
  }

  setRoleArn(k: number, roleArn: string): void {
    const s = this.step(k);
    // A different role keeps nothing of the old step's per-role fields.
    if (s.roleArn !== '' && s.roleArn !== roleArn) {
      delete s.sessionName;
      delete s.mfaSerial;
    }
    s.roleArn = roleArn;
  }

  setSse(sse: S3Options['sse'] | undefined): void {
    this.sse = sse;
    if (sse !== 'aws:kms') delete this.kmsKeyId;
  }

  /** The chain to write. Throws a validation RoleChainError (its message through `l10n`) when the settings parser would refuse it. */
  build(l10n: L10nLike): ChainConfig {
    const chain: ChainConfig = { name: this.name, steps: this.steps.slice(0, this.stepCount).map((s) => ({ ...s })) };
    if (this.sourceProfile !== undefined) chain.sourceProfile = this.sourceProfile;
    if (this.sso !== undefined) chain.sso = { ...this.sso };
    if (this.region !== undefined) chain.region = this.region;
    const s3: S3Options = {};
    if (this.sse !== undefined) s3.sse = this.sse;
    if (this.kmsKeyId !== undefined) s3.kmsKeyId = this.kmsKeyId;
    if (this.buckets.length > 0) s3.buckets = this.buckets;
    if (Object.keys(s3).length > 0) chain.s3 = s3;
    // Every field was validated as typed; this is the settings parser's last word on the whole chain.
    const problem = validateChain(chain)[0];
    if (problem) {
      const message = this.existing ? l10n.t('Editing chain "{0}": {1}', chain.name, problem.message) : l10n.t('Adding chain "{0}": {1}', chain.name, problem.message);
      throw new RoleChainError('validation', message, { chainName: chain.name });
    }
    return chain;
  }
}

/** The pinned-buckets answer as names: commas or spaces between them. */
export function splitBuckets(v: string): string[] {
  return v
    .split(/[\s,]+/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
}
