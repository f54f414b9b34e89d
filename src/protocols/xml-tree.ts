// A minimal ordered XML element tree: a hand-written writer, and a reader on fast-xml-parser.
// XML 1.0 escaping per https://www.w3.org/TR/xml/#syntax (&, <, >, quotes; \r kept as &#xD;).
import { XMLParser } from 'fast-xml-parser';
import { AwsError } from '../core/aws-error.js';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

export function element(name: string, attrs: Record<string, string> = {}): XmlElement {
  return { name, attrs, children: [], text: '' };
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#xD;', '\n': '&#xA;', '\t': '&#x9;',
};

const CHARACTER_DATA_SPECIALS = /[&<>\r]/;
const ATTRIBUTE_SPECIALS = /[&<>"\r\n\t]/;

/** Character data: & and < must be escaped, > for `]]>`, and \r so it survives line-end normalization. */
export function escapeXml(text: string): string {
  return CHARACTER_DATA_SPECIALS.test(text) ? text.replace(/[&<>\r]/g, (c) => ENTITIES[c] ?? c) : text;
}

/** Attribute values also lose raw quotes, newlines and tabs to normalization. */
export function escapeXmlAttr(text: string): string {
  return ATTRIBUTE_SPECIALS.test(text) ? text.replace(/[&<>"\r\n\t]/g, (c) => ENTITIES[c] ?? c) : text;
}

function writeElement(el: XmlElement): string {
  let out = '<' + el.name;
  const attrs = el.attrs;
  for (const k of Object.keys(attrs)) out += ' ' + k + '="' + escapeXmlAttr(attrs[k] as string) + '"';
  if (el.children.length === 0 && el.text === '') return out + '/>';
  out += '>';
  if (el.text !== '') out += escapeXml(el.text);
  for (const child of el.children) out += writeElement(child);
  return out + '</' + el.name + '>';
}

/** Serializes without indentation; `declaration` adds `<?xml version="1.0" encoding="UTF-8"?>`. */
export function writeXml(root: XmlElement, declaration = false): string {
  const body = writeElement(root);
  return declaration ? '<?xml version="1.0" encoding="UTF-8"?>' + body : body;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false, // decoded below, numeric references included (XML 1.0 §4.1)
  ignoreDeclaration: true,
  ignorePiTags: true,
  textNodeName: '#text',
  cdataPropName: '#cdata',
});

type Ordered = Record<string, unknown>;

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Replaces the five predefined entities and character references. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_m, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return NAMED[ref] ?? '';
  });
}

function convert(node: Ordered): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#cdata');
  if (name === undefined) return undefined;
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const el = element(name, Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, decodeEntities(String(v))])));
  const texts: string[] = [];
  for (const child of (node[name] ?? []) as Ordered[]) {
    if ('#text' in child) texts.push(decodeEntities(String(child['#text'])));
    else if ('#cdata' in child) {
      for (const part of child['#cdata'] as Ordered[]) texts.push(String(part['#text'] ?? ''));
    }
    else {
      const sub = convert(child);
      if (sub) el.children.push(sub);
    }
  }
  el.text = texts.join('');
  return el;
}

/** Parses a document and returns its root element; throws AwsError(MalformedXML) when not well formed. */
export function readXml(text: string): XmlElement {
  let doc: Ordered[];
  try {
    doc = parser.parse(text, true) as Ordered[];
  } catch {
    throw new AwsError('MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema', 400, true,
    );
  }
  for (const node of doc) {
    const el = convert(node);
    if (el) return el;
  }
  throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
}

/** The local part of a possibly prefixed name (`s3:Key` → `Key`). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => localName(c.name) === name);
}
