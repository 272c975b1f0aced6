import type { Context, DiffOptions } from './context.ts';
import { diffPaths } from './paths.ts';
import { isNode, Resolver } from './resolve.ts';
import type { Change } from './rules.ts';
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
    today: options.today ?? new Date().toISOString().slice(0, 10),
    minSunsetDays: options.minSunsetDays ?? 0,
  };
  diffSecuritySchemes(ctx);
  diffPaths(ctx);
  return sortChanges(ctx.out);
}

/** Breaking changes first, then by operation and location, so the table reads top-down. */
export function sortChanges(changes: Change[]): Change[] {
  return [...changes].sort(
    (a, b) =>
      Number(a.severity !== 'breaking') - Number(b.severity !== 'breaking') ||
      (a.operation ?? '').localeCompare(b.operation ?? '') ||
      a.location.localeCompare(b.location) ||
      a.kind.localeCompare(b.kind),
  );
}
