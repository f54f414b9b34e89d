// Values bound to HTTP headers, query strings and URI labels (Smithy HTTP binding traits):
// header timestamps default to http-date, lists are comma-separated, @mediaType/jsonvalue is base64 JSON.
// https://smithy.io/2.0/spec/http-bindings.html#httpheader-trait
import type { MemberRef, ServiceModel, Shape, TimestampFormat } from './model-types.js';
import { shapeOf } from './model-loader.js';
import { formatScalarText, parseHttpBoolean, parseScalarText } from './scalars.js';

export type Location = NonNullable<MemberRef['location']>;

/**
 * Where a member travels and under which name. Older models put `location`/`locationName` on the
 * target shape instead of the member (botocore legacy fixtures); the member's own wins.
 */
export function httpBinding(model: ServiceModel, ref: MemberRef, name: string): { location?: Location; wire: string } {
  const shape = shapeOf(model, ref.shape);
  const location = ref.location ?? (shape['location'] as Location | undefined);
  const shapeName = location !== undefined ? (shape.locationName ?? undefined) : undefined;
  return { location, wire: ref.locationName ?? shapeName ?? name };
}

/** Splits a list header on commas outside double quotes, unquoting quoted items. */
export function splitHeaderList(text: string, itemShape: Shape): string[] {
  if (itemShape.type === 'timestamp') {
    // http-dates contain a comma: `Mon, 16 Dec 2019 23:48:18 GMT, Mon, …` pairs up.
    const parts = text.split(',').map((s) => s.trim());
    const out: string[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) out.push(`${parts[i]}, ${parts[i + 1]}`);
    return out.length > 0 && parts.length % 2 === 0 ? out : parts;
  }
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && quoted && i + 1 < text.length) current += text[(i += 1)];
    else if (c === ',' && !quoted) {
      items.push(current.trim());
      current = '';
    } else current += c;
  }
  items.push(current.trim());
  return items;
}

function timestampFormat(ref: MemberRef, shape: Shape, fallback: TimestampFormat): TimestampFormat {
  return ref.timestampFormat ?? shape.timestampFormat ?? fallback;
}

/** A scalar bound to a header, query parameter or URI label: as in a body, but booleans in any letter case. */
export function parseBoundText(shape: Shape, text: string, where: string): unknown {
  return shape.type === 'boolean' ? parseHttpBoolean(text, where) : parseScalarText(shape, text, where);
}

/** A header's value for a member (`header` location). */
export function parseHeaderValue(model: ServiceModel, ref: MemberRef, text: string, where: string): unknown {
  const shape = shapeOf(model, ref.shape);
  if (ref.jsonvalue || shape['jsonvalue']) return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  if (shape.type === 'list' && shape.member) {
    const itemRef = shape.member;
    const itemShape = shapeOf(model, itemRef.shape);
    return splitHeaderList(text, itemShape).map((item) => parseBoundText(itemShape, item, where));
  }
  return parseBoundText(shape, text, where);
}

function quoteIfNeeded(text: string): string {
  return /[",]/.test(text) ? `"${text.replace(/(["\\])/g, '\\$1')}"` : text;
}

export function formatHeaderValue(model: ServiceModel, ref: MemberRef, value: unknown): string {
  const shape = shapeOf(model, ref.shape);
  if (ref.jsonvalue || shape['jsonvalue']) return Buffer.from(JSON.stringify(value)).toString('base64');
  if (shape.type === 'list' && shape.member) {
    const itemRef = shape.member;
    const itemShape = shapeOf(model, itemRef.shape);
    const format = timestampFormat(itemRef, itemShape, 'rfc822');
    return (value as unknown[]).map((v) => {
      const text = formatScalarText(itemShape, v, format);
      return itemShape.type === 'string' ? quoteIfNeeded(text) : text;
    }).join(', ');
  }
  if (shape.type === 'blob' && typeof value === 'string') return Buffer.from(value).toString('base64');
  return formatScalarText(shape, value, timestampFormat(ref, shape, 'rfc822'));
}

/** A query-string value for a member (`querystring` location); timestamps default to date-time. */
export function parseQueryValue(model: ServiceModel, ref: MemberRef, values: readonly string[], where: string): unknown {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'list' && shape.member) {
    const itemShape = shapeOf(model, shape.member.shape);
    return values.map((v) => parseBoundText(itemShape, v, where));
  }
  const first = values[0];
  return first === undefined ? undefined : parseBoundText(shape, first, where);
}
