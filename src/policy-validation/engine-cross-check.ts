// Cross-check with Gantry's IAM engine (src/iam parsePolicy): a document the engine refuses must
// never come out of validation without an ERROR. IAM's refusal texts follow
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
import { parsePolicy } from '../iam/index.js';
import { child, propertiesOf, type JsonNode, type Located, type Reporter } from './json-document.js';
import type { ValidationPolicyType } from './types.js';

/** Follows a JSON pointer (`/Statement/0/Action`) as far as the tree goes. */
function locate(root: JsonNode, pointer: string): Located {
  let at: Located = { node: root, path: [] };
  for (const raw of pointer.split('/').slice(1)) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at.node.type === 'array' && /^\d+$/.test(step)) {
      const next = at.node.children?.[Number(step)];
      if (next === undefined) break;
      at = child(at, Number(step), next);
    } else {
      const prop = propertiesOf(at.node).find((p) => p.key === step);
      if (prop === undefined) break;
      at = child(at, step, prop.value);
    }
  }
  return at;
}

export function crossCheckWithEngine(text: string, root: JsonNode, type: ValidationPolicyType, reporter: Reporter): void {
  if (reporter.findings.some((f) => f.findingType === 'ERROR')) return;
  const result = parsePolicy(text, type);
  if (result.ok) return;
  for (const error of result.errors) {
    reporter.report('POLICY_REJECTED_BY_IAM', { message: error.message }, [locate(root, error.path)]);
  }
}
