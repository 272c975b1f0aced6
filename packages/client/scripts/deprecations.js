/**
 * Deprecation marks for the generated SDK types. openapi-typescript already writes `@deprecated` on
 * deprecated fields, parameters and `paths` entries, but not on the `operations` interface that
 * `operations["..."]` reads, and it does not know `x-sunset`. These two steps fill the gaps, so an
 * editor strikes a deprecated operation through wherever it is named and its hover says when it goes.
 *
 * Plain JavaScript with JSDoc types, like generate.js (Node runs it without a loader).
 */
import { METHODS } from '@phone-api/openapi';
import { addJSDocComment } from 'openapi-typescript';
import ts from 'typescript';

/** @import { Json, JsonObject } from './json.ts' */

/**
 * @param {Json | undefined} value
 * @returns {value is JsonObject}
 */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of the document in which every deprecated node with an `x-sunset` says its sunset in its
 * description (which openapi-typescript turns into `@description`).
 * @param {JsonObject} spec
 * @returns {JsonObject}
 */
export function withSunsetDescriptions(spec) {
  /** @param {Json} node @returns {Json} */
  const visit = (node) => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    /** @type {JsonObject} */
    const out = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    const sunset = node['x-sunset'];
    if (node.deprecated === true && typeof sunset === 'string') {
      const note = `Deprecated: removed on or after ${sunset.slice(0, 10)} (x-sunset).`;
      out.description = typeof node.description === 'string' ? `${node.description}\n\n${note}` : note;
    }
    return out;
  };
  return /** @type {JsonObject} */ (visit(spec));
}

/**
 * Adds `@deprecated` (with the sunset) to the members of the generated `operations` interface whose
 * operation is deprecated.
 * @param {ts.Node[]} ast what openapiTS returned
 * @param {JsonObject} spec the document it was generated from
 */
export function markDeprecatedOperations(ast, spec) {
  /** @type {Map<string, JsonObject>} */
  const deprecated = new Map();
  for (const item of Object.values(isObject(spec.paths) ? spec.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (isObject(op) && op.deprecated === true && typeof op.operationId === 'string') {
        deprecated.set(op.operationId, op);
      }
    }
  }
  if (deprecated.size === 0) return;
  for (const node of ast) {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'operations') continue;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member)) continue;
      const name = ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : '';
      const op = deprecated.get(name);
      if (op)
        addJSDocComment(
          /** @type {never} */ ({ deprecated: true, summary: op.summary, description: op.description }),
          member,
        );
    }
  }
}
