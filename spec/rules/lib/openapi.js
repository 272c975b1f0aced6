/**
 * Shared helpers for the house rules: operations of a path item, surfaces by path prefix, and a
 * cycle-safe walk over JSON Schema subschemas. Every rule reads Spectral's resolved document, where a
 * `$ref` is replaced by the object it points to (the same object for every reference), so object
 * identity stands for "the same schema" and a visited set stops cycles.
 */

/**
 * The fixed fields of a Path Item that hold operations. The one list the rest of the repo reads is
 * `@phone-api/openapi`'s `METHODS`; Spectral bundles these rules with rollup, which cannot read that
 * TypeScript module, so the rules keep this copy and `test/methods.test.ts` fails when the two differ.
 */
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * True for a plain object (not null, not an array).
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The operations of a path item as `[method, operation]` pairs.
 * @param {unknown} pathItem
 * @returns {Array<[string, Record<string, any>]>}
 */
export function operationsOf(pathItem) {
  if (!isObject(pathItem)) return [];
  return METHODS.filter((method) => isObject(pathItem[method])).map((method) => [method, pathItem[method]]);
}

/**
 * Whether a path template lies under a prefix such as `/v1/agents` (the prefix itself or below it).
 * @param {unknown} pathKey
 * @param {string} prefix
 */
export function isUnder(pathKey, prefix) {
  if (typeof pathKey !== 'string') return false;
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return pathKey === base || pathKey.startsWith(`${base}/`);
}

/**
 * The first entry of `surfaces` whose `pathPrefix` covers the path template, if any.
 * @template {{ pathPrefix: string }} S
 * @param {unknown} pathKey
 * @param {S[]} surfaces
 * @returns {S | undefined}
 */
export function surfaceOf(pathKey, surfaces) {
  return surfaces.find((surface) => isUnder(pathKey, surface.pathPrefix));
}

/**
 * `GET /v1/agents/phone-numbers` style label for messages.
 * @param {string} method
 * @param {unknown} pathKey
 */
export function operationLabel(method, pathKey) {
  return `${method.toUpperCase()} ${String(pathKey)}`;
}

/** Keywords whose value is one subschema. `not` is left out: it says what an instance must not be. */
const SINGLE = [
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'if',
  'then',
  'else',
];
/** Keywords whose value is a list of subschemas. */
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const MAPS = ['properties', 'patternProperties', 'dependentSchemas'];

/**
 * The direct subschemas of a schema with the path segments that lead to each.
 * @param {Record<string, any>} schema
 * @returns {Array<[Array<string | number>, unknown]>}
 */
export function subschemas(schema) {
  /** @type {Array<[Array<string | number>, unknown]>} */
  const out = [];
  for (const key of SINGLE) {
    const child = schema[key];
    // `items` is an array of schemas in OpenAPI 3.0-era documents (draft 4 tuple form).
    if (Array.isArray(child)) {
      for (const [i, item] of child.entries()) out.push([[key, i], item]);
    } else if (isObject(child)) out.push([[key], child]);
  }
  for (const key of LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) for (const [i, item] of list.entries()) out.push([[key, i], item]);
  }
  for (const key of MAPS) {
    const map = schema[key];
    if (isObject(map)) for (const [name, child] of Object.entries(map)) out.push([[key, name], child]);
  }
  return out;
}

/**
 * Depth-first walk over a schema and every subschema reachable from it, visiting each schema object
 * once (resolved `$ref` cycles would otherwise loop forever). Pass the same `seen` set to several walks
 * to visit a schema shared between them only once.
 * @param {unknown} root
 * @param {(schema: Record<string, any>, trail: Array<string | number>) => void} visit
 * @param {Set<object>} [seen]
 */
export function walkSchemas(root, visit, seen = new Set()) {
  /** @type {Array<[unknown, Array<string | number>]>} */
  const stack = [[root, []]];
  while (stack.length > 0) {
    const entry = stack.pop();
    if (entry === undefined) break;
    const [schema, trail] = entry;
    if (!isObject(schema) || seen.has(schema)) continue;
    seen.add(schema);
    visit(schema, trail);
    for (const [segments, child] of subschemas(schema)) stack.push([child, [...trail, ...segments]]);
  }
}

/** Per resolved document: component schema object -> its name under `components.schemas`. */
const componentNames = new WeakMap();

/**
 * The `components.schemas` name of a schema object of the resolved document, if it is a component.
 * @param {unknown} resolvedRoot
 * @param {unknown} schema
 * @returns {string | undefined}
 */
export function componentName(resolvedRoot, schema) {
  if (!isObject(resolvedRoot) || !isObject(schema)) return undefined;
  let names = componentNames.get(resolvedRoot);
  if (names === undefined) {
    names = new Map();
    const schemas = isObject(resolvedRoot.components) ? resolvedRoot.components.schemas : undefined;
    if (isObject(schemas)) for (const [name, value] of Object.entries(schemas)) names.set(value, name);
    componentNames.set(resolvedRoot, names);
  }
  return names.get(schema);
}

/**
 * The schemas of an operation's request body (`requestBody.content[*].schema`) and responses
 * (`responses[*].content[*].schema`), each with its path relative to the operation.
 * @param {Record<string, any>} operation
 * @param {{ requests?: boolean, responses?: boolean }} which
 * @returns {Array<[Array<string | number>, unknown]>}
 */
export function mediaSchemas(operation, which) {
  /** @type {Array<[Array<string | number>, unknown]>} */
  const out = [];
  /** @param {unknown} content @param {Array<string | number>} base */
  const add = (content, base) => {
    if (!isObject(content)) return;
    for (const [mediaType, media] of Object.entries(content)) {
      if (isObject(media) && isObject(media.schema))
        out.push([[...base, 'content', mediaType, 'schema'], media.schema]);
    }
  };
  if (which.requests && isObject(operation.requestBody)) add(operation.requestBody.content, ['requestBody']);
  if (which.responses && isObject(operation.responses)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (isObject(response)) add(response.content, ['responses', status]);
    }
  }
  return out;
}
