// Model-driven XML serialization shared by the query and rest-xml protocols: structures, lists
// (wrapped or flattened), maps (<entry><key/><value/></entry>), attributes and namespaces.
// Rules: Smithy XML traits https://smithy.io/2.0/spec/protocol-traits.html#xml-bindings
import type { MemberRef, ServiceModel, Shape, TimestampFormat, XmlNamespace } from './model-types.js';
import { flattenedSequenceOf, type FlattenedSequence } from './flattened-sequence.js';
import { membersOf, shapeOf } from './model-loader.js';
import { formatScalarText } from './scalars.js';
import { element, type XmlElement } from './xml-tree.js';

/** Serialized name of a member: member locationName, then the target's, then the default. */
export function xmlName(ref: MemberRef, shape: Shape, fallback: string): string {
  return ref.locationName ?? shape.locationName ?? fallback;
}

/**
 * A structure member's element name (or query key). XML follows Smithy: a flattened list's items are
 * named after the structure member, whatever the list member's name (XmlLists tests). `acceptListMemberName`
 * (query input) also reads botocore's older form, where a flattened list's renamed member names the items.
 */
export function memberName(model: ServiceModel, ref: MemberRef, name: string, acceptListMemberName = false): string {
  if (ref.locationName !== undefined) return ref.locationName;
  const target = shapeOf(model, ref.shape);
  const flattened = ref.flattened ?? target.flattened ?? false;
  if (acceptListMemberName && flattened && target.type === 'list' && target.member?.locationName !== undefined) {
    return target.member.locationName;
  }
  // A structure's own xmlName names it only as a document root (Smithy BodyWithXmlName).
  return name;
}

/** Adds `xmlns` / `xmlns:prefix` for a namespace trait. */
export function addNamespace(ns: XmlNamespace | undefined, el: XmlElement): void {
  if (ns === undefined) return;
  if (typeof ns === 'string') el.attrs['xmlns'] = ns;
  else el.attrs[ns.prefix ? `xmlns:${ns.prefix}` : 'xmlns'] = ns.uri;
}

/**
 * The namespace of the member that holds an element; restXml also writes a structure's own
 * namespace on it, awsQuery does not (Smithy XmlNamespaces tests of both protocols).
 */
function namespaceAttrs(model: ServiceModel, ref: MemberRef | undefined, shape: Shape, el: XmlElement): void {
  const own = model.metadata.protocol === 'rest-xml' && shape.type === 'structure' ? shape.xmlNamespace : undefined;
  addNamespace(ref?.xmlNamespace ?? own, el);
}

function timestampFormat(ref: MemberRef | undefined, shape: Shape): TimestampFormat {
  return ref?.timestampFormat ?? shape.timestampFormat ?? 'iso8601';
}

/** Adds the members of a structure value to `el` (attributes and child elements). */
export function fillStructure(model: ServiceModel, shape: Shape, value: Record<string, unknown>, el: XmlElement): void {
  const sequence = flattenedSequenceOf(value);
  let sequenceWritten = false;
  for (const [name, ref] of membersOf(shape)) {
    if (sequence?.members.has(name)) {
      if (!sequenceWritten) el.children.push(...sequenceElements(model, shape, sequence));
      sequenceWritten = true;
      continue;
    }
    const v = value[name];
    if (v === undefined || v === null) continue;
    const target = shapeOf(model, ref.shape);
    if (ref.xmlAttribute) {
      const attrName = xmlName(ref, target, name);
      el.attrs[attrName] = formatScalarText(target, v, timestampFormat(ref, target));
      continue;
    }
    el.children.push(...memberElements(model, ref, memberName(model, ref, name), v));
  }
}

/** The elements of interleaved flattened lists, in the order the handler gave (flattened-sequence.ts). */
function sequenceElements(model: ServiceModel, shape: Shape, sequence: FlattenedSequence): XmlElement[] {
  const out: XmlElement[] = [];
  for (const item of sequence.items) {
    const ref = shape.members?.[item.member];
    const target = ref ? shapeOf(model, ref.shape) : undefined;
    if (!ref || target?.type !== 'list' || !(ref.flattened ?? target.flattened ?? false)) {
      throw new Error(`${item.member} is no flattened list member of this structure: it cannot be interleaved`);
    }
    out.push(...memberElements(model, ref, memberName(model, ref, item.member), [item.value]));
  }
  return out;
}

/** The element(s) for one member: one element, or one per item for flattened lists and maps. */
export function memberElements(model: ServiceModel, ref: MemberRef, name: string, value: unknown): XmlElement[] {
  const shape = shapeOf(model, ref.shape);
  const flattened = ref.flattened ?? shape.flattened ?? false;
  if (shape.type === 'list' && shape.member) {
    const items = value as unknown[];
    const itemRef = shape.member;
    if (flattened) return items.map((item) => valueElement(model, { ...itemRef, xmlNamespace: itemRef.xmlNamespace ?? ref.xmlNamespace }, name, item));
    const wrapper = element(name);
    namespaceAttrs(model, ref, shape, wrapper);
    const itemName = xmlName(itemRef, shapeOf(model, itemRef.shape), 'member');
    for (const item of items) wrapper.children.push(valueElement(model, itemRef, itemName, item));
    return [wrapper];
  }
  if (shape.type === 'map' && shape.key && shape.value) {
    const entries = value instanceof Map ? [...(value as Map<string, unknown>)] : Object.entries(value as object);
    const keyName = xmlName(shape.key, shapeOf(model, shape.key.shape), 'key');
    const valueName = xmlName(shape.value, shapeOf(model, shape.value.shape), 'value');
    const entryEl = (): XmlElement => {
      const entry = element(flattened ? name : 'entry');
      if (flattened) namespaceAttrs(model, ref, shape, entry);
      return entry;
    };
    const out: XmlElement[] = [];
    const wrapper = element(name);
    namespaceAttrs(model, ref, shape, wrapper);
    for (const [k, v] of entries) {
      const entry = entryEl();
      entry.children.push(valueElement(model, shape.key, keyName, k));
      if (v !== undefined && v !== null) entry.children.push(valueElement(model, shape.value, valueName, v));
      (flattened ? out : wrapper.children).push(entry);
    }
    return flattened ? out : [wrapper];
  }
  return [valueElement(model, ref, name, value)];
}

/** One element holding a value of any shape (a list item, map key/value, or a plain member). */
export function valueElement(model: ServiceModel, ref: MemberRef, name: string, value: unknown): XmlElement {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'list' || shape.type === 'map') {
    const [el] = memberElements(model, { ...ref, flattened: false }, name, value);
    return el ?? element(name);
  }
  const el = element(name);
  namespaceAttrs(model, ref, shape, el);
  if (shape.type === 'structure') fillStructure(model, shape, value as Record<string, unknown>, el);
  else el.text = formatScalarText(shape, value, timestampFormat(ref, shape));
  return el;
}
