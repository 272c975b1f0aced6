import { type Context, type Direction, pointerTo, report } from './context.ts';
import type { Node } from './resolve.ts';
import type { ChangeKind } from './rules.ts';
import { allows, type Shape } from './shape.ts';

/** The type-narrowed or type-widened rule of this side of the wire. */
export function typeChangeKind(direction: Direction, narrowed: boolean): ChangeKind {
  if (direction === 'response') {
    return narrowed ? 'response-property-type-narrowed' : 'response-property-type-widened';
  }
  return narrowed
    ? kindFor(direction, 'request-property-type-narrowed', 'parameter-type-narrowed')
    : kindFor(direction, 'request-property-type-widened', 'parameter-type-widened');
}

/** The rule for a parameter, else the request rule (parameters and request bodies narrow alike). */
export function kindFor(direction: Direction, request: ChangeKind, parameter: ChangeKind): ChangeKind {
  return direction === 'parameter' ? parameter : request;
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;

export function diffTypes(ctx: Context, direction: Direction, base: Shape, head: Shape, where: string): void {
  // An enum change is reported by diffEnums; its derived types would only repeat it.
  if (base.enumValues && head.enumValues) return;
  const describe = (s: Set<string> | undefined) => (s === undefined ? 'any' : [...s].sort().join('|'));
  const lost =
    base.types === undefined ? head.types !== undefined : [...base.types].some((t) => !allows(head.types, t));
  const gained =
    head.types === undefined
      ? base.types !== undefined
      : [...head.types].filter((t) => !allows(base.types, t));
  const gainedList = Array.isArray(gained) ? gained : gained ? ['any'] : [];
  const change = `type ${describe(base.types)} -> ${describe(head.types)}`;
  const typeValues = { before: describe(base.types), after: describe(head.types) };
  if (direction === 'response') {
    if (gainedList.length > 0) {
      const onlyNull = gainedList.length === 1 && gainedList[0] === 'null';
      report(
        ctx,
        onlyNull ? 'response-property-became-nullable' : 'response-property-type-widened',
        where,
        onlyNull ? `${where} may now be null.` : `${where} may now have another type (${change}).`,
        typeValues,
      );
    } else if (lost) {
      report(
        ctx,
        'response-property-type-narrowed',
        where,
        `${where} has fewer possible types (${change}).`,
        typeValues,
      );
    }
    return;
  }
  if (lost) {
    report(
      ctx,
      kindFor(direction, 'request-property-type-narrowed', 'parameter-type-narrowed'),
      where,
      `${where} accepts fewer types (${change}).`,
      typeValues,
    );
  } else if (gainedList.length > 0) {
    report(
      ctx,
      kindFor(direction, 'request-property-type-widened', 'parameter-type-widened'),
      where,
      `${where} accepts more types (${change}).`,
      typeValues,
    );
  }
}

export function diffEnums(ctx: Context, direction: Direction, base: Shape, head: Shape, where: string): void {
  const b = base.enumValues;
  const h = head.enumValues;
  if (b === undefined && h === undefined) return;
  if (b === undefined || h === undefined) {
    // An enum appeared (fewer values allowed) or disappeared (more values allowed).
    const narrowed = b === undefined;
    report(
      ctx,
      typeChangeKind(direction, narrowed),
      where,
      `${where} ${narrowed ? 'is now restricted to an enum' : 'is no longer restricted to an enum'}.`,
    );
    return;
  }
  const removed = [...b].filter((v) => !h.has(v));
  const added = [...h].filter((v) => !b.has(v));
  if (direction === 'response') {
    if (added.length > 0) {
      // Open only when it already was: declaring the enum extensible in the same change that adds a value
      // would let the addition through unreviewed.
      const kind =
        base.extensibleEnum && head.extensibleEnum
          ? 'response-extensible-enum-value-added'
          : 'response-enum-value-added';
      report(ctx, kind, where, `${where} may now be ${added.join(', ')}.`, { after: added });
    }
    if (removed.length > 0) {
      report(ctx, 'response-enum-value-removed', where, `${where} is never ${removed.join(', ')} any more.`, {
        before: removed,
      });
    }
    return;
  }
  if (removed.length > 0) {
    report(
      ctx,
      kindFor(direction, 'request-enum-value-removed', 'parameter-type-narrowed'),
      where,
      `${where} no longer accepts ${removed.join(', ')}.`,
      { before: removed },
    );
  }
  if (added.length > 0) {
    report(
      ctx,
      kindFor(direction, 'request-enum-value-added', 'parameter-type-widened'),
      where,
      `${where} now also accepts ${added.join(', ')}.`,
      { after: added },
    );
  }
}

/**
 * Bounds (length, range, item and property counts, pattern, format). A request or parameter breaks
 * when they tighten; a response when they loosen, since clients (and the SDK's opt-in response
 * validation) rely on the documented bounds. A pattern or format added or dropped is provably tighter
 * or looser; one replaced by another is not, and is `pattern-changed` (a warning) on either side.
 * Each report points at the first keyword that changed, so an annotation lands on its line.
 */
export function diffBounds(
  outer: Context,
  direction: Direction,
  base: Node,
  head: Node,
  where: string,
): void {
  const changes = classifyBounds(base, head);
  const { tighter, looser, replaced } = changes;
  const at = (list: string[]) => firstChangedAt(outer, head, changes.changedFields, list);
  const response = direction === 'response';
  if (replaced.length > 0) {
    // One regex (or format) for another: whether it matches more or less is not provable here.
    report(
      at(replaced),
      'pattern-changed',
      where,
      `${where}: ${replaced.join(', ')}; check that every value ${response ? 'sent' : 'clients send'} still matches.`,
      { before: replaced },
    );
  }
  if (response) {
    if (looser.length > 0) {
      report(
        at(looser),
        'response-property-bounds-widened',
        where,
        `${where} may break its former bounds (${looser.join(', ')}).`,
        { after: looser },
      );
    } else if (tighter.length > 0) {
      report(
        at(tighter),
        'response-property-bounds-narrowed',
        where,
        `${where} keeps to tighter bounds (${tighter.join(', ')}).`,
        { after: tighter },
      );
    }
    return;
  }
  if (tighter.length > 0) {
    report(
      at(tighter),
      typeChangeKind(direction, true),
      where,
      `${where} accepts fewer values (${tighter.join(', ')}).`,
      { after: tighter },
    );
  } else if (looser.length > 0) {
    report(
      at(looser),
      typeChangeKind(direction, false),
      where,
      `${where} accepts more values (${looser.join(', ')}).`,
      { after: looser },
    );
  }
}

/** The bound keywords that changed, each as `field before -> after`, sorted by which way it moved. */
interface BoundChanges {
  tighter: string[];
  looser: string[];
  /** A pattern or format replaced by another: neither provably tighter nor looser. */
  replaced: string[];
  /** The keywords that changed, in the order checked. */
  changedFields: string[];
}

function classifyBounds(base: Node, head: Node): BoundChanges {
  const changes: BoundChanges = { tighter: [], looser: [], replaced: [], changedFields: [] };
  const fmt = (field: string, b: unknown, h: unknown) =>
    `${field} ${String(b ?? 'none')} -> ${String(h ?? 'none')}`;
  for (const [fields, isTighter] of [
    [LOWER_BOUNDS, (b: number, h: number) => h > b],
    [UPPER_BOUNDS, (b: number, h: number) => h < b],
  ] as const) {
    for (const field of fields) {
      const b = base[field];
      const h = head[field];
      if (b === h) continue;
      changes.changedFields.push(field);
      if (typeof h === 'number' && (typeof b !== 'number' || isTighter(b, h))) {
        changes.tighter.push(fmt(field, b, h));
      } else changes.looser.push(fmt(field, b, h));
    }
  }
  for (const field of ['pattern', 'format'] as const) {
    const b = base[field];
    const h = head[field];
    if (b === h) continue;
    changes.changedFields.push(field);
    if (h === undefined) changes.looser.push(fmt(field, b, h));
    else if (b === undefined) changes.tighter.push(fmt(field, b, h));
    else changes.replaced.push(fmt(field, b, h));
  }
  return changes;
}

/**
 * Where a report about `list` points: the first changed keyword it names, so an annotation lands on
 * that keyword's line; a removed keyword has no line of its own, so its report points at the schema.
 */
function firstChangedAt(outer: Context, head: Node, changedFields: string[], list: string[]): Context {
  const field = changedFields.find((f) => list.some((entry) => entry.startsWith(`${f} `)));
  return field === undefined || head[field] === undefined
    ? outer
    : { ...outer, pointer: pointerTo(outer.pointer, field) };
}

/**
 * `additionalProperties: false` added or dropped: a closed request refuses what it used to ignore,
 * an opened response may carry properties a closed client type does not have.
 */
export function diffAdditionalProperties(
  ctx: Context,
  direction: Direction,
  base: Shape,
  head: Shape,
  where: string,
): void {
  const wasClosed = base.additionalProperties === false;
  const isClosed = head.additionalProperties === false;
  if (wasClosed === isClosed) return;
  const message = isClosed
    ? `${where} no longer accepts unknown properties (additionalProperties: false).`
    : `${where} may now hold properties it does not list (additionalProperties no longer false).`;
  report(ctx, typeChangeKind(direction, isClosed), where, message);
}

/** A changed `default`: a client that omits the value silently gets another behaviour. */
export function diffDefault(ctx: Context, base: Node, head: Node, where: string): void {
  if (JSON.stringify(base.default) === JSON.stringify(head.default)) return;
  const show = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));
  report(
    ctx,
    'default-value-changed',
    where,
    `${where}: default ${show(base.default)} -> ${show(head.default)}.`,
    { before: base.default ?? null, after: head.default ?? null },
  );
}
