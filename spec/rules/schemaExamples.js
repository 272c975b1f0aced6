import { createRulesetFunction } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { documentSchemas } from './lib/schemas.js';

/**
 * The check of spectral:oas `oas3-valid-schema-example` itself (its function and options), so the house
 * rule validates exactly as the original does: same validator, same dialect, same messages.
 */
const original = oas.rules['oas3-valid-schema-example']?.then;
if (original === undefined || Array.isArray(original) || typeof original.function !== 'function') {
  // Fail loudly on a Spectral upgrade that moves the rule, rather than silently checking nothing.
  throw new Error('spectral:oas no longer defines oas3-valid-schema-example as one function');
}
const validate = original.function;
const validateOptions = original.functionOptions ?? null;

/** The keywords that make the original rule treat an object as a schema worth checking. */
const SCHEMA_SHAPED = ['enum', 'type', 'format', '$ref', 'properties', 'items'];

/**
 * House rule `schema-example-valid` (given: the resolved document). Replaces spectral:oas
 * `oas3-valid-schema-example`, whose `$.components.schemas..[...]`, `$..content..[...]`,
 * `$..parameters..[...]` and `$..headers..[...]` given paths call the validator once per reference to a
 * schema; the validator deep-copies the resolved schema and compiles it every time, which took 30 s on a
 * 387-operation spec. Here each schema with an `example` or `default` is validated once (see
 * `lib/schemas.js`), by the original rule's own function.
 *
 * Schemas that are equal as JSON (generated specs repeat small ones, e.g. a nullable string with
 * `default: null`, hundreds of times) are validated once: the validator's findings depend on the schema
 * and its `example`/`default` only, so they are computed at an empty path and moved to each place.
 */
export default createRulesetFunction(
  { input: null, options: null },
  function schemaExamples(root, _o, context) {
    /** @type {Map<string, Array<{ message: string, path?: Array<string | number> }>>} */
    const byJson = new Map();
    /** @type {Array<{ message: string, path?: Array<string | number> }>} */
    const results = [];
    for (const { path, schema } of documentSchemas(root)) {
      if (schema.example === undefined && schema.default === undefined) continue;
      if (!SCHEMA_SHAPED.some((keyword) => schema[keyword])) continue;
      const at = [...context.path, ...path];
      let key;
      try {
        key = JSON.stringify(schema);
      } catch {
        // A cyclic schema: let the original function deal with it exactly as it would have.
        results.push(...(validate(schema, validateOptions, { ...context, path: at }) ?? []));
        continue;
      }
      let found = byJson.get(key);
      if (found === undefined) {
        found = validate(schema, validateOptions, { ...context, path: [] }) ?? [];
        byJson.set(key, found);
      }
      for (const result of found) results.push({ ...result, path: [...at, ...(result.path ?? [])] });
    }
    return results;
  },
);
