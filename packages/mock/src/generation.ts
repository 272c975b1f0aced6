import { resolveRef } from '@phone-api/openapi';

type Schema = Record<string, unknown>;

function isObject(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeMatches(type: unknown, wanted: unknown): boolean {
  const have = Array.isArray(type) ? type : [type];
  const want = Array.isArray(wanted) ? wanted : [wanted];
  return want.some((t) => have.includes(t));
}

/** `{ if: { properties: { P: { const: V } } }, then?, else? }`: the test's property and value. */
function constTest(block: unknown): { property: string; value: unknown } | undefined {
  if (!isObject(block) || !isObject(block.if)) return undefined;
  const props = block.if.properties;
  if (Object.keys(block.if).length !== 1 || !isObject(props)) return undefined;
  const entries = Object.entries(props);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined || !isObject(entry[1]) || !('const' in entry[1]))
    return undefined;
  return { property: entry[0], value: entry[1].const };
}

/**
 * Rewrites the spec for the data generator only (validation keeps the original). json-schema-faker ignores
 * `if`/`then`/`else`, so an object like `PhoneNumber`, whose `allOf` ties properties to the value of one
 * enum property (`source: livekit` => `livekit_phone_number_id` is a string...), comes out invalid about
 * two times in three. Such an object becomes a `oneOf` of one variant per enum value with the matching
 * branch applied, which the generator can only fill validly. Other schemas are left as they are.
 */
export function prepareForGeneration<T extends object>(spec: T): T {
  const doc = structuredClone(spec) as unknown as Schema;
  // Only local refs are followed; a broken chain (cycle, dangling) reads as no schema.
  const resolve = (node: unknown): unknown =>
    isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/')
      ? resolveRef(doc, node).node
      : node;

  const narrow = (original: unknown, branch: Schema): unknown => {
    if ('const' in branch) return { const: branch.const };
    let base = resolve(original);
    if (!isObject(base)) return branch;
    const alternatives = base.oneOf ?? base.anyOf;
    if (Array.isArray(alternatives) && branch.type !== undefined) {
      const kept = alternatives.filter((alt) => {
        const resolved = resolve(alt);
        return isObject(resolved) && typeMatches(resolved.type, branch.type);
      });
      if (kept.length === 1) base = resolve(kept[0]) as Schema;
      else if (kept.length > 1) base = { oneOf: kept };
    }
    // The original's keywords win: a branch says `pattern: ^PN_`, the property's own pattern is stricter.
    return { ...branch, ...(base as Schema) };
  };

  const rewrite = (node: Schema): Schema | undefined => {
    const blocks = node.allOf;
    const properties = node.properties;
    if (!Array.isArray(blocks) || blocks.length === 0 || !isObject(properties)) return undefined;
    const tests = blocks.map(constTest);
    const property = tests[0]?.property;
    if (property === undefined || tests.some((t) => t?.property !== property)) return undefined;
    const values = (resolve(properties[property]) as Schema | undefined)?.enum;
    if (!Array.isArray(values)) return undefined;
    const { allOf: _allOf, ...rest } = node;
    const variants: Schema[] = [];
    for (const value of values) {
      const props: Schema = { ...properties, [property]: { const: value } };
      for (const [i, block] of (blocks as Schema[]).entries()) {
        const branch = tests[i]?.value === value ? block.then : block.else;
        if (branch === undefined) continue;
        if (!isObject(branch) || !isObject(branch.properties) || Object.keys(branch).length !== 1)
          return undefined;
        for (const [name, sub] of Object.entries(branch.properties)) {
          if (!isObject(sub)) return undefined;
          props[name] = narrow(props[name], sub);
        }
      }
      variants.push({ ...rest, properties: props });
    }
    return { oneOf: variants };
  };

  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    for (const [key, value] of Object.entries(node)) node[key] = walk(value);
    return rewrite(node) ?? node;
  };
  return walk(doc) as T;
}
