import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject, walkSchemas } from './lib/openapi.js';

/**
 * House rule `discriminator-explicit-mapping` (given: the schema roots of the unresolved document, so
 * each `$ref` is still visible). A discriminator without an explicit mapping makes every tool guess the
 * value -> schema table from schema names; the guesses differ between generators. Every schema with a
 * `discriminator` therefore needs a `mapping` with an entry for every `oneOf`/`anyOf` branch (each
 * branch a `$ref` that the mapping names) and no entry that points elsewhere. Several values may map to
 * one branch (e.g. two sources that share a shape).
 */
export default createRulesetFunction(
  { input: null, options: null },
  function discriminatorMapping(root, _options, context) {
    /** @type {Array<{ message: string, path: Array<string | number> }>} */
    const results = [];
    walkSchemas(root, (schema, trail) => {
      const { discriminator } = schema;
      if (!isObject(discriminator)) return;
      const at = [...context.path, ...trail, 'discriminator'];
      const property = String(discriminator.propertyName);
      const key = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : undefined;
      if (key === undefined) {
        results.push({
          message: `Discriminator "${property}" needs oneOf or anyOf branches to choose between.`,
          path: at,
        });
        return;
      }
      /** @type {unknown[]} */
      const branches = schema[key];
      const mapping = isObject(discriminator.mapping) ? discriminator.mapping : undefined;
      if (mapping === undefined || Object.keys(mapping).length === 0) {
        results.push({
          message: `Discriminator "${property}" has no mapping: add \`mapping\` with one "<${property} value>: <$ref>" entry per ${key} branch (${branches.length}).`,
          path: at,
        });
        return;
      }
      const targets = Object.values(mapping);
      const refs = new Set();
      branches.forEach((branch, i) => {
        const ref = isObject(branch) ? branch.$ref : undefined;
        if (typeof ref !== 'string') {
          results.push({
            message: `Discriminator "${property}": ${key}[${i}] is an inline schema, which a mapping cannot name; move it to components/schemas and $ref it.`,
            path: [...context.path, ...trail, key, i],
          });
          return;
        }
        refs.add(ref);
        if (!targets.includes(ref)) {
          results.push({
            message: `Discriminator "${property}": mapping has no entry for ${key} branch ${ref}; add "<${property} value>: ${ref}".`,
            path: [...at, 'mapping'],
          });
        }
      });
      for (const [value, target] of Object.entries(mapping)) {
        if (!refs.has(target)) {
          results.push({
            message: `Discriminator "${property}": mapping "${value}" points to ${String(target)}, which is not one of the ${key} branches.`,
            path: [...at, 'mapping', value],
          });
        }
      }
    });
    return results;
  },
);
