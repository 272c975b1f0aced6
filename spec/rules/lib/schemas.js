/**
 * Every schema of an OpenAPI 3.x document, each visited once. This is what lets the house replacements
 * of recursive (`$..`) Spectral rules stay fast on large specs: Spectral evaluates `$..` over the
 * resolved document, where a component referenced from 500 places is walked 500 times (and its rule
 * function called 500 times, the duplicates dropped only at the end). Here the resolved document is
 * walked once from the places a schema can sit (components, parameters, headers, media types, callbacks,
 * webhooks) and every schema object is listed once, however many `$ref`s point to it.
 *
 * Each schema is listed at its own location: a component at `components.schemas.<name>` (or wherever
 * it is defined) whichever `$ref` led to it, an inline schema at the path that holds it.
 */
import { isObject, METHODS, subschemas } from './openapi.js';

/** @typedef {Array<string | number>} JsonPath */
/** @typedef {{ path: JsonPath, schema: Record<string, any> }} SchemaEntry */

/** Subschema keywords that `subschemas` leaves out for the house rules' data-shape walks. */
const MORE_SINGLE = ['not', 'propertyNames', 'contentSchema'];
/** Maps of named subschemas besides `properties` & co.; draft 7 `dependencies` mixes schemas and lists. */
const MORE_MAPS = ['$defs', 'definitions', 'dependencies'];

/**
 * Every direct subschema of a schema: those of `subschemas` plus `not`, `propertyNames`,
 * `contentSchema`, `$defs`, `definitions` and schema-valued `dependencies`. Rules about what a schema
 * declares (type, bounds, examples) apply to all of them.
 * @param {Record<string, any>} schema
 * @returns {Array<[JsonPath, unknown]>}
 */
export function allSubschemas(schema) {
  const out = subschemas(schema);
  for (const key of MORE_SINGLE) if (isObject(schema[key])) out.push([[key], schema[key]]);
  for (const key of MORE_MAPS) {
    const map = schema[key];
    if (isObject(map)) for (const [name, child] of Object.entries(map)) out.push([[key, name], child]);
  }
  return out;
}

/** Per resolved document: its schema list (rules share one walk per lint run). */
const cache = new WeakMap();

/**
 * Every schema object of the document, once, with its own location, in walk order (components first).
 * Cached per document object, so several rules pay for one walk.
 * @param {unknown} root the resolved document (the rule's `given: $` target)
 * @returns {SchemaEntry[]}
 */
export function documentSchemas(root) {
  if (!isObject(root)) return [];
  const cached = cache.get(root);
  if (cached !== undefined) return cached;

  const components = isObject(root.components) ? root.components : {};
  // Every component's own location. An object met through a `$ref` is recorded there, never at the
  // referencing site: Spectral cannot map some sites back (a `$ref` with sibling keywords), so a schema
  // first met through one would otherwise be reported at that site instead of its definition.
  /** @type {Map<object, JsonPath>} */
  const home = new Map();
  for (const [kind, map] of Object.entries(components)) {
    if (isObject(map))
      for (const [name, value] of Object.entries(map)) home.set(value, ['components', kind, name]);
  }
  const place = (/** @type {unknown} */ value, /** @type {JsonPath} */ path) =>
    (isObject(value) && home.get(value)) || path;

  /** @type {SchemaEntry[]} */
  const entries = [];
  // One set for schemas and for the objects that hold them (a shared response is walked once too).
  const seen = new Set();
  const first = (/** @type {unknown} */ value) => {
    if (!isObject(value) || seen.has(value)) return false;
    seen.add(value);
    return true;
  };

  /** @param {unknown} root @param {JsonPath} path */
  const schema = (root, path) => {
    /** @type {Array<[unknown, JsonPath]>} */
    const stack = [[root, path]];
    while (stack.length > 0) {
      const entry = stack.pop();
      if (entry === undefined) break;
      const [node, reached] = entry;
      if (!first(node)) continue;
      const at = place(node, reached);
      const value = /** @type {Record<string, any>} */ (node);
      entries.push({ path: at, schema: value });
      // Reversed so the walk is depth-first in document order, like Spectral's own traversal.
      for (const [segments, child] of allSubschemas(value).reverse())
        stack.push([child, [...at, ...segments]]);
    }
  };
  /** @param {unknown} content @param {JsonPath} path */
  const content = (content, path) => {
    if (!isObject(content)) return;
    for (const [type, media] of Object.entries(content)) {
      if (!first(media)) continue;
      schema(media.schema, [...path, type, 'schema']);
      if (isObject(media.encoding)) {
        for (const [name, encoding] of Object.entries(media.encoding)) {
          if (isObject(encoding)) headers(encoding.headers, [...path, type, 'encoding', name, 'headers']);
        }
      }
    }
  };
  /** A Parameter or Header Object: `schema`, or `content` with one media type. */
  const parameter = (/** @type {unknown} */ value, /** @type {JsonPath} */ reached) => {
    if (!first(value)) return;
    const path = place(value, reached);
    schema(value.schema, [...path, 'schema']);
    content(value.content, [...path, 'content']);
  };
  /** @param {unknown} map @param {JsonPath} path */
  const headers = (map, path) => {
    if (isObject(map)) for (const [name, header] of Object.entries(map)) parameter(header, [...path, name]);
  };
  /** @param {unknown} list @param {JsonPath} path */
  const parameters = (list, path) => {
    if (Array.isArray(list)) for (const [i, value] of list.entries()) parameter(value, [...path, i]);
  };
  /** @param {unknown} value @param {JsonPath} path */
  const requestBody = (value, path) => {
    if (first(value)) content(value.content, [...place(value, path), 'content']);
  };
  /** @param {unknown} value @param {JsonPath} reached */
  const response = (value, reached) => {
    if (!first(value)) return;
    const path = place(value, reached);
    headers(value.headers, [...path, 'headers']);
    content(value.content, [...path, 'content']);
  };
  /** A Callback Object maps runtime expressions to Path Items. */
  const callback = (/** @type {unknown} */ value, /** @type {JsonPath} */ reached) => {
    if (!first(value)) return;
    const path = place(value, reached);
    for (const [expression, item] of Object.entries(value)) pathItem(item, [...path, expression]);
  };
  /** @param {unknown} item @param {JsonPath} reached */
  const pathItem = (item, reached) => {
    if (!first(item)) return;
    const path = place(item, reached);
    parameters(item.parameters, [...path, 'parameters']);
    for (const method of METHODS) {
      const operation = item[method];
      if (!first(operation)) continue;
      const at = [...path, method];
      parameters(operation.parameters, [...at, 'parameters']);
      requestBody(operation.requestBody, [...at, 'requestBody']);
      if (isObject(operation.responses)) {
        for (const [status, value] of Object.entries(operation.responses))
          response(value, [...at, 'responses', status]);
      }
      each(operation.callbacks, [...at, 'callbacks'], callback);
    }
  };
  /** Calls `walk` for every entry of a map at `path`. */
  const each = (
    /** @type {unknown} */ map,
    /** @type {JsonPath} */ path,
    /** @type {(value: unknown, path: JsonPath) => void} */ walk,
  ) => {
    if (isObject(map)) for (const [name, value] of Object.entries(map)) walk(value, [...path, name]);
  };

  const c = ['components'];
  each(components.schemas, [...c, 'schemas'], schema);
  each(components.parameters, [...c, 'parameters'], parameter);
  headers(components.headers, [...c, 'headers']);
  each(components.requestBodies, [...c, 'requestBodies'], requestBody);
  each(components.responses, [...c, 'responses'], response);
  each(components.callbacks, [...c, 'callbacks'], callback);
  each(components.pathItems, [...c, 'pathItems'], pathItem);
  each(root.paths, ['paths'], pathItem);
  each(root.webhooks, ['webhooks'], pathItem);

  cache.set(root, entries);
  return entries;
}

/**
 * Whether a schema's `type` is `name` or a type list that includes it (OpenAPI 3.1 `[string, 'null']`).
 * @param {Record<string, any>} schema
 * @param {string} name
 */
export function hasType(schema, name) {
  const { type } = schema;
  return type === name || (Array.isArray(type) && type.includes(name));
}
