import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject, isUnder, operationLabel, operationsOf } from './lib/openapi.js';

/** A path parameter that carries an id: `id` itself or any `*_id`. */
const isIdName = (/** @type {unknown} */ name) =>
  typeof name === 'string' && (name === 'id' || name.endsWith('_id'));

/**
 * House rule `agents-id-parameter-documented` (given: each Path Item). On the agents surface an id path
 * parameter is a plain string, so its documentation carries the contract: `x-id-prefix` names the id
 * form the server looks up, the description shows the prefixed form, and a 404 documents what happens to
 * any other value (never a 400).
 */
export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['pathPrefix', 'prefixes'],
      properties: {
        pathPrefix: { type: 'string' },
        prefixes: { type: 'array', items: { type: 'string' }, minItems: 1 },
      },
    },
  },
  function agentsIdParameter(pathItem, { pathPrefix, prefixes }, context) {
    const pathKey = context.path[context.path.length - 1];
    if (!isUnder(pathKey, pathPrefix) || !isObject(pathItem)) return [];
    /** @type {Array<{ message: string, path: Array<string | number> }>} */
    const results = [];
    const operations = operationsOf(pathItem);

    /**
     * @param {unknown} parameter
     * @param {Array<string | number>} at
     * @param {Array<[string, Record<string, any>]>} users operations the parameter applies to
     */
    const check = (parameter, at, users) => {
      if (!isObject(parameter) || parameter.in !== 'path' || !isIdName(parameter.name)) return;
      const name = parameter.name;
      const prefix = parameter['x-id-prefix'];
      if (typeof prefix !== 'string' || !prefixes.includes(prefix)) {
        results.push({
          message: `Path parameter "${name}" of ${pathKey} must declare \`x-id-prefix\` (one of ${prefixes.join(', ')}): it names the id form the server looks up.`,
          path: at,
        });
      }
      const wanted =
        typeof prefix === 'string' && prefixes.includes(prefix)
          ? [`${prefix}_`]
          : prefixes.map((p) => `${p}_`);
      const description = typeof parameter.description === 'string' ? parameter.description : '';
      if (!wanted.some((form) => description.includes(form))) {
        results.push({
          message: `Path parameter "${name}" of ${pathKey} must describe the prefixed id form in its description (e.g. \`${wanted[0]}<26 char Crockford base32>\`).`,
          path: [...at, 'description'],
        });
      }
      for (const [method, operation] of users) {
        const responses = isObject(operation.responses) ? operation.responses : {};
        if (!('404' in responses)) {
          results.push({
            message: `${operationLabel(method, pathKey)} takes the id path parameter "${name}" but documents no 404: an id that names nothing (or is not of the prefixed form) is answered 404.`,
            path: [...context.path, method, 'responses'],
          });
        }
      }
    };

    const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    shared.forEach((parameter, i) => {
      check(parameter, [...context.path, 'parameters', i], operations);
    });
    for (const [method, operation] of operations) {
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      own.forEach((parameter, i) => {
        check(parameter, [...context.path, method, 'parameters', i], [[method, operation]]);
      });
    }
    return results;
  },
);
