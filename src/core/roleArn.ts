/** A role ARN's account and role name (with its path) for display; anything else shows whole, with no account. */
export function splitRoleArn(roleArn: string): { account: string; name: string } {
  const match = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
  return match ? { account: match[1] as string, name: match[2] as string } : { account: '', name: roleArn };
}
