import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject } from './lib/openapi.js';

/**
 * House rules `response-request-id-header` and `response-cors-header` (given: each Response Object).
 * Checks that a response declares the header `name` (header names compare case-insensitively, as in
 * HTTP). With `whenHeadersDeclared`, only responses that declare some headers are checked.
 */
export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'why'],
      properties: {
        name: { type: 'string' },
        why: { type: 'string' },
        whenHeadersDeclared: { type: 'boolean' },
      },
    },
  },
  function responseHeader(response, { name, why, whenHeadersDeclared = false }, context) {
    if (!isObject(response)) return [];
    const headers = isObject(response.headers) ? response.headers : undefined;
    if (headers === undefined && whenHeadersDeclared) return [];
    const wanted = name.toLowerCase();
    if (headers !== undefined && Object.keys(headers).some((header) => header.toLowerCase() === wanted))
      return [];
    return [
      {
        message: `Response must declare the ${name} header (${why}).`,
        path: headers === undefined ? context.path : [...context.path, 'headers'],
      },
    ];
  },
);
