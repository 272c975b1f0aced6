import { createRulesetFunction } from '@stoplight/spectral-core';
import { documentSchemas, hasType } from './lib/schemas.js';

/**
 * House rules `schema-string-limit`, `schema-string-restricted`, `schema-integer-limit`,
 * `schema-integer-format` and `schema-array-limit` (given: the resolved document). They replace the
 * OWASP rules `owasp:api4:2023-string-limit` etc., which select schemas with `$..[?(@.type == ...)]`:
 * over the resolved document that visits a shared component once per reference, 3-20 s per rule on a
 * 387-operation spec. Here every schema is visited once (see `lib/schemas.js`) and checked the same way:
 * - `anyOf`: at least one of these keywords is present (`maxLength`, `enum` or `const` for strings);
 * - `exactlyOne`: for each group, exactly one keyword is present (`minimum` xor `exclusiveMinimum`).
 * A finding is reported at the schema. The rules keep the OWASP messages, so findings read the same.
 */
export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { enum: ['string', 'integer', 'number', 'array', 'object', 'boolean'] },
        anyOf: { type: 'array', items: { type: 'string' }, minItems: 1 },
        exactlyOne: {
          type: 'array',
          items: { type: 'array', items: { type: 'string' }, minItems: 2 },
          minItems: 1,
        },
      },
    },
  },
  function schemaTypeKeywords(root, { type, anyOf, exactlyOne }, context) {
    /** @param {Record<string, any>} schema @param {string} keyword */
    const has = (schema, keyword) => schema[keyword] !== undefined;
    const wanted = [
      ...(anyOf === undefined ? [] : [`one of ${anyOf.join(', ')}`]),
      ...(exactlyOne ?? []).map((group) => `exactly one of ${group.join(', ')}`),
    ].join(' and ');
    /** @type {Array<{ message: string, path: Array<string | number> }>} */
    const results = [];
    for (const { path, schema } of documentSchemas(root)) {
      if (!hasType(schema, type)) continue;
      const ok =
        (anyOf === undefined || anyOf.some((keyword) => has(schema, keyword))) &&
        (exactlyOne === undefined ||
          exactlyOne.every((group) => group.filter((keyword) => has(schema, keyword)).length === 1));
      if (!ok) {
        results.push({
          message: `Schema of type ${type} must declare ${wanted}.`,
          path: [...context.path, ...path],
        });
      }
    }
    return results;
  },
);
