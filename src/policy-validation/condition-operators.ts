// Condition operators (with the ForAllValues:/ForAnyValue: qualifiers and the IfExists suffix),
// the key types each family fits, and what a well-formed value of each family looks like.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

const FAMILIES: Readonly<Record<string, OperatorFamily>> = {
  StringEquals: 'String',
  StringNotEquals: 'String',
  StringEqualsIgnoreCase: 'String',
  StringNotEqualsIgnoreCase: 'String',
  StringLike: 'String',
  StringNotLike: 'String',
  NumericEquals: 'Numeric',
  NumericNotEquals: 'Numeric',
  NumericLessThan: 'Numeric',
  NumericLessThanEquals: 'Numeric',
  NumericGreaterThan: 'Numeric',
  NumericGreaterThanEquals: 'Numeric',
  DateEquals: 'Date',
  DateNotEquals: 'Date',
  DateLessThan: 'Date',
  DateLessThanEquals: 'Date',
  DateGreaterThan: 'Date',
  DateGreaterThanEquals: 'Date',
  Bool: 'Bool',
  BinaryEquals: 'Binary',
  IpAddress: 'IpAddress',
  NotIpAddress: 'IpAddress',
  ArnEquals: 'Arn',
  ArnNotEquals: 'Arn',
  ArnLike: 'Arn',
  ArnNotLike: 'Arn',
  Null: 'Null',
};

/** String operators that compare literally, so `*` and `?` are plain characters. */
export const EXACT_STRING_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
]);

export interface ParsedOperator {
  readonly qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  readonly base: string;
  readonly family: OperatorFamily;
  readonly ifExists: boolean;
}

export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let qualifier: ParsedOperator['qualifier'];
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const family = FAMILIES[base];
  return family === undefined ? undefined : { qualifier, base, family, ifExists };
}

/**
 * The operator families that fit a catalog key type, and the word Access Analyzer uses for it;
 * undefined for types this validator does not judge.
 */
export function familiesForKeyType(keyType: string): { allowed: OperatorFamily[]; name: string } | undefined {
  const t = keyType.replace(/^ArrayOf/, '');
  switch (t) {
    case 'String':
      return { allowed: ['String'], name: 'String' };
    case 'ARN':
    case 'Arn':
      return { allowed: ['Arn', 'String'], name: 'ARN' };
    case 'Numeric':
    case 'Long':
      return { allowed: ['Numeric'], name: 'Numeric' };
    case 'Date':
      return { allowed: ['Date'], name: 'Date' };
    case 'Bool':
    case 'Boolean':
      return { allowed: ['Bool'], name: 'Bool' };
    case 'IPAddress':
    case 'IpAddress':
      return { allowed: ['IpAddress'], name: 'IPAddress' };
    case 'Binary':
      return { allowed: ['Binary'], name: 'Binary' };
    default:
      return undefined;
  }
}

export function isMultivaluedType(keyType: string): boolean {
  return keyType.startsWith('ArrayOf');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Is this condition value (as JSON gave it) well formed for the operator family? */
export function valueFits(family: OperatorFamily, value: string | number | boolean): boolean {
  const text = String(value);
  switch (family) {
    case 'Numeric':
      return /^-?\d+(\.\d+)?$/.test(text);
    case 'Date':
      return ISO_DATE.test(text) && !Number.isNaN(Date.parse(text)) || /^\d+$/.test(text);
    case 'Bool':
    case 'Null':
      return text.toLowerCase() === 'true' || text.toLowerCase() === 'false';
    case 'IpAddress':
      return IPV4.test(text) || (IPV6.test(text) && text.includes(':'));
    case 'Binary':
      return BASE64.test(text);
    default:
      return true;
  }
}
