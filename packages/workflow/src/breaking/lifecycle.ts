import { parseLifecycleDate } from '@phone-api/spec/lifecycle-dates';
import { type Context, report } from './context.ts';
import { isNode, type Node, type Resolver } from './resolve.ts';
import type { ChangeKind } from './rules.ts';

/**
 * The deprecation lifecycle: an operation, parameter or property is deprecated with
 * `deprecated: true` and announces when it goes with `x-sunset` (an RFC 3339 date). The gate refuses
 * a deprecation without a sunset far enough ahead (the policy's `minSunsetDays`), flags a sunset
 * moved earlier, and tells a removal before the sunset (a broken promise) from one after it (an
 * announced removal: a major release still, but no surprise).
 */
export interface Deprecation {
  deprecated: boolean;
  /** `YYYY-MM-DD`, when `x-sunset` holds a valid date. */
  sunset?: string;
  /** The raw `x-sunset`, for messages about an invalid one. */
  rawSunset?: unknown;
}

/**
 * Reads the deprecation of an element. For a `$ref`'d schema the keywords may sit beside the `$ref`
 * (OpenAPI 3.1) or in the target; the sibling wins.
 */
export function deprecationOf(resolver: Resolver, raw: unknown): Deprecation {
  const target = resolver.resolve(raw).node;
  const sibling: Node = isNode(raw) ? raw : {};
  const deprecated = (sibling.deprecated ?? target.deprecated) === true;
  const rawSunset = sibling['x-sunset'] ?? target['x-sunset'];
  const sunset = toDate(rawSunset);
  return { deprecated, ...(sunset ? { sunset } : {}), ...(rawSunset === undefined ? {} : { rawSunset }) };
}

// The spec package owns the reading of its lifecycle extensions; a date-time counts by its UTC date.
const toDate = (value: unknown): string | undefined => parseLifecycleDate(value)?.date;

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * The kind of a removal: `removed-before-sunset` or `removed-after-sunset` when the base announced a
 * sunset for the element, else the plain removal rule.
 */
export function removalKind(
  ctx: Context,
  base: Deprecation,
  plain: ChangeKind,
): { kind: ChangeKind; note: string } {
  if (!base.deprecated || base.sunset === undefined) return { kind: plain, note: '' };
  return base.sunset <= ctx.today
    ? { kind: 'removed-after-sunset', note: ` Announced removal: its sunset ${base.sunset} has passed.` }
    : {
        kind: 'removed-before-sunset',
        note: ` It was deprecated with a sunset of ${base.sunset}, still ahead.`,
      };
}

/** Compares the deprecation of one element (`what` names it in messages) on both sides. */
export function diffDeprecation(
  ctx: Context,
  what: string,
  location: string,
  base: Deprecation,
  head: Deprecation,
): void {
  if (!base.deprecated && head.deprecated) {
    const problem = graceProblem(ctx, head);
    if (problem) {
      report(ctx, 'deprecation-without-grace-period', location, `${what} is deprecated ${problem}.`, {
        after: head.rawSunset ?? null,
      });
    } else {
      report(ctx, 'deprecation-added', location, `${what} is deprecated; sunset ${head.sunset}.`, {
        after: head.sunset,
      });
    }
  } else if (base.deprecated && !head.deprecated) {
    report(ctx, 'deprecation-removed', location, `${what} is no longer deprecated.`);
  } else if (base.deprecated && base.sunset && head.sunset === undefined) {
    report(
      ctx,
      'sunset-removed',
      location,
      `${what} stays deprecated but no longer announces a sunset (was ${base.sunset}): clients lose the date they plan by.`,
      { before: base.sunset },
    );
  } else if (base.deprecated && base.sunset && head.sunset && head.sunset < base.sunset) {
    report(
      ctx,
      'sunset-moved-earlier',
      location,
      `${what}'s sunset moved earlier, from ${base.sunset} to ${head.sunset}: clients planned on the first date.`,
      { before: base.sunset, after: head.sunset },
    );
  }
}

function graceProblem(ctx: Context, head: Deprecation): string | undefined {
  const min = ctx.minSunsetDays;
  if (head.sunset === undefined) {
    return head.rawSunset === undefined
      ? `without a sunset (add x-sunset: YYYY-MM-DD, at least ${min} days ahead)`
      : `with an x-sunset that is not an RFC 3339 date (${JSON.stringify(head.rawSunset)})`;
  }
  const days = daysBetween(ctx.today, head.sunset);
  return days < min
    ? `with a sunset ${days} days away (${head.sunset}); the policy asks for at least ${min} days`
    : undefined;
}
