// ARNs of IAM and STS identities, shaped as AWS shapes them (paths kept in IAM ARNs,
// dropped in assumed-role ARNs).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns

export function userArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:user${path}${name}`;
}

export function roleArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}

export function groupArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:group${path}${name}`;
}

export function policyArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:policy${path}${name}`;
}

export function rootArn(account: string): string {
  return `arn:aws:iam::${account}:root`;
}

export function assumedRoleArn(account: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

/** Splits a managed policy ARN into account (or `aws`), path and name; null if not one. */
export function parsePolicyArn(arn: string): { account: string; path: string; name: string } | null {
  const match = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)?([^/]+)$/.exec(arn);
  if (!match) return null;
  return { account: match[1] as string, path: match[2] ?? '/', name: match[3] as string };
}
