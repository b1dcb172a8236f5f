// The wizard's last pages: the chain's region and its S3 options (encryption, KMS key, pinned buckets).
import { DEFAULT_REGION, type S3Options } from '../../core/chain';
import { validateBucketName, validateKmsKeyId, validateRegion } from '../../core/validation';
import { splitBuckets } from './wizardDraft';
import { next, type Page, type PageKit } from './wizardPage';

const DEFAULT_SSE = '$default';

/** The region page, then encryption, the KMS key when SSE-KMS was chosen, and the pinned buckets, which end the wizard. */
export function regionPage(kit: PageKit): Page {
  const { draft, l10n } = kit;

  const region: Page = async () => {
    // The base's own region is the likeliest home region: the profile's, or Identity Center's (its portal's).
    const ssoRegion = draft.sso?.region ?? kit.ssoSessions?.find((s) => s.name === draft.sso?.session)?.region;
    const profileRegion = kit.profiles?.find((p) => p.name === draft.sourceProfile)?.region ?? ssoRegion;
    return next(
      await kit.input({
        id: 'region',
        what: l10n.t('region'),
        prompt: l10n.t('The region for STS and S3 (steps may override it in settings).'),
        value: draft.region ?? profileRegion ?? DEFAULT_REGION,
        validate: validateRegion,
      }),
      (v) => {
        draft.region = v;
        return sse;
      },
    );
  };

  const sse: Page = async () =>
    next(
      await kit.pick({
        id: 's3.sse',
        what: l10n.t('S3 encryption'),
        placeholder: l10n.t('Server-side encryption for uploads with this chain'),
        value: draft.sse ?? DEFAULT_SSE,
        items: [
          { id: DEFAULT_SSE, label: l10n.t('Default (SSE-S3, AES256)') },
          { id: 'AES256', label: l10n.t('SSE-S3 (AES256)'), description: l10n.t('written explicitly') },
          { id: 'aws:kms', label: l10n.t('SSE-KMS'), description: l10n.t('with a KMS key') },
          { id: 'none', label: l10n.t('No encryption header'), description: l10n.t("the bucket's default applies") },
        ],
      }),
      (v) => {
        draft.setSse(v === DEFAULT_SSE ? undefined : (v as S3Options['sse']));
        return draft.sse === 'aws:kms' ? kms : buckets;
      },
    );

  const kms: Page = async () =>
    next(
      await kit.input({
        id: 's3.kmsKeyId',
        what: l10n.t('KMS key'),
        prompt: l10n.t("KMS key id, alias/<name> or key ARN for uploads. Empty: the account's default aws/s3 key."),
        value: draft.kmsKeyId ?? '',
        validate: (v) => (v === '' ? undefined : validateKmsKeyId(v)),
      }),
      (v) => {
        if (v === '') delete draft.kmsKeyId;
        else draft.kmsKeyId = v;
        return buckets;
      },
    );

  const buckets: Page = async () =>
    next(
      await kit.input({
        id: 's3.buckets',
        what: l10n.t('pinned buckets'),
        prompt: l10n.t('Buckets to show in the S3 view even when the role may not list all buckets, separated by commas. Empty: none.'),
        placeholder: 'my-bucket, other-bucket',
        value: draft.buckets.join(', '),
        validate: (v) => {
          const names = splitBuckets(v);
          for (const name of names) {
            const m = validateBucketName(name);
            if (m) return l10n.t('{0}: {1}', name, m);
          }
          const twice = names.find((n, i) => names.indexOf(n) !== i);
          return twice === undefined ? undefined : l10n.t('"{0}" is listed twice.', twice);
        },
      }),
      (v) => {
        draft.buckets = splitBuckets(v);
        return 'done';
      },
    );

  return region;
}
