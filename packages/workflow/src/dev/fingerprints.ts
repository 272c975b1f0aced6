/** Which operations a save changed: one fingerprint per operation of its fully resolved definition. */
import { createHash } from 'node:crypto';
import { isMethod } from '@phone-api/openapi';
import { isNode, type Node, Resolver } from '../breaking/resolve.ts';

/**
 * A fingerprint per operation of its fully resolved definition (refs inlined, cycles cut), plus the
 * security schemes: an operation is "affected" when its fingerprint changes, examples included, since
 * the mock answers from them.
 */
export function operationFingerprints(doc: unknown): Map<string, string> {
  const root = isNode(doc) ? doc : {};
  const resolver = new Resolver(root);
  const inline = (value: unknown, stack: Set<string>): unknown => {
    if (Array.isArray(value)) return value.map((v) => inline(v, stack));
    if (!isNode(value)) return value;
    if (typeof value.$ref === 'string') {
      if (stack.has(value.$ref)) return { $ref: value.$ref };
      return inline(resolver.resolve(value).node, new Set(stack).add(value.$ref));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, stack)]));
  };
  const shared = JSON.stringify([root.security, (root.components as Node | undefined)?.securitySchemes]);
  const prints = new Map<string, string>();
  for (const [p, rawItem] of Object.entries((root.paths as Node | undefined) ?? {})) {
    const item = resolver.resolve(rawItem).node;
    for (const [method, op] of Object.entries(item)) {
      if (!isNode(op) || !isMethod(method)) continue;
      const id = typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${p}`;
      const text = JSON.stringify([
        p,
        method,
        inline(item.parameters, new Set()),
        inline(op, new Set()),
        shared,
      ]);
      prints.set(id, createHash('sha1').update(text).digest('hex'));
    }
  }
  return prints;
}

/** The operations whose fingerprint differs from `before` (all of them when there is no `before`). */
export function changedOperations(
  before: Map<string, string> | undefined,
  after: Map<string, string>,
): string[] {
  if (before === undefined) return [...after.keys()];
  return [...after].filter(([id, print]) => before.get(id) !== print).map(([id]) => id);
}
