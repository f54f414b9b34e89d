// Public surface of the policy validator behind `gantry iam validate`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-validation.html
export { validatePolicy, hasErrors } from './validate-policy.js';
export { createStaticCatalog, type CatalogData } from './static-catalog.js';
export { ISSUES, type IssueCode } from './issues.js';
export * from './types.js';
export { wildcardMatch } from './wildcard.js';
