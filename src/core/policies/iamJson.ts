// Plain IAM JSON for the generated policies.
import type { GeneratedPolicies } from './model';

/** Plain IAM JSON: what to paste into the console or the CLI, with ExternalId placeholders. */
export function renderIamJson(p: GeneratedPolicies): string {
  const out = {
    chain: p.chainName,
    notes: p.notes,
    basePrincipal: {
      arn: p.base.arn,
      ...(p.base.attachTo ? { attachTo: p.base.attachTo } : {}),
      policies: [{ PolicyName: p.base.policy.name, PolicyDocument: p.base.policy.document }],
    },
    roles: p.roles.map((r) => ({
      step: r.stepIndex + 1,
      RoleName: r.roleName,
      Path: r.path,
      Arn: r.roleArn,
      MaxSessionDuration: r.maxSessionDuration,
      AssumeRolePolicyDocument: r.trustPolicy,
      Policies: r.policies.map((pol) => ({ PolicyName: pol.name, PolicyDocument: pol.document })),
    })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
