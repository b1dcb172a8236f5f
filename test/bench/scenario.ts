// The seed scenario plus one bucket for the listing case, so 100,000 keys never slow the transfer cases' bucket.
import { SEED, seedScenario, type LocalAwsConfig } from '../localAws';

export const LISTING_BUCKET = 'bench-listing';
/** The transfer cases' bucket: RoleA may read and write it, and it requires no particular encryption. */
export const TRANSFER_BUCKET = SEED.bucket1;

export function benchScenario(): LocalAwsConfig {
  const config = seedScenario();
  config.buckets.push({ name: LISTING_BUCKET });
  const roleA = config.roles.find((role) => role.arn === SEED.roleA);
  if (!roleA) throw new Error('the seed scenario has no RoleA');
  roleA.s3 = [...(roleA.s3 ?? []), { bucket: LISTING_BUCKET, actions: ['list', 'get', 'put', 'delete'] }];
  return config;
}
