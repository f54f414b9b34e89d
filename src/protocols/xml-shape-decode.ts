// Model-driven XML parsing (rest-xml request bodies): the inverse of xml-shape-encode.ts.
// Rules: Smithy XML traits https://smithy.io/2.0/spec/protocol-traits.html#xml-bindings
import type { MemberRef, ServiceModel, Shape, StructureValue } from './model-types.js';
import { membersOf, shapeOf } from './model-loader.js';
import { parseScalarText } from './scalars.js';
import { childrenNamed, localName, type XmlElement } from './xml-tree.js';
import { memberName, xmlName } from './xml-shape-encode.js';

function attribute(el: XmlElement, name: string): string | undefined {
  if (name in el.attrs) return el.attrs[name];
  const local = localName(name);
  for (const [k, v] of Object.entries(el.attrs)) if (localName(k) === local && !k.startsWith('xmlns')) return v;
  return undefined;
}

/** Reads the members of a structure from the element that holds them. */
export function readStructure(model: ServiceModel, shape: Shape, el: XmlElement): StructureValue {
  const out: StructureValue = {};
  for (const [name, ref] of membersOf(shape)) {
    const target = shapeOf(model, ref.shape);
    const serialized = memberName(model, ref, name);
    if (ref.xmlAttribute) {
      const text = attribute(el, serialized);
      if (text !== undefined) out[name] = parseScalarText(target, text, serialized);
      continue;
    }
    const found = childrenNamed(el, localName(serialized));
    if (found.length === 0) continue;
    const flattened = ref.flattened ?? target.flattened ?? false;
    if (flattened && target.type === 'list' && target.member) {
      const itemRef = target.member;
      out[name] = found.map((c) => readValue(model, itemRef, c));
    } else if (flattened && target.type === 'map') {
      out[name] = readMapEntries(model, target, found);
    } else {
      const first = found[0];
      if (first) out[name] = readValue(model, ref, first);
    }
  }
  return out;
}

function readMapEntries(model: ServiceModel, shape: Shape, entries: XmlElement[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!shape.key || !shape.value) return out;
  const keyName = xmlName(shape.key, shapeOf(model, shape.key.shape), 'key');
  const valueName = xmlName(shape.value, shapeOf(model, shape.value.shape), 'value');
  for (const entry of entries) {
    const k = childrenNamed(entry, keyName)[0];
    const v = childrenNamed(entry, valueName)[0];
    if (k === undefined) continue;
    out[k.text] = v === undefined ? undefined : readValue(model, shape.value, v);
  }
  return out;
}

/** The value of an element of any shape. */
export function readValue(model: ServiceModel, ref: MemberRef, el: XmlElement): unknown {
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure': return readStructure(model, shape, el);
    case 'list': {
      if (!shape.member) return [];
      const itemRef = shape.member;
      const itemName = xmlName(itemRef, shapeOf(model, itemRef.shape), 'member');
      return childrenNamed(el, itemName).map((c) => readValue(model, itemRef, c));
    }
    case 'map': return readMapEntries(model, shape, childrenNamed(el, 'entry'));
    default: return parseScalarText(shape, el.text, localName(el.name));
  }
}
