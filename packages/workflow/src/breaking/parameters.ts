import { type Context, type OperationPair, report } from './context.ts';
import { diffDocumentation } from './documentation.ts';
import { deprecationOf, diffDeprecation, removalKind } from './lifecycle.ts';
import type { Node, Resolver } from './resolve.ts';
import { diffSchema } from './schema.ts';

interface Param {
  key: string;
  label: string;
  node: Node;
  /** Where it is defined: its component, or its place in the path item or operation. */
  pointer: string;
}

function collectParameters(
  resolver: Resolver,
  path: string,
  item: Node,
  op: Node,
  opPointer: string,
): Map<string, Param> {
  const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const params = new Map<string, Param>();
  const itemPointer = opPointer.slice(0, opPointer.lastIndexOf('/'));
  for (const [raw, pointer] of [
    ...(Array.isArray(item.parameters) ? item.parameters : []).map(
      (p, i) => [p, `${itemPointer}/parameters/${i}`] as const,
    ),
    ...(Array.isArray(op.parameters) ? op.parameters : []).map(
      (p, i) => [p, `${opPointer}/parameters/${i}`] as const,
    ),
  ]) {
    const { node, ref } = resolver.resolve(raw);
    const where = String(node.in ?? '');
    const name = String(node.name ?? '');
    // Path parameters are matched by position (a rename is invisible on the wire); headers ignore case.
    const key =
      where === 'path'
        ? `path:${templateNames.indexOf(name)}`
        : `${where}:${where === 'header' ? name.toLowerCase() : name}`;
    params.set(key, { key, label: `${where} parameter ${name}`, node, pointer: ref ?? pointer }); // operation-level wins
  }
  return params;
}

/** Path-item and operation parameters, matched by location and name (path ones by position). */
export function diffParameters(outer: Context, pair: OperationPair): void {
  const { basePath, baseItem, baseOp, headPath, headItem, headOp, pointer } = pair;
  const before = collectParameters(outer.base, basePath, baseItem, baseOp, pointer);
  const after = collectParameters(outer.head, headPath, headItem, headOp, pointer);
  for (const [key, param] of before) {
    const next = after.get(key);
    const before = deprecationOf(outer.base, param.node);
    if (next === undefined) {
      const { kind, note } = removalKind(outer, before, 'parameter-removed');
      report(outer, kind, param.label, `The ${param.label} was removed.${note}`);
      continue;
    }
    const ctx = { ...outer, pointer: next.pointer };
    diffDeprecation(ctx, `The ${next.label}`, next.label, before, deprecationOf(ctx.head, next.node));
    diffDocumentation(ctx, `The ${next.label}`, next.label, param.node, next.node);
    const wasRequired = param.node.required === true;
    const isRequired = next.node.required === true;
    if (!wasRequired && isRequired) {
      report(ctx, 'parameter-became-required', next.label, `The ${next.label} is now required.`);
    } else if (wasRequired && !isRequired) {
      report(ctx, 'parameter-became-optional', next.label, `The ${next.label} is now optional.`);
    }
    const schema = { ...ctx, pointer: `${next.pointer}/schema` };
    diffSchema(schema, 'parameter', param.node.schema, next.node.schema, next.label, new Set());
  }
  for (const [key, param] of after) {
    if (before.has(key)) continue;
    const ctx = { ...outer, pointer: param.pointer };
    if (param.node.required === true) {
      report(ctx, 'parameter-required-added', param.label, `New required ${param.label}.`);
    } else {
      report(ctx, 'parameter-added', param.label, `New optional ${param.label}.`);
    }
  }
}
