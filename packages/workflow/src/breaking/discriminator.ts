import { type Context, obj, report } from './context.ts';
import type { Node } from './resolve.ts';

/**
 * A discriminator's `propertyName`, or the value a variant is mapped from: clients (and the SDK's
 * narrowed unions) pick the variant by it, so either change breaks them on both sides of the wire.
 * A mapping entry that is added or removed with its variant is reported as a variant change instead.
 */
export function diffDiscriminator(ctx: Context, base: Node, head: Node, where: string): void {
  const before = obj(base.discriminator);
  const after = obj(head.discriminator);
  if (before.propertyName === undefined || after.propertyName === undefined) return;
  const changes: string[] = [];
  if (before.propertyName !== after.propertyName) {
    changes.push(`property ${String(before.propertyName)} -> ${String(after.propertyName)}`);
  }
  const headValueOf = new Map(Object.entries(obj(after.mapping)).map(([value, ref]) => [String(ref), value]));
  for (const [value, ref] of Object.entries(obj(before.mapping))) {
    const now = headValueOf.get(String(ref));
    if (now !== undefined && now !== value) changes.push(`${String(ref)} mapped from ${value} -> ${now}`);
  }
  if (changes.length > 0) {
    report(ctx, 'discriminator-changed', where, `${where}: discriminator changed (${changes.join('; ')}).`, {
      after: changes,
    });
  }
}
