// validatePolicy: runs Access Analyzer's basic policy checks over a policy document's text and
// returns ValidatePolicy-style findings. https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
import { checkActions } from './action-checks.js';
import { checkCondition } from './condition-checks.js';
import { crossCheckWithEngine } from './engine-cross-check.js';
import type { CheckContext, StatementView } from './context.js';
import { parseJson, PolicySource, Reporter, type Located } from './json-document.js';
import { checkPassRole } from './pass-role-checks.js';
import { checkPrincipal } from './principal-checks.js';
import { checkResources } from './resource-checks.js';
import { checkDocument, checkSids, readStatement } from './structure-checks.js';
import type { Finding, PolicyCatalog, ValidationPolicyType } from './types.js';

/**
 * Validates `text` as a policy of the given kind. The catalog must hold what the policy names
 * (see `loadCatalogFor` in src/catalog); names it does not know are reported as not existing.
 */
export function validatePolicy(text: string, type: ValidationPolicyType, catalog: PolicyCatalog): Finding[] {
  const source = new PolicySource(text);
  const reporter = new Reporter(source);
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { offset, length } = parsed.error;
    const pos = source.position(offset);
    reporter.reportAt('JSON_SYNTAX_ERROR', { index: offset, line: pos.line, column: pos.column }, offset, offset + length);
    return reporter.findings;
  }
  const root: Located = { node: parsed.root, path: [] };
  const doc = checkDocument(root, { reporter, type, catalog });
  const ctx: CheckContext = { reporter, type, catalog, version: doc.version };
  const statements: StatementView[] = [];
  doc.statements.forEach((at, i) => {
    const s = readStatement(at, i, ctx);
    if (s === undefined) return;
    statements.push(s);
    checkPrincipal(s, ctx);
    const actions = checkActions(s, ctx);
    checkResources(s, actions, ctx);
    checkCondition(s, actions, ctx);
    checkPassRole(s, ctx);
  });
  checkSids(statements, ctx);
  // The engine (src/iam) has the last word on what IAM refuses outright.
  crossCheckWithEngine(text, parsed.root, type, reporter);
  return reporter.findings;
}

/** True when any finding is an ERROR (the command's exit status). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.findingType === 'ERROR');
}
