import { METHODS } from '@phone-api/openapi';
import { diffRequestBody, diffResponses } from './bodies.ts';
import {
  type Context,
  type OperationPair,
  type OperationStep,
  obj,
  pointerTo,
  report,
  templateKey,
} from './context.ts';
import { type Deprecation, deprecationOf, diffDeprecation, removalKind } from './lifecycle.ts';
import { diffOperationMetadata } from './metadata.ts';
import { diffParameters } from './parameters.ts';
import { isNode, type Node } from './resolve.ts';
import { diffSecurity } from './security.ts';
import { diffServers } from './servers.ts';
import { diffStability, stabilityOf, withinStability } from './stability.ts';

/** Compares the paths of both documents: paths and operations removed, added, or changed. */
export function diffPaths(ctx: Context): void {
  const basePaths = obj(ctx.base.root.paths);
  const headPaths = obj(ctx.head.root.paths);
  const headByKey = new Map(Object.keys(headPaths).map((p) => [templateKey(p), p]));
  const baseKeys = new Set(Object.keys(basePaths).map(templateKey));

  for (const basePath of Object.keys(basePaths)) {
    const headPath = headByKey.get(templateKey(basePath));
    const baseItem = ctx.base.resolve(basePaths[basePath]).node;
    if (headPath === undefined) {
      reportPathRemoved(ctx, basePath, baseItem);
      continue;
    }
    const headItem = ctx.head.resolve(headPaths[headPath]).node;
    for (const method of METHODS) {
      const baseOp = baseItem[method];
      const headOp = headItem[method];
      const name = `${method.toUpperCase()} ${headPath}`;
      const pointer = pointerTo('#/paths', headPath, method);
      if (isNode(baseOp) && !isNode(headOp)) {
        const { kind, note } = removalKind(ctx, deprecationOf(ctx.base, baseOp), 'operation-removed');
        const at = { ...ctx, operation: name, pointer: pointerTo('#/paths', headPath) };
        withinStability(at, baseOp, () =>
          report(at, kind, 'operation', `Operation ${name} was removed.${note}`),
        );
      } else if (!isNode(baseOp) && isNode(headOp)) {
        report(
          { ...ctx, operation: name, pointer },
          'operation-added',
          'operation',
          `New operation ${name}.`,
        );
      } else if (isNode(baseOp) && isNode(headOp)) {
        const pair = { basePath, baseItem, baseOp, headPath, headItem, headOp, pointer };
        const at = { ...ctx, operation: name, pointer };
        withinStability(at, baseOp, () => {
          for (const step of OPERATION_STEPS) step(at, pair);
        });
      }
    }
  }
  for (const headPath of Object.keys(headPaths)) {
    if (!baseKeys.has(templateKey(headPath))) {
      report(
        { ...ctx, pointer: pointerTo('#/paths', headPath) },
        'path-added',
        headPath,
        `New path ${headPath}.`,
      );
    }
  }
}

/** A removed path: announced when all its operations were, waived when none of them was stable. */
function reportPathRemoved(ctx: Context, basePath: string, baseItem: Node): void {
  const methods = METHODS.filter((m) => isNode(baseItem[m]));
  const { kind, note } = removalKind(ctx, pathDeprecation(ctx, baseItem), 'path-removed');
  const list = methods.map((m) => m.toUpperCase()).join(', ') || 'no operations';
  const ops = methods.map((m) => baseItem[m] as Node);
  const level = ops.length > 0 && ops.every((op) => stabilityOf(op) !== 'stable') ? (ops[0] as Node) : {};
  withinStability(ctx, level, () =>
    report({ ...ctx, pointer: '#/paths' }, kind, basePath, `Path ${basePath} was removed (${list}).${note}`),
  );
}

/** What is compared for an operation both sides have, in report order. */
const OPERATION_STEPS: readonly OperationStep[] = [
  diffStability,
  diffOperationDeprecation,
  diffOperationMetadata,
  diffServers,
  diffSecurity,
  diffParameters,
  diffRequestBody,
  diffResponses,
];

function diffOperationDeprecation(ctx: Context, { baseOp, headOp }: OperationPair): void {
  const before = deprecationOf(ctx.base, baseOp);
  const after = deprecationOf(ctx.head, headOp);
  diffDeprecation(ctx, `Operation ${ctx.operation}`, 'operation', before, after);
}

// A removed path was announced when every operation on it was: the latest sunset is the path's.
function pathDeprecation(ctx: Context, item: Node): Deprecation {
  const all = METHODS.filter((m) => isNode(item[m])).map((m) => deprecationOf(ctx.base, item[m]));
  const sunsets = all.map((d) => d.sunset);
  if (all.length === 0 || all.some((d) => !d.deprecated) || sunsets.includes(undefined)) {
    return { deprecated: false };
  }
  return { deprecated: true, sunset: (sunsets as string[]).sort().at(-1) as string };
}
