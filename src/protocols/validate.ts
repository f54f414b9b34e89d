// Input validation from model constraints (required, min/max, pattern, enum) with AWS's messages.
// Smithy constraint traits: https://smithy.io/2.0/spec/constraint-traits.html; message format in validation-format.ts.
import type { MemberRef, ServiceModel, Shape, StructureValue } from './model-types.js';
import { membersOf, shapeOf } from './model-loader.js';
import {
  constraintText, pathSegment, quoted, validationMessage, type Violation,
} from './validation-format.js';

/**
 * How a service echoes a pattern. botocore strips the anchors AWS's own models carry; SageMaker's
 * messages show a leading `^` (behavior-spec §0.4, [OBS]); IAM/STS show the model text ([OBS]).
 * [INFER] for the other services: the model text. Change here if AWS is seen to differ.
 */
const PATTERN_ECHO: Readonly<Record<string, (pattern: string) => string>> = {
  SageMaker: (p) => (p.startsWith('^') ? p : `^${p}`),
};

/** No enum shape is left to the service: the model's enums are all checked. */
const ALL_ENUMS_CHECKED: ReadonlySet<string> = new Set();

const regexCache = new Map<string, RegExp | null>();

/** Full-string match (behavior-spec §0.2); Java-only syntax that JS rejects disables the check. */
function compiled(pattern: string): RegExp | null {
  if (regexCache.has(pattern)) return regexCache.get(pattern) ?? null;
  let re: RegExp | null = null;
  for (const flags of ['u', '']) {
    try {
      re = new RegExp(`^(?:${pattern})$`, flags);
      break;
    } catch {
      re = null;
    }
  }
  regexCache.set(pattern, re);
  return re;
}

function sizeOf(shape: Shape, value: unknown): number | undefined {
  if (typeof value === 'string') return value.length; // UTF-16 code units, like Java's String.length()
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return value.length;
  if (shape.type === 'map' && value !== null && typeof value === 'object') return Object.keys(value).length;
  return undefined;
}

/** The constraint texts a single value breaks (not descending into children). */
function ownViolations(model: ServiceModel, shape: Shape, value: unknown, checkEnum = true): string[] {
  const out: string[] = [];
  if (shape.type === 'string' && typeof value === 'string' && shape.pattern !== undefined) {
    const re = compiled(shape.pattern);
    if (re && !re.test(value)) {
      const echo = PATTERN_ECHO[model.metadata.serviceId ?? ''] ?? ((p: string) => p);
      out.push(constraintText.pattern(echo(shape.pattern)));
    }
  }
  const numeric = ['integer', 'long', 'short', 'byte', 'float', 'double', 'bigdecimal', 'biginteger'].includes(shape.type);
  if (numeric && typeof value === 'number') {
    if (shape.max !== undefined && value > shape.max) out.push(constraintText.maxValue(shape.max));
    if (shape.min !== undefined && value < shape.min) out.push(constraintText.minValue(shape.min));
  } else {
    const size = sizeOf(shape, value);
    if (size !== undefined && shape.max !== undefined && size > shape.max) out.push(constraintText.maxLength(shape.max));
    if (size !== undefined && shape.min !== undefined && size < shape.min) out.push(constraintText.minLength(shape.min));
  }
  if (checkEnum && shape.enum && typeof value === 'string' && !shape.enum.includes(value)) out.push(constraintText.enumSet(shape.enum));
  return out;
}

function isScalar(shape: Shape): boolean {
  return shape.type !== 'structure' && shape.type !== 'list' && shape.type !== 'map';
}

function walk(model: ServiceModel, ref: MemberRef, value: unknown, path: string, out: Violation[], unchecked: ReadonlySet<string>): void {
  const shape = shapeOf(model, ref.shape);
  const checkEnum = !unchecked.has(ref.shape);
  for (const constraint of ownViolations(model, shape, value, checkEnum)) out.push({ path, rendered: quoted(shape, value), constraint });
  if (shape.type === 'structure' && value !== null && typeof value === 'object') {
    walkStructure(model, shape, value as StructureValue, path, out, unchecked);
  } else if (shape.type === 'list' && Array.isArray(value) && shape.member) {
    const itemRef = shape.member;
    const itemShape = shapeOf(model, itemRef.shape);
    if (isScalar(itemShape)) {
      // Coral reports a failing scalar item at the list itself, once. A list holds no nulls
      // (a JSON body can send one; no handler may meet it).
      const failing = value.map((item) => (item === null ? [constraintText.notNull] : ownViolations(model, itemShape, item))).find((v) => v.length > 0);
      if (failing) out.push({ path, rendered: quoted(itemShape, value), constraint: constraintText.listMember(failing) });
      return;
    }
    value.forEach((item, i) => {
      if (item === null) out.push({ path: `${path}.${i + 1}.member`, rendered: 'null', constraint: constraintText.notNull });
      else walk(model, itemRef, item, `${path}.${i + 1}.member`, out, unchecked);
    });
  } else if (shape.type === 'map' && value !== null && typeof value === 'object' && shape.key && shape.value) {
    const keyShape = shapeOf(model, shape.key.shape);
    const valueRef = shape.value;
    const valueShape = shapeOf(model, valueRef.shape);
    const entries = Object.entries(value as object);
    const badKey = entries.map(([k]) => ownViolations(model, keyShape, k)).find((v) => v.length > 0);
    if (badKey) out.push({ path, rendered: quoted(shape, value), constraint: constraintText.mapKeys(badKey) });
    if (isScalar(valueShape)) {
      const badValue = entries.map(([, v]) => (v === null ? [constraintText.notNull] : ownViolations(model, valueShape, v))).find((v) => v.length > 0);
      if (badValue) out.push({ path, rendered: quoted(shape, value), constraint: constraintText.mapValues(badValue) });
    } else {
      for (const [k, v] of entries) {
        if (v === null) out.push({ path: `${path}.${k}`, rendered: 'null', constraint: constraintText.notNull });
        else walk(model, valueRef, v, `${path}.${k}`, out, unchecked);
      }
    }
  }
}

const requiredByShape = new WeakMap<Shape, ReadonlySet<string>>();

function requiredOf(shape: Shape): ReadonlySet<string> {
  let required = requiredByShape.get(shape);
  if (!required) requiredByShape.set(shape, (required = new Set(shape.required ?? [])));
  return required;
}

function walkStructure(model: ServiceModel, shape: Shape, value: StructureValue, prefix: string, out: Violation[], unchecked: ReadonlySet<string>): void {
  const required = requiredOf(shape);
  // Most members of a big input (S3's PutObject has dozens) are absent: their paths are built only when needed.
  const pathOf = (name: string) => (prefix === '' ? pathSegment(name) : `${prefix}.${pathSegment(name)}`);
  for (const [name, ref] of membersOf(shape)) {
    const v = value[name];
    if (v === undefined || v === null) {
      if (required.has(name)) out.push({ path: pathOf(name), rendered: 'null', constraint: constraintText.notNull });
      continue;
    }
    walk(model, ref, v, pathOf(name), out, unchecked);
  }
}

/**
 * All constraint violations of an operation's input, in model member order. `uncheckedEnums`
 * names enum shapes the service checks itself, with its own errors.
 */
export function inputViolations(model: ServiceModel, operation: string, input: StructureValue, uncheckedEnums = ALL_ENUMS_CHECKED): Violation[] {
  const ref = model.operations[operation]?.input;
  if (!ref) return [];
  const out: Violation[] = [];
  walkStructure(model, shapeOf(model, ref.shape), input, '', out, uncheckedEnums);
  return out;
}

/** AWS's validation message for the input, or null when it satisfies the model. */
export function validateInput(model: ServiceModel, operation: string, input: StructureValue): string | null {
  const violations = inputViolations(model, operation, input);
  return violations.length === 0 ? null : validationMessage(violations);
}

/** The error code a protocol uses for a failed validation: query `ValidationError`, json `ValidationException`. */
export function validationErrorCode(model: ServiceModel): string {
  return model.metadata.protocol === 'query' || model.metadata.protocol === 'ec2' ? 'ValidationError' : 'ValidationException';
}
