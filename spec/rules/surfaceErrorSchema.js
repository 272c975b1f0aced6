import { createRulesetFunction } from '@stoplight/spectral-core';
import { componentName, isObject, surfaceOf } from './lib/openapi.js';

/** 4xx and 5xx status codes, including the `4XX`/`5XX` ranges. */
const ERROR_STATUS = /^[45](\d\d|XX)$/i;

/**
 * House rule `surface-error-schema` (given: each Operation's Responses Object). Each surface has one
 * error shape that clients switch on; every 4xx/5xx response of an operation on that surface must use
 * that surface's schema, compared by `components.schemas` name or by the resolved schema's `title`.
 */
export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['surfaces'],
      properties: {
        surfaces: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['pathPrefix', 'schema'],
            properties: { pathPrefix: { type: 'string' }, schema: { type: 'string' } },
          },
        },
      },
    },
  },
  function surfaceErrorSchema(responses, { surfaces }, context) {
    const surface = surfaceOf(context.path[1], surfaces);
    if (surface === undefined || !isObject(responses)) return [];
    const expected = surface.schema;
    const where = `under ${surface.pathPrefix}`;
    const root = context.documentInventory.resolved;
    /** @type {Array<{ message: string, path: Array<string | number> }>} */
    const results = [];
    for (const [status, response] of Object.entries(responses)) {
      if (!ERROR_STATUS.test(status) || !isObject(response)) continue;
      const content = isObject(response.content) ? Object.entries(response.content) : [];
      if (content.length === 0) {
        results.push({
          message: `Error response ${status} ${where} has no body: document it with content application/json and the ${expected} schema.`,
          path: [...context.path, status],
        });
        continue;
      }
      for (const [mediaType, media] of content) {
        const schema = isObject(media) ? media.schema : undefined;
        const name = componentName(root, schema);
        const title = isObject(schema) && typeof schema.title === 'string' ? schema.title : undefined;
        if (name === expected || title === expected) continue;
        const found = name ?? title ?? (isObject(schema) ? 'an inline schema' : 'no schema');
        results.push({
          message: `Error response ${status} (${mediaType}) ${where} must use the ${expected} schema (#/components/schemas/${expected}), found ${found}.`,
          // The media type, not its schema: a `$ref`'d schema would be reported at the component it
          // points to, while the fix belongs to this response.
          path: [...context.path, status, 'content', mediaType],
        });
      }
    }
    return results;
  },
);
