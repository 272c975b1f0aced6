import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject } from './lib/openapi.js';

/**
 * House rule `response-example` (given: each response Media Type Object). The mock serves examples,
 * the docs show them and the contract tests replay them, so every response body needs `example` or a
 * non-empty `examples` map.
 */
export default createRulesetFunction({ input: null, options: null }, function responseExample(media) {
  if (!isObject(media)) return [];
  if ('example' in media) return [];
  if (isObject(media.examples) && Object.keys(media.examples).length > 0) return [];
  return [{ message: 'Response media type has no example: add `example` or a non-empty `examples` map.' }];
});
