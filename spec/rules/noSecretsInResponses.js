import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject, walkSchemas } from './lib/openapi.js';

/**
 * Property names (in snake_case, see `snakeCase`) that hold credentials: `password`, `auth_token`,
 * `client_secret`, `api_key`, `private_key`, `credentials`, ...
 */
const SECRET_NAME =
  /(^|_)(pass(word|wd|phrase)?|secret|token|api_?key|(secret|private|access|signing)_?key|credentials?)$/;

/** Pagination and usage names that end like a secret but carry none. */
const NOT_SECRET = /(^|_)(page|next|prev|previous|continuation|cursor)_?token$|^max_?tokens?$/;

/**
 * `authToken`, `auth-token` and `AUTH_TOKEN` all become `auth_token`.
 * @param {string} name
 */
const snakeCase = (name) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();

/**
 * Whether a schema (or a member of its `allOf`) is `writeOnly`.
 * @param {unknown} schema
 */
const isWriteOnly = (schema) =>
  isObject(schema) &&
  (schema.writeOnly === true ||
    (Array.isArray(schema.allOf) && schema.allOf.some((m) => isObject(m) && m.writeOnly === true)));

/**
 * House rule `no-secrets-in-responses` (given: each response body schema). A credential accepted on
 * write must never be echoed back: no property reachable from a response schema (through `$ref`,
 * `allOf`/`oneOf`/`anyOf`, `items`, ...) may be `writeOnly` or be named like a secret. Booleans such as
 * `has_auth_credentials` say whether a secret exists and are allowed.
 */
export default createRulesetFunction(
  {
    input: null,
    options: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { allow: { type: 'array', items: { type: 'string' } } },
    },
  },
  function noSecretsInResponses(schema, options, context) {
    const allow = options?.allow ?? [];
    /** @type {Array<{ message: string, path: Array<string | number> }>} */
    const results = [];
    walkSchemas(schema, (node, trail) => {
      if (!isObject(node.properties)) return;
      for (const [name, property] of Object.entries(node.properties)) {
        if (allow.includes(name)) continue;
        const at = [...context.path, ...trail, 'properties', name];
        if (isWriteOnly(property)) {
          results.push({
            message: `Response property "${name}" is writeOnly: a write-only value must not appear in a response schema; use a separate request schema.`,
            path: at,
          });
        } else if (
          SECRET_NAME.test(snakeCase(name)) &&
          !NOT_SECRET.test(snakeCase(name)) &&
          !(isObject(property) && property.type === 'boolean')
        ) {
          results.push({
            message: `Response property "${name}" looks like a secret: never return credentials; expose a flag such as "has_${name}" or a masked hint instead.`,
            path: at,
          });
        }
      }
    });
    return results;
  },
);
