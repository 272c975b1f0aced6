import { createRulesetFunction } from '@stoplight/spectral-core';
import { parseLifecycleDate } from './lib/lifecycle-dates.js';
import { isObject } from './lib/openapi.js';

/**
 * Epoch milliseconds of 00:00 UTC on the value's UTC date, as the server sends it; `undefined` when it
 * is not an RFC 3339 date or date-time.
 * @param {unknown} value
 */
const dateOf = (value) => parseLifecycleDate(value)?.day;

/**
 * The lifecycle fields of an operation that are malformed or missing, as `[field, message]`.
 * @param {Record<string, any>} op
 * @returns {Array<[string, string]>}
 */
function fieldProblems(op) {
  /** @type {Array<[string, string]>} */
  const problems = [];
  const deprecatedAt = dateOf(op['x-deprecated-at']);
  const sunset = dateOf(op['x-sunset']);
  if (op['x-deprecated-at'] !== undefined && deprecatedAt === undefined)
    problems.push(['x-deprecated-at', 'x-deprecated-at is not an RFC 3339 date (YYYY-MM-DD) or date-time.']);
  else if (op.deprecated === true && deprecatedAt === undefined)
    problems.push([
      'deprecated',
      'A deprecated operation needs x-deprecated-at (YYYY-MM-DD): its Deprecation header (RFC 9745) carries that date.',
    ]);
  if (op['x-sunset'] !== undefined && sunset === undefined)
    problems.push(['x-sunset', 'x-sunset is not an RFC 3339 date (YYYY-MM-DD) or date-time.']);
  else if (sunset !== undefined && deprecatedAt !== undefined && sunset < deprecatedAt)
    problems.push([
      'x-sunset',
      'x-sunset is before x-deprecated-at: an operation cannot go before it is deprecated.',
    ]);
  const link = op['x-deprecation-link'];
  if (
    link !== undefined &&
    (typeof link !== 'string' || !/^https?:\/\/[^\s<>]+$/.test(link) || !URL.canParse(link))
  )
    problems.push(['x-deprecation-link', 'x-deprecation-link is not an absolute http(s) URL.']);
  return problems;
}

/**
 * The headers every response of a deprecated operation is sent with (by the router and the mock), so
 * every response must document them: `Deprecation` always, `Sunset` with `x-sunset`, `Link` with
 * `x-deprecation-link`.
 * @param {Record<string, any>} op
 */
function headersSent(op) {
  if (op.deprecated !== true) return [];
  return [
    'Deprecation',
    ...(op['x-sunset'] !== undefined ? ['Sunset'] : []),
    ...(op['x-deprecation-link'] !== undefined ? ['Link'] : []),
  ];
}

/**
 * House rule `deprecated-operation-headers` (given: each Operation). An operation's lifecycle fields are
 * well formed (`x-deprecated-at` and `x-sunset` RFC 3339 dates, the sunset not before the deprecation,
 * `x-deprecation-link` an absolute URL; a deprecated operation has `x-deprecated-at`), and every response
 * of a deprecated operation documents the headers servers send with it (names compare case-insensitively).
 */
export default createRulesetFunction(
  { input: null, options: null },
  function deprecatedOperationHeaders(op, _options, context) {
    if (!isObject(op)) return [];
    /** @type {Array<{ message: string, path: Array<string | number> }>} */
    const results = fieldProblems(op).map(([field, message]) => ({
      message,
      path: [...context.path, field],
    }));
    const wanted = headersSent(op);
    if (wanted.length === 0 || !isObject(op.responses)) return results;
    for (const [status, response] of Object.entries(op.responses)) {
      if (!isObject(response)) continue;
      const headers = isObject(response.headers) ? response.headers : {};
      const documented = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
      const missing = wanted.filter((name) => !documented.has(name.toLowerCase()));
      if (missing.length === 0) continue;
      results.push({
        message: `Response ${status} of a deprecated operation must document ${missing.join(', ')}: servers send them with every response of it.`,
        path: [...context.path, 'responses', status, ...(isObject(response.headers) ? ['headers'] : [])],
      });
    }
    return results;
  },
);
