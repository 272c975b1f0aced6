import { type Context, type OperationPair, report } from './context.ts';
import { diffDocumentation } from './documentation.ts';

const tagsOf = (op: Record<string, unknown>) => (Array.isArray(op.tags) ? op.tags.map(String) : []);

/**
 * What names and groups an operation: its `operationId` (the SDK's method and `operations["..."]`
 * key, so a rename breaks code that names it), its tags (the reference page's grouping) and its text.
 */
export function diffOperationMetadata(ctx: Context, { baseOp, headOp }: OperationPair): void {
  const before = baseOp.operationId;
  const after = headOp.operationId;
  if (before !== undefined && before !== after) {
    report(
      ctx,
      'operation-id-changed',
      'operationId',
      `operationId changed from ${String(before)} to ${String(after ?? 'none')}: code naming it (SDK methods, operations["${String(before)}"]) breaks.`,
      { before, after: after ?? null },
    );
  }
  const lost = tagsOf(baseOp).filter((t) => !tagsOf(headOp).includes(t));
  const gained = tagsOf(headOp).filter((t) => !tagsOf(baseOp).includes(t));
  if (lost.length > 0 || gained.length > 0) {
    const parts = [...lost.map((t) => `-${t}`), ...gained.map((t) => `+${t}`)];
    report(ctx, 'tags-changed', 'tags', `Tags changed (${parts.join(', ')}).`, {
      before: lost,
      after: gained,
    });
  }
  diffDocumentation(ctx, `Operation ${ctx.operation}`, 'operation', baseOp, headOp);
}
