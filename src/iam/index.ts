// gantry/iam: exact AWS IAM decisions as a library. Parse and validate policy documents,
// evaluate requests, and read decisions that explain themselves.

export { parsePolicy, type Policy, type PolicyError, type ParseResult, type ParseOptions } from './policy.js';
export { evaluate, type EvaluateOptions, type EvaluationInput, type PolicyLevel } from './evaluate.js';
export { simulate, type SimulateOutcome, type SimulateOptions } from './simulate.js';
export { parseArn, type Arn } from './arn.js';
export { parseOperatorName } from './conditions.js';
export type {
  AuthorizationRequest,
  ContextValue,
  Decision,
  DecisionEffect,
  Effect,
  PolicyKind,
  PolicyType,
  StatementRef,
  StatementTrace,
} from './types.js';
