import { type Context, report } from './context.ts';
import type { Node, Resolver } from './resolve.ts';
import { diffSchema } from './schema.ts';

interface Param {
  key: string;
  label: string;
  node: Node;
}

function collectParameters(resolver: Resolver, path: string, item: Node, op: Node): Map<string, Param> {
  const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const params = new Map<string, Param>();
  for (const raw of [
    ...(Array.isArray(item.parameters) ? item.parameters : []),
    ...(Array.isArray(op.parameters) ? op.parameters : []),
  ]) {
    const node = resolver.resolve(raw).node;
    const where = String(node.in ?? '');
    const name = String(node.name ?? '');
    // Path parameters are matched by position (a rename is invisible on the wire); headers ignore case.
    const key =
      where === 'path'
        ? `path:${templateNames.indexOf(name)}`
        : `${where}:${where === 'header' ? name.toLowerCase() : name}`;
    params.set(key, { key, label: `${where} parameter ${name}`, node }); // operation-level wins
  }
  return params;
}

export function diffParameters(
  ctx: Context,
  basePath: string,
  baseItem: Node,
  baseOp: Node,
  headPath: string,
  headItem: Node,
  headOp: Node,
): void {
  const before = collectParameters(ctx.base, basePath, baseItem, baseOp);
  const after = collectParameters(ctx.head, headPath, headItem, headOp);
  for (const [key, param] of before) {
    const next = after.get(key);
    if (next === undefined) {
      report(ctx, 'parameter-removed', param.label, `The ${param.label} was removed.`);
      continue;
    }
    const wasRequired = param.node.required === true;
    const isRequired = next.node.required === true;
    if (!wasRequired && isRequired) {
      report(ctx, 'parameter-became-required', next.label, `The ${next.label} is now required.`);
    } else if (wasRequired && !isRequired) {
      report(ctx, 'parameter-became-optional', next.label, `The ${next.label} is now optional.`);
    }
    diffSchema(ctx, 'parameter', param.node.schema, next.node.schema, next.label, new Set());
  }
  for (const [key, param] of after) {
    if (before.has(key)) continue;
    if (param.node.required === true) {
      report(ctx, 'parameter-required-added', param.label, `New required ${param.label}.`);
    } else {
      report(ctx, 'parameter-added', param.label, `New optional ${param.label}.`);
    }
  }
}
