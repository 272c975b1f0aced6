import { type Context, DEFAULT_MIN_SUNSET_DAYS, type DiffOptions } from './context.ts';
import { diffPaths } from './paths.ts';
import { isNode, Resolver } from './resolve.ts';
import { type Change, SEVERITIES } from './rules.ts';
import { diffSecuritySchemes } from './security.ts';

/**
 * Lists every change between two bundled OpenAPI 3.x documents, each classified by {@link RULES}.
 * Both documents should be bundles (all external refs inlined); local `$ref`s are followed lazily.
 */
export function diffSpecs(base: unknown, head: unknown, options: DiffOptions = {}): Change[] {
  const ctx: Context = {
    base: new Resolver(isNode(base) ? base : {}),
    head: new Resolver(isNode(head) ? head : {}),
    out: [],
    pointer: '#',
    today: options.today ?? new Date().toISOString().slice(0, 10),
    minSunsetDays: options.minSunsetDays ?? DEFAULT_MIN_SUNSET_DAYS,
  };
  diffSecuritySchemes(ctx);
  diffPaths(ctx);
  return sortChanges(ctx.out);
}

// By UTF-16 code units, not localeCompare: the report's order must not depend on the ICU locale.
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then by operation and location, so the table reads top-down. */
export function sortChanges<T extends Change>(changes: readonly T[]): T[] {
  return [...changes].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      byCodeUnits(a.operation ?? '', b.operation ?? '') ||
      byCodeUnits(a.location, b.location) ||
      byCodeUnits(a.kind, b.kind),
  );
}
