// CloudFormation YAML for the generated policies: one template per run of consecutive steps in the same account,
// deployed in order, with each ExternalId a NoEcho parameter instead of the model's placeholder.
import { BASE_PARAMETER, externalIdPlaceholder, type GeneratedPolicies, type GeneratedRole, type NamedPolicy, type PolicyDocument } from './model';
import { YamlTag, toYaml, type YamlValue } from './yamlWriter';

export interface CloudFormationTemplate {
  account: string;
  /** 1-based position in the deployment order. */
  order: number;
  fileName: string;
  yaml: string;
}

function docToYaml(doc: PolicyDocument, refs: Map<string, YamlValue>): YamlValue {
  const convert = (v: unknown): YamlValue => {
    if (typeof v === 'string') return refs.get(v) ?? v;
    if (Array.isArray(v)) return v.map(convert);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v as YamlValue;
  };
  return convert(doc);
}

function policiesYaml(policies: NamedPolicy[], refs: Map<string, YamlValue>): YamlValue[] {
  return policies.map((pol) => ({ '#': `${pol.name}: ${pol.purpose}`, PolicyName: pol.name, PolicyDocument: docToYaml(pol.document, refs) }));
}

interface Segment {
  account: string;
  roles: GeneratedRole[];
  withBase: boolean;
}

/** Consecutive steps in one account share a template; a role's trusted principal must exist before it is created. */
function segments(p: GeneratedPolicies): Segment[] {
  const out: Segment[] = [];
  for (const role of p.roles) {
    const last = out[out.length - 1];
    if (last && last.account === role.account) last.roles.push(role);
    else out.push({ account: role.account, roles: [role], withBase: false });
  }
  const first = out[0]!;
  if (p.base.account === first.account) first.withBase = true;
  else out.unshift({ account: p.base.account, roles: [], withBase: true });
  return out;
}

function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'chain';
}

function templateYaml(p: GeneratedPolicies, seg: Segment, order: number, total: number): string {
  const parameters: Record<string, YamlValue> = {};
  const resources: Record<string, YamlValue> = {};
  const refs = new Map<string, YamlValue>();

  if (seg.withBase && p.base.placeholder) {
    parameters[BASE_PARAMETER] = {
      Type: 'String',
      Default: p.base.arn,
      AllowedPattern: 'arn:aws[\\w-]*:iam::\\d{12}:(root|user/.+|role/.+)',
      Description: 'The user or role that starts the chain (step 1 trusts exactly this principal).',
    };
  }

  for (const role of seg.roles) {
    if (role.externalIdParameter) {
      parameters[role.externalIdParameter] = {
        Type: 'String',
        NoEcho: true,
        MinLength: 2,
        MaxLength: 1224,
        AllowedPattern: '[\\w+=,.@:/-]*',
        Description: `The ExternalId shared with whoever assumes step ${role.stepIndex + 1} (${role.roleName}); typed at deploy time, never stored in the template.`,
      };
      refs.set(externalIdPlaceholder(role.stepIndex), new YamlTag('!Ref', role.externalIdParameter));
    }
    if (role.stepIndex === 0 && p.base.placeholder) refs.set(p.base.arn, new YamlTag('!Ref', BASE_PARAMETER));
    const previous = p.roles[role.stepIndex - 1];
    const properties: Record<string, YamlValue> = {
      RoleName: role.roleName,
      Path: role.path,
      '#max': `MaxSessionDuration ${role.maxSessionDuration}: ${role.maxSessionDurationReason}`,
      MaxSessionDuration: role.maxSessionDuration,
      '#trust': `Trusts exactly ${role.stepIndex === 0 ? 'the base principal' : `step ${role.stepIndex}'s role`}${role.externalIdParameter ? ', with its ExternalId' : ''}${role.requiresMfa ? ', with MFA' : ''}.`,
      AssumeRolePolicyDocument: docToYaml(role.trustPolicy, refs),
    };
    if (role.policies.length > 0) properties.Policies = policiesYaml(role.policies, refs);
    const resource: Record<string, YamlValue> = { Type: 'AWS::IAM::Role' };
    // The trusted role must exist before IAM accepts it as a principal.
    if (previous && seg.roles.includes(previous)) resource.DependsOn = previous.logicalId;
    resource.Properties = properties;
    resources[role.logicalId] = resource;
  }

  if (seg.withBase) {
    const props: Record<string, YamlValue> = {
      Description: `Role chain ${p.chainName}: ${p.base.policy.purpose}`,
      PolicyDocument: docToYaml(p.base.policy.document, refs),
    };
    const attach = p.base.attachTo;
    if (attach) props[attach.kind === 'user' ? 'Users' : 'Roles'] = [attach.name];
    else props['#attach'] = 'Attach this policy to the users or roles that run the chain.';
    resources.BasePrincipalAssumePolicy = { Type: 'AWS::IAM::ManagedPolicy', Properties: props };
  }

  const steps = seg.roles.map((r) => r.stepIndex + 1);
  const what = steps.length === 0 ? 'the base principal\'s permission' : steps.length === 1 ? `step ${steps[0]}` : `steps ${steps[0]}–${steps[steps.length - 1]}`;
  const doc: Record<string, YamlValue> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Role chain ${p.chainName}: ${what} in account ${seg.account}${total > 1 ? ` (template ${order} of ${total}, deploy in order)` : ''}.`,
  };
  if (Object.keys(parameters).length > 0) doc.Parameters = parameters;
  doc.Resources = resources;
  const header = [
    `Generated by AWS Role Chains for chain "${p.chainName}". Deploy in account ${seg.account}${total > 1 ? `, as template ${order} of ${total}` : ''}.`,
    'Deploy with CAPABILITY_NAMED_IAM (the roles have fixed names, so the chain settings keep working).',
    ...p.notes,
  ];
  return toYaml(doc, header);
}

/** CloudFormation YAML, one template per run of consecutive steps in the same account, in deployment order. */
export function renderCloudFormation(p: GeneratedPolicies): CloudFormationTemplate[] {
  const segs = segments(p);
  return segs.map((seg, i) => ({
    account: seg.account,
    order: i + 1,
    fileName: `role-chain-${fileSafe(p.chainName)}${segs.length > 1 ? `-${i + 1}-${seg.account}` : ''}.yaml`,
    yaml: templateYaml(p, seg, i + 1, segs.length),
  }));
}
