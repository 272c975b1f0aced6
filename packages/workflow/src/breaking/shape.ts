import { obj, pointerTo } from './context.ts';
import { isNode, type Node, type Resolver } from './resolve.ts';

export interface Shape {
  /** Allowed JSON types; undefined = unconstrained. */
  types?: Set<string>;
  enumValues?: Set<string>;
  /**
   * The enum is declared open (`x-extensible-enum: true`, Zalando's convention that oasdiff also reads):
   * clients are told to handle values they do not know, so a new one breaks nobody.
   */
  extensibleEnum?: boolean;
  properties: Map<string, unknown>;
  required: Set<string>;
  items?: unknown;
  variants?: { kind: 'oneOf' | 'anyOf'; list: { key: string; schema: unknown }[] };
  additionalProperties?: unknown;
  node: Node;
  /** JSON pointer of the schema (its `$ref` target when it is one). */
  pointer: string;
  /** Pointers of the parts: `property:<name>`, `items`, `variant:<key>` (allOf members included). */
  at: Map<string, string>;
  /**
   * The conditional keywords (`if`, `then`, `else`, `not`, `dependentRequired`, `dependentSchemas`) of
   * the schema and its allOf members, by their path below it (`if`, `allOf/1/not`), with their pointer.
   */
  conditions: Map<string, { value: unknown; pointer: string }>;
}

/** Keywords whose change the gate cannot prove wider or narrower: it reports any change to them. */
export const CONDITION_KEYWORDS = [
  'if',
  'then',
  'else',
  'not',
  'dependentRequired',
  'dependentSchemas',
] as const;

const jsonType = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : typeof value;

// allOf members are merged into one shape: that is how generators and validators see them.
export function shapeOf(resolver: Resolver, raw: unknown, pointer = '#', depth = 0): Shape {
  const { node, ref } = resolver.resolve(raw);
  const here = ref ?? pointer;
  const shape: Shape = {
    properties: new Map(),
    required: new Set(),
    node,
    pointer: here,
    at: new Map(),
    conditions: new Map(),
  };
  if (depth < 16 && Array.isArray(node.allOf)) {
    for (const [index, member] of node.allOf.entries()) {
      const part = shapeOf(resolver, member, pointerTo(here, 'allOf', index), depth + 1);
      for (const [k, v] of part.at) shape.at.set(k, v);
      for (const [k, v] of part.conditions) shape.conditions.set(`allOf/${index}/${k}`, v);
      if (part.types) shape.types = part.types;
      if (part.enumValues) shape.enumValues = part.enumValues;
      if (part.extensibleEnum) shape.extensibleEnum = true;
      for (const [k, v] of part.properties) shape.properties.set(k, v);
      for (const r of part.required) shape.required.add(r);
      if (part.items !== undefined) shape.items = part.items;
      if (part.variants) shape.variants = part.variants;
      if (part.additionalProperties !== undefined) shape.additionalProperties = part.additionalProperties;
    }
  }
  for (const keyword of CONDITION_KEYWORDS) {
    if (node[keyword] !== undefined) {
      shape.conditions.set(keyword, { value: node[keyword], pointer: pointerTo(here, keyword) });
    }
  }
  if (typeof node.type === 'string') shape.types = new Set([node.type]);
  if (Array.isArray(node.type)) shape.types = new Set(node.type.map(String));
  const values = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  if (values) {
    shape.enumValues = new Set(values.map((v) => JSON.stringify(v)));
    if (node['x-extensible-enum'] === true) shape.extensibleEnum = true;
    shape.types ??= new Set(values.map(jsonType));
  }
  if (node.nullable === true && shape.types) shape.types = new Set([...shape.types, 'null']);
  for (const [k, v] of Object.entries(obj(node.properties))) {
    shape.properties.set(k, v);
    shape.at.set(`property:${k}`, pointerTo(here, 'properties', k));
  }
  if (Array.isArray(node.required)) for (const r of node.required) shape.required.add(String(r));
  if (node.items !== undefined) {
    shape.items = node.items;
    shape.at.set('items', pointerTo(here, 'items'));
  }
  if (node.additionalProperties !== undefined) shape.additionalProperties = node.additionalProperties;
  for (const kind of ['oneOf', 'anyOf'] as const) {
    const list = node[kind];
    if (!Array.isArray(list)) continue;
    shape.variants = { kind, list: variantKeys(resolver, node, list) };
    for (const [index, { key }] of shape.variants.list.entries()) {
      shape.at.set(`variant:${key}`, pointerTo(here, kind, index));
    }
  }
  return shape;
}

/**
 * Variants are matched by discriminator value, else by component name, else (inline ones) by title,
 * else by structure: their `type` and `const`/`enum` signature, so reordering `oneOf: [string, null]`
 * is no change. Only variants whose signature is shared (or empty) fall back to their position among
 * those that share it.
 */
function variantKeys(resolver: Resolver, node: Node, list: unknown[]): { key: string; schema: unknown }[] {
  const mapping = obj(obj(node.discriminator).mapping);
  const byRef = new Map(Object.entries(mapping).map(([value, ref]) => [String(ref), value]));
  const named = list.map((schema) => {
    const ref = isNode(schema) && typeof schema.$ref === 'string' ? schema.$ref : undefined;
    const discriminated = ref === undefined ? undefined : byRef.get(ref);
    if (discriminated !== undefined) return `${discriminated}`;
    if (ref !== undefined) return ref.slice(ref.lastIndexOf('/') + 1);
    const inline = resolver.resolve(schema).node;
    return typeof inline.title === 'string' ? inline.title : signature(inline);
  });
  const seen = new Map<string, number>();
  for (const key of named) seen.set(key, (seen.get(key) ?? 0) + 1);
  const ordinal = new Map<string, number>();
  return list.map((schema, index) => {
    const key = named[index] ?? '';
    if (key !== '' && seen.get(key) === 1) return { key, schema };
    // Ambiguous: the n-th variant of this signature (the n-th of all when it has none).
    const n = ordinal.get(key) ?? 0;
    ordinal.set(key, n + 1);
    return { key: `${key}#${n}`, schema };
  });
}

// `string`, `null`, `integer|null`, `const "sip_trunk"`, `enum "a","b"`; empty when none of them is set.
function signature(node: Node): string {
  const types =
    typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type.map(String) : [];
  const parts = types.length > 0 ? [[...types].sort().join('|')] : [];
  if ('const' in node) parts.push(`const ${JSON.stringify(node.const)}`);
  else if (Array.isArray(node.enum)) parts.push(`enum ${node.enum.map((v) => JSON.stringify(v)).join(',')}`);
  return parts.join(' ');
}

// Whether every value of type `t` is allowed by `types` (an integer is a number).
export const allows = (types: Set<string> | undefined, t: string) =>
  types === undefined || types.has(t) || (t === 'integer' && types.has('number'));
