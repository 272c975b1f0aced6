import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject, isUnder, mediaSchemas, walkSchemas } from './lib/openapi.js';

/** The TypeID form: `<prefix>_`, optionally the `[0-7]` first character, then the Crockford class. */
const PREFIXED_PATTERN = /^\^([a-z]+)_(\[0-7\])?\[0-9a-hjkmnp-tv-z\]/;

/** A schema that only admits `null` carries no id, so it needs no pattern. */
function isNullOnly(/** @type {Record<string, any>} */ schema) {
  const { type } = schema;
  return (
    type === 'null' ||
    (Array.isArray(type) && type.length === 1 && type[0] === 'null') ||
    schema.const === null
  );
}

/**
 * Whether a property schema pins the prefixed id form: its own `pattern`, a pattern in one of its
 * `allOf` members, or (nullable ids) one in every non-null `oneOf`/`anyOf` branch.
 * @param {unknown} schema
 * @param {string[]} prefixes
 * @param {Set<object>} seen
 * @returns {boolean}
 */
function pinsPrefixedForm(schema, prefixes, seen) {
  if (!isObject(schema) || seen.has(schema)) return false;
  seen.add(schema);
  if (isNullOnly(schema)) return true;
  if (typeof schema.pattern === 'string') {
    const match = PREFIXED_PATTERN.exec(schema.pattern);
    if (match !== null && prefixes.includes(match[1] ?? '')) return true;
  }
  if (
    Array.isArray(schema.allOf) &&
    schema.allOf.some((member) => pinsPrefixedForm(member, prefixes, seen))
  ) {
    return true;
  }
  for (const key of ['oneOf', 'anyOf']) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      return branches.every((branch) => pinsPrefixedForm(branch, prefixes, new Set(seen)));
    }
  }
  return false;
}

/**
 * House rule `agents-prefixed-id-fields` (given: each Operation). Every `id` / `*_id` property of an
 * agents-surface request body or response must enforce the prefixed id form with a `pattern`, so that
 * generated validators reject legacy UUIDs and ids of the wrong kind. Names in `exempt` are ids of other
 * systems (e.g. a provider's own id) and are skipped, and so are boolean flags (`clear_agent_id`).
 */
export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['pathPrefix', 'prefixes'],
      properties: {
        pathPrefix: { type: 'string' },
        prefixes: { type: 'array', items: { type: 'string' }, minItems: 1 },
        exempt: { type: 'array', items: { type: 'string' } },
      },
    },
  },
  function agentsPrefixedIdFields(operation, { pathPrefix, prefixes, exempt = [] }, context) {
    const pathKey = context.path[1];
    if (!isUnder(pathKey, pathPrefix) || !isObject(operation)) return [];
    const forms = prefixes.map((p) => `^${p}_[0-7][0-9a-hjkmnp-tv-z]{25}$`).join(', ');
    /** @type {Array<{ message: string, path: Array<string | number> }>} */
    const results = [];
    const seen = new Set();
    for (const [base, schema] of mediaSchemas(operation, { requests: true, responses: true })) {
      walkSchemas(
        schema,
        (node, trail) => {
          if (!isObject(node.properties)) return;
          for (const [name, property] of Object.entries(node.properties)) {
            if (!(name === 'id' || name.endsWith('_id')) || exempt.includes(name)) continue;
            // A flag such as `clear_agent_id` names an action on an id and cannot hold one.
            if (isObject(property) && property.type === 'boolean') continue;
            if (pinsPrefixedForm(property, prefixes, new Set())) continue;
            results.push({
              message: `Property "${name}" is an agents-surface id but its schema does not enforce the prefixed form: give it (or each non-null oneOf/anyOf branch) a pattern such as ${forms}.`,
              path: [...context.path, ...base, ...trail, 'properties', name],
            });
          }
        },
        seen,
      );
    }
    return results;
  },
);
