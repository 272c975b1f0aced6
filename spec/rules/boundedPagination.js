import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject } from './lib/openapi.js';

/**
 * House rule `bounded-pagination` (given: each Parameter Object of a path item or operation). A page
 * size without a maximum lets one request read a whole table; without a default, clients and servers
 * disagree about the page size. Query parameters with a page-size name must be integers with
 * `minimum`, `maximum` and `default`.
 */
export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['names'],
      properties: { names: { type: 'array', items: { type: 'string' }, minItems: 1 } },
    },
  },
  function boundedPagination(parameter, { names }, context) {
    if (!isObject(parameter) || parameter.in !== 'query' || !names.includes(parameter.name)) return [];
    const schema = isObject(parameter.schema) ? parameter.schema : {};
    const type = schema.type;
    const missing = [];
    if (!(type === 'integer' || (Array.isArray(type) && type.includes('integer'))))
      missing.push('type: integer');
    for (const keyword of ['minimum', 'maximum', 'default']) if (!(keyword in schema)) missing.push(keyword);
    if (missing.length === 0) return [];
    return [
      {
        message: `Page-size query parameter "${parameter.name}" must be an integer with minimum, maximum and default; missing ${missing.join(', ')}.`,
        path: [...context.path, ...(isObject(parameter.schema) ? ['schema'] : [])],
      },
    ];
  },
);
