import { type Context, report } from './context.ts';
import type { Node } from './resolve.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Documentation-only changes of one element (operation, parameter, schema, response, media type):
 * `summary`/`description` and `example`/`examples`. They change no wire format and no SDK type, only
 * the JSDoc and the reference page, so they are `info` (a patch release).
 */
export function diffDocumentation(
  ctx: Context,
  what: string,
  location: string,
  base: Node,
  head: Node,
): void {
  const changed = (['summary', 'description'] as const).filter((field) => !same(base[field], head[field]));
  // Each points at the changed field itself, so an annotation lands on that line.
  if (changed.length > 0) {
    const at = { ...ctx, pointer: `${ctx.pointer}/${changed[0]}` };
    const pick = (node: Node) => changed.map((field) => node[field] ?? null);
    report(at, 'description-changed', location, `${what}: ${changed.join(' and ')} changed.`, {
      before: pick(base),
      after: pick(head),
    });
  }
  const examples = (['example', 'examples'] as const).filter((field) => !same(base[field], head[field]));
  if (examples.length > 0) {
    const at = { ...ctx, pointer: `${ctx.pointer}/${examples[0]}` };
    const pick = (node: Node) => examples.map((field) => node[field] ?? null);
    report(at, 'example-changed', location, `${what}: examples changed.`, {
      before: pick(base),
      after: pick(head),
    });
  }
}
