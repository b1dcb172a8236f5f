// Loaded on the first Generate IAM Policies (see ../shared/lazyCommands.ts): the policy model, its renderers and the YAML writer.
export { registerGeneratePolicies } from './generatePolicies';
