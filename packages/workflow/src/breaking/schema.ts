import { diffConditions } from './conditions.ts';
import { type Context, type Direction, pointerTo, report } from './context.ts';
import { diffDiscriminator } from './discriminator.ts';
import { diffDocumentation } from './documentation.ts';
import { deprecationOf, diffDeprecation, removalKind } from './lifecycle.ts';
import type { Resolver } from './resolve.ts';
import { type Shape, shapeOf } from './shape.ts';
import { diffAdditionalProperties, diffBounds, diffDefault, diffEnums, diffTypes } from './values.ts';

/**
 * Compares two schemas on one side of the wire, recursing into properties, items and variants:
 * requests break when they accept less, responses when they may send more.
 */
export function diffSchema(
  outer: Context,
  direction: Direction,
  baseRaw: unknown,
  headRaw: unknown,
  where: string,
  stack: Set<string>,
): void {
  if (baseRaw === undefined || headRaw === undefined) return;
  const baseRef = outer.base.resolve(baseRaw).ref;
  const headRef = outer.head.resolve(headRaw).ref;
  // Recursive schemas (a tree of nodes) would otherwise be walked forever.
  const pair = `${baseRef ?? ''}|${headRef ?? ''}`;
  if ((baseRef !== undefined || headRef !== undefined) && stack.has(pair)) return;
  const innerStack = new Set(stack).add(pair);

  const base = shapeOf(outer.base, baseRaw);
  const head = shapeOf(outer.head, headRaw, outer.pointer);
  const ctx = { ...outer, pointer: head.pointer };

  diffTypes(ctx, direction, base, head, where);
  diffEnums(ctx, direction, base, head, where);
  diffBounds(ctx, direction, base.node, head.node, where);
  diffAdditionalProperties(ctx, direction, base, head, where);
  diffConditions(ctx, direction, base, head, where);
  diffDefault(ctx, base.node, head.node, where);
  diffDiscriminator(ctx, base.node, head.node, where);
  diffDocumentation(ctx, `Schema ${where}`, where, base.node, head.node);

  diffProperties(ctx, direction, base, head, where, innerStack);
  if (base.items !== undefined && head.items !== undefined) {
    const items = { ...ctx, pointer: head.at.get('items') ?? ctx.pointer };
    diffSchema(items, direction, base.items, head.items, `${where}[]`, innerStack);
  }
  diffVariants(ctx, direction, base, head, where, innerStack);
}

function diffProperties(
  parent: Context,
  direction: Direction,
  base: Shape,
  head: Shape,
  where: string,
  stack: Set<string>,
): void {
  // readOnly properties are never sent, writeOnly ones never received: skip them on that side.
  const skip = (resolver: Resolver, raw: unknown) => {
    const node = resolver.resolve(raw).node;
    return direction === 'response' ? node.writeOnly === true : node.readOnly === true;
  };
  const propertyContext = (name: string) => ({
    ...parent,
    pointer: head.at.get(`property:${name}`) ?? pointerTo(head.pointer, 'properties', name),
  });
  for (const [name, baseProp] of base.properties) {
    const at = `${where}.${name}`;
    const ctx = propertyContext(name);
    const headProp = head.properties.get(name);
    const hiddenBefore = skip(ctx.base, baseProp);
    if (headProp !== undefined && hiddenBefore !== skip(ctx.head, headProp)) {
      // readOnly matters to requests, writeOnly to responses: each flip is reported on its side.
      const flag = direction === 'response' ? 'writeOnly' : 'readOnly';
      report(
        ctx,
        hiddenBefore ? 'property-access-relaxed' : 'property-access-restricted',
        at,
        `Property ${at} ${hiddenBefore ? `is no longer ${flag}` : `became ${flag}`}.`,
      );
      continue;
    }
    if (hiddenBefore) continue;
    const before = deprecationOf(ctx.base, baseProp);
    if (headProp === undefined) {
      const side = direction === 'response' ? 'Response' : 'Request';
      const plain = direction === 'response' ? 'response-property-removed' : 'request-property-removed';
      const { kind, note } = removalKind(ctx, before, plain);
      report(ctx, kind, at, `${side} property ${at} was removed.${note}`);
      continue;
    }
    diffDeprecation(ctx, `Property ${at}`, at, before, deprecationOf(ctx.head, headProp));
    const wasRequired = base.required.has(name);
    const isRequired = head.required.has(name);
    if (direction === 'response') {
      if (wasRequired && !isRequired) {
        report(ctx, 'response-property-became-optional', at, `Response property ${at} may now be missing.`);
      } else if (!wasRequired && isRequired) {
        report(
          ctx,
          'response-property-became-required',
          at,
          `Response property ${at} is now always present.`,
        );
      }
    } else if (!wasRequired && isRequired) {
      report(ctx, 'request-property-became-required', at, `Request property ${at} is now required.`);
    } else if (wasRequired && !isRequired) {
      report(ctx, 'request-property-became-optional', at, `Request property ${at} is now optional.`);
    }
    diffSchema(ctx, direction, baseProp, headProp, at, stack);
  }
  for (const [name, headProp] of head.properties) {
    if (base.properties.has(name) || skip(parent.head, headProp)) continue;
    const at = `${where}.${name}`;
    const ctx = propertyContext(name);
    if (direction === 'response') {
      report(ctx, 'response-property-added', at, `New response property ${at}.`);
    } else if (head.required.has(name)) {
      report(ctx, 'request-property-required-added', at, `New required request property ${at}.`);
    } else {
      report(ctx, 'request-property-added', at, `New optional request property ${at}.`);
    }
  }
}

function diffVariants(
  ctx: Context,
  direction: Direction,
  base: Shape,
  head: Shape,
  where: string,
  stack: Set<string>,
): void {
  if (!base.variants || !head.variants) return;
  const headByKey = new Map(head.variants.list.map((v) => [v.key, v.schema]));
  const baseKeys = new Set(base.variants.list.map((v) => v.key));
  for (const { key, schema } of base.variants.list) {
    const next = headByKey.get(key);
    const at = `${where}<${key}>`;
    if (next === undefined) {
      report(
        ctx,
        direction === 'response' ? 'response-variant-removed' : 'request-variant-removed',
        at,
        `${where} lost the ${key} variant.`,
      );
    } else {
      diffSchema(
        { ...ctx, pointer: head.at.get(`variant:${key}`) ?? ctx.pointer },
        direction,
        schema,
        next,
        at,
        stack,
      );
    }
  }
  for (const { key } of head.variants.list) {
    if (baseKeys.has(key)) continue;
    report(
      { ...ctx, pointer: head.at.get(`variant:${key}`) ?? ctx.pointer },
      direction === 'response' ? 'response-variant-added' : 'request-variant-added',
      `${where}<${key}>`,
      `${where} gained the ${key} variant.`,
    );
  }
}
