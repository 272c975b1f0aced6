import { createRulesetFunction } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { isObject } from './lib/openapi.js';

/**
 * The spectral:oas rules whose recursive given path (`$..`) this function replaces, each with the test
 * its given path applies to a node (`key` is the node's name in its parent) and where its check runs:
 * at the node itself, or at one of its fields (the original's `then.field`).
 * @type {Record<string, { select: (node: unknown, key: string | number | undefined) => boolean, at?: string }>}
 */
const SELECTORS = {
  // given: $..[description,title]
  'no-eval-in-markdown': { select: (_node, key) => key === 'description' || key === 'title' },
  'no-script-tags-in-markdown': { select: (_node, key) => key === 'description' || key === 'title' },
  // given: $..[?(@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array')]
  'duplicated-entry-in-enum': {
    select: (node, key) => key !== 'properties' && isObject(node) && Array.isArray(node.enum),
    at: 'enum',
  },
  // given: $..[?(@ && @.enum && @.type)]
  'typed-enum': {
    select: (node) => isObject(node) && Boolean(node.enum) && Boolean(node.type),
  },
};

/** The original rules' checks (function and options), so the house rules check exactly as they do. */
const CHECKS = Object.fromEntries(
  Object.keys(SELECTORS).map((name) => {
    const then = oas.rules[name]?.then;
    if (then === undefined || Array.isArray(then) || typeof then.function !== 'function') {
      // Fail loudly on a Spectral upgrade that moves the rule, rather than silently checking nothing.
      throw new Error(`spectral:oas no longer defines ${name} as one function`);
    }
    if (then.field !== SELECTORS[name]?.at) throw new Error(`spectral:oas ${name} checks another field`);
    return [name, { fn: then.function, options: then.functionOptions ?? null }];
  }),
);

/** @typedef {{ node: unknown, key: string | number | undefined, path: Array<string | number> }} Place */

/** Per unresolved document: every node with its path, in document order (rules share one walk). */
const cache = new WeakMap();

/**
 * Every node of the document (objects, arrays and scalars, the root included) with its name in its
 * parent and its path, depth-first in document order, as `$..` visits the unresolved document.
 * @param {object} root
 * @returns {Place[]}
 */
function everyNode(root) {
  const cached = cache.get(root);
  if (cached !== undefined) return cached;
  /** @type {Place[]} */
  const places = [];
  /** @type {Place[]} */
  const stack = [{ node: root, key: undefined, path: [] }];
  while (stack.length > 0) {
    const place = /** @type {Place} */ (stack.pop());
    places.push(place);
    const { node, path } = place;
    if (typeof node !== 'object' || node === null) continue;
    const keys = Array.isArray(node) ? node.map((_v, i) => i) : Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = /** @type {string | number} */ (keys[i]);
      stack.push({ node: /** @type {any} */ (node)[key], key, path: [...path, key] });
    }
  }
  cache.set(root, places);
  return places;
}

/**
 * House rules `markdown-no-eval`, `markdown-no-script-tags`, `enum-no-duplicates` and `enum-typed`
 * (given: the unresolved document). They replace the spectral:oas rules of the same checks, whose `$..`
 * given paths run over the resolved document, where a component referenced from 500 places is walked
 * 500 times (0.8 s per pair on the 387-operation corpus, which has no finding for any of them). Here the
 * unresolved document is walked once, every place is selected by the original's given path, and the
 * original's own function checks it, so findings, paths and messages are the original's: a node
 * reached through `$ref`s is reported once, at its definition, as Spectral reports the original's.
 */
export default createRulesetFunction(
  {
    input: null,
    options: {
      type: 'object',
      additionalProperties: false,
      required: ['rule'],
      properties: { rule: { enum: Object.keys(SELECTORS) } },
    },
  },
  function upstreamEverywhere(root, { rule }, context) {
    const selector = SELECTORS[rule];
    const check = CHECKS[rule];
    if (!isObject(root) || selector === undefined || check === undefined) return [];
    /** @type {Array<{ message: string, path?: Array<string | number> }>} */
    const results = [];
    for (const { node, key, path } of everyNode(root)) {
      if (!selector.select(node, key)) continue;
      const at = [...context.path, ...path];
      const target = selector.at === undefined ? node : /** @type {any} */ (node)[selector.at];
      const where = selector.at === undefined ? at : [...at, selector.at];
      const found = check.fn(target, check.options, { ...context, path: where });
      if (Array.isArray(found))
        for (const result of found) results.push({ ...result, path: result.path ?? where });
    }
    return results;
  },
);
