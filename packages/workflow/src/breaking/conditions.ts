import { type Context, type Direction, report } from './context.ts';
import type { Shape } from './shape.ts';

/** JSON with object keys sorted, so that reordering keys is no change. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/**
 * `if`/`then`/`else`, `not`, `dependentRequired`, `dependentSchemas`: whether an edit to them accepts
 * more or less is not decidable in general, so any change is reported, as breaking for what clients
 * send (a body that passed may now be refused) and as a warning for what they receive.
 */
export function diffConditions(
  ctx: Context,
  direction: Direction,
  base: Shape,
  head: Shape,
  where: string,
): void {
  const changed = [...new Set([...base.conditions.keys(), ...head.conditions.keys()])].filter(
    (key) => canonical(base.conditions.get(key)?.value) !== canonical(head.conditions.get(key)?.value),
  );
  if (changed.length === 0) return;
  const first = changed.map((key) => head.conditions.get(key)).find((c) => c !== undefined);
  const values = (shape: Shape) =>
    Object.fromEntries(changed.map((key) => [key, shape.conditions.get(key)?.value ?? null]));
  const what = changed.join(', ');
  report(
    { ...ctx, pointer: first?.pointer ?? ctx.pointer },
    direction === 'response' ? 'response-schema-condition-changed' : 'request-schema-condition-changed',
    where,
    direction === 'response'
      ? `${where}: ${what} changed; what it may send can differ (the gate cannot tell whether more or less).`
      : `${where}: ${what} changed; it may refuse what it accepted (the gate cannot tell whether more or less).`,
    { before: values(base), after: values(head) },
  );
}
