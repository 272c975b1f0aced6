import { type Context, type OperationPair, report } from './context.ts';
import type { Node } from './resolve.ts';

/** `x-stability-level` values, least stable first. */
export const STABILITY_LEVELS = ['draft', 'alpha', 'beta', 'stable'] as const;

/** An operation's stability level. */
export type StabilityLevel = (typeof STABILITY_LEVELS)[number];

/** An operation's `x-stability-level`; no (or an unknown) value means `stable`, the safe reading. */
export function stabilityOf(op: Node): StabilityLevel {
  const level = op['x-stability-level'];
  return STABILITY_LEVELS.includes(level as StabilityLevel) ? (level as StabilityLevel) : 'stable';
}

/** Reports an operation's promotion (beta -> stable) or demotion (stable -> beta). */
export function diffStability(ctx: Context, { baseOp, headOp }: OperationPair): void {
  const before = stabilityOf(baseOp);
  const after = stabilityOf(headOp);
  const rank = (level: StabilityLevel) => STABILITY_LEVELS.indexOf(level);
  if (rank(after) > rank(before)) {
    report(ctx, 'stability-increased', 'x-stability-level', `Promoted from ${before} to ${after}.`, {
      before,
      after,
    });
  } else if (rank(after) < rank(before)) {
    report(
      ctx,
      'stability-decreased',
      'x-stability-level',
      `Demoted from ${before} to ${after}: clients relied on ${before} guarantees.`,
      { before, after },
    );
  }
}

/**
 * Marks the changes `record` makes as belonging to a draft/alpha/beta operation (by its base level):
 * the policy reports them without failing the gate. A demotion is itself reported by
 * {@link diffStability} from a stable base, so it is never exempt.
 */
export function withinStability(ctx: Context, baseOp: Node, record: () => void): void {
  const level = stabilityOf(baseOp);
  const first = ctx.out.length;
  record();
  if (level === 'stable') return;
  for (const change of ctx.out.slice(first)) change.stability = level;
}
