import { diffRequestBody, diffResponses } from './bodies.ts';
import { type Context, METHODS, obj, report, templateKey } from './context.ts';
import { diffParameters } from './parameters.ts';
import { isNode, type Node } from './resolve.ts';
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
        ctx,
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
      if (isNode(baseOp) && !isNode(headOp)) {
        report(
          { ...ctx, operation: name },
          'operation-removed',
          'operation',
          `Operation ${name} was removed.`,
        );
      } else if (!isNode(baseOp) && isNode(headOp)) {
        report({ ...ctx, operation: name }, 'operation-added', 'operation', `New operation ${name}.`);
      } else if (isNode(baseOp) && isNode(headOp)) {
        diffOperation({ ...ctx, operation: name }, basePath, baseItem, baseOp, headPath, headItem, headOp);
      }
    }
  }
  for (const headPath of Object.keys(headPaths)) {
    if (!baseKeys.has(templateKey(headPath))) {
      report(ctx, 'path-added', headPath, `New path ${headPath}.`);
    }
  }
}

function diffOperation(
  ctx: Context,
  basePath: string,
  baseItem: Node,
  baseOp: Node,
  headPath: string,
  headItem: Node,
  headOp: Node,
): void {
  diffSecurity(ctx, baseOp, headOp);
  diffParameters(ctx, basePath, baseItem, baseOp, headPath, headItem, headOp);
  diffRequestBody(ctx, baseOp.requestBody, headOp.requestBody);
  diffResponses(ctx, obj(baseOp.responses), obj(headOp.responses));
}
