// Reading operation inputs after model validation, which has already checked types,
// lengths and enums: these only narrow the types. A missing required member is reported in
// AWS's validation format with the protocol's code (ValidationError for query services,
// ValidationException for JSON services).

import { AwsError } from '../core/aws-error.js';
import type { Input } from './service-types.js';

const lowerFirst = (name: string) => `${name[0]?.toLowerCase() ?? ''}${name.slice(1)}`;

export interface InputFields {
  str(input: Input, name: string): string;
  optStr(input: Input, name: string): string | undefined;
  optNum(input: Input, name: string): number | undefined;
  optBool(input: Input, name: string): boolean | undefined;
  /** The strings of a list member; [] when absent. */
  strList(input: Input, name: string): string[];
  /** A blob member as a Buffer (required). */
  blob(input: Input, name: string): Buffer;
}

export function inputFields(validationCode: 'ValidationError' | 'ValidationException'): InputFields {
  const missing = (name: string) =>
    new AwsError(validationCode, `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`, 400);
  return {
    str(input, name) {
      const value = input[name];
      if (typeof value !== 'string') throw missing(name);
      return value;
    },
    optStr: (input, name) => (typeof input[name] === 'string' ? (input[name] as string) : undefined),
    optNum: (input, name) => (typeof input[name] === 'number' ? (input[name] as number) : undefined),
    optBool: (input, name) => (typeof input[name] === 'boolean' ? (input[name] as boolean) : undefined),
    strList(input, name) {
      const value = input[name];
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    },
    blob(input, name) {
      const value = input[name];
      if (value instanceof Uint8Array) return Buffer.from(value);
      throw missing(name);
    },
  };
}
