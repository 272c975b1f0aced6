import { createRulesetFunction } from '@stoplight/spectral-core';
import { surfaceOf } from './lib/openapi.js';

const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

/**
 * House rule `operation-id-camel-case` (given: each Operation's `operationId`). Generated SDK method
 * names come from operationIds: they must be camelCase and start with their surface's prefix followed
 * by an upper-case letter (`agentsGetPhoneNumber`, `convaiGetPhoneNumber`), so the two surfaces'
 * methods never collide and read as belonging together.
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
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['pathPrefix', 'operationIdPrefix'],
            properties: { pathPrefix: { type: 'string' }, operationIdPrefix: { type: 'string' } },
          },
        },
      },
    },
  },
  function operationIdCase(operationId, { surfaces }, context) {
    // A missing operationId is spectral:oas' `operation-operationId`.
    if (operationId === undefined) return [];
    if (typeof operationId !== 'string' || !CAMEL_CASE.test(operationId)) {
      return [{ message: `operationId "${String(operationId)}" must be camelCase (^[a-z][a-zA-Z0-9]*$).` }];
    }
    const surface = surfaceOf(context.path[1], surfaces);
    if (surface === undefined) return [];
    const prefix = surface.operationIdPrefix;
    if (
      operationId.length > prefix.length &&
      operationId.startsWith(prefix) &&
      /[A-Z]/.test(operationId[prefix.length] ?? '')
    ) {
      return [];
    }
    return [
      {
        message: `operationId "${operationId}" is under ${surface.pathPrefix} and must start with "${prefix}" followed by an upper-case letter (e.g. "${prefix}${operationId.charAt(0).toUpperCase()}${operationId.slice(1)}").`,
      },
    ];
  },
);
