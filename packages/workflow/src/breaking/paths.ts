import { diffRequestBody, diffResponses } from './bodies.ts';
import { type Context, METHODS, type OperationStep, obj, pointerTo, report, templateKey } from './context.ts';
import { diffParameters } from './parameters.ts';
import { isNode } from './resolve.ts';
import { diffSecurity } from './security.ts';

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
      const methods = METHODS.filter((m) => isNode(baseItem[m])).map((m) => m.toUpperCase());
      report(
        { ...ctx, pointer: '#/paths' },
        'path-removed',
        basePath,
        `Path ${basePath} was removed (${methods.join(', ') || 'no operations'}).`,
      );
      continue;
    }
    const headItem = ctx.head.resolve(headPaths[headPath]).node;
    for (const method of METHODS) {
      const baseOp = baseItem[method];
      const headOp = headItem[method];
      const name = `${method.toUpperCase()} ${headPath}`;
      const pointer = pointerTo('#/paths', headPath, method);
      if (isNode(baseOp) && !isNode(headOp)) {
        report(
          { ...ctx, operation: name, pointer: pointerTo('#/paths', headPath) },
          'operation-removed',
          'operation',
          `Operation ${name} was removed.`,
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
        for (const step of OPERATION_STEPS) step({ ...ctx, operation: name, pointer }, pair);
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

/** What is compared for an operation both sides have, in report order. */
const OPERATION_STEPS: readonly OperationStep[] = [
  diffSecurity,
  diffParameters,
  diffRequestBody,
  diffResponses,
];
