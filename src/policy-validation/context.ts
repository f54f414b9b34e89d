// Shared state of one validation run: the reporter, the policy type and catalog, and the
// statement view every per-statement check reads. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
import type { Located, LocatedString, Property, Reporter } from './json-document.js';
import type { PolicyCatalog, ValidationPolicyType } from './types.js';

export interface CheckContext {
  readonly reporter: Reporter;
  readonly type: ValidationPolicyType;
  readonly catalog: PolicyCatalog;
  /** The Version string when it is one of the two valid versions, else undefined. */
  readonly version: '2012-10-17' | '2008-10-17' | undefined;
}

export interface StatementView {
  readonly index: number;
  readonly at: Located;
  readonly props: ReadonlyMap<string, Property>;
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly actionKey: 'Action' | 'NotAction' | undefined;
  readonly actions: readonly LocatedString[];
  readonly resourceKey: 'Resource' | 'NotResource' | undefined;
  readonly resources: readonly LocatedString[];
  readonly principalKey: 'Principal' | 'NotPrincipal' | undefined;
  readonly principal: Located | undefined;
  readonly condition: Located | undefined;
}

/** Identity-based kinds are validated as Access Analyzer's IDENTITY_POLICY. */
export function isIdentityLike(type: ValidationPolicyType): boolean {
  return type === 'identity' || type === 'boundary' || type === 'session';
}

/** The policyType name Access Analyzer uses in its texts. */
export function analyzerPolicyType(type: ValidationPolicyType): string {
  switch (type) {
    case 'resource':
    case 'trust':
      return 'RESOURCE_POLICY';
    case 'scp':
      return 'SERVICE_CONTROL_POLICY';
    case 'rcp':
      return 'RESOURCE_CONTROL_POLICY';
    default:
      return 'IDENTITY_POLICY';
  }
}
