import { isNode, type Node, Resolver } from './resolve.ts';
import { type Change, type ChangeKind, RULES } from './rules.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Which side of the wire a schema is on: requests break by narrowing, responses by widening. */
type Direction = 'request' | 'response' | 'parameter';

interface Context {
  base: Resolver;
  head: Resolver;
  out: Change[];
  operation?: string;
}

/**
 * Lists every change between two bundled OpenAPI 3.x documents, each classified by {@link RULES}.
 * Both documents should be bundles (all external refs inlined); local `$ref`s are followed lazily.
 */
export function diffSpecs(base: unknown, head: unknown): Change[] {
  const ctx: Context = {
    base: new Resolver(isNode(base) ? base : {}),
    head: new Resolver(isNode(head) ? head : {}),
    out: [],
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

function report(ctx: Context, kind: ChangeKind, location: string, message: string): void {
  ctx.out.push({
    kind,
    severity: RULES[kind].severity,
    ...(ctx.operation === undefined ? {} : { operation: ctx.operation }),
    location,
    message,
  });
}

function obj(value: unknown): Node {
  return isNode(value) ? value : {};
}

// Path templates match regardless of parameter names: renaming `{id}` does not change the URL.
function templateKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

function diffPaths(ctx: Context): void {
  const basePaths = obj(ctx.base.root.paths);
  const headPaths = obj(ctx.head.root.paths);
  const headByKey = new Map(Object.keys(headPaths).map((p) => [templateKey(p), p]));
  const baseKeys = new Set(Object.keys(basePaths).map(templateKey));

  for (const basePath of Object.keys(basePaths)) {
    const headPath = headByKey.get(templateKey(basePath));
    const baseItem = ctx.base.resolve(basePaths[basePath]).node;
    if (headPath === undefined) {
      const methods = METHODS.filter((m) => isNode(baseItem[m])).map((m) => m.toUpperCase());
      report(
        ctx,
        'path-removed',
        basePath,
        `Path ${basePath} was removed (${methods.join(', ') || 'no operations'}).`,
      );
      continue;
    }
    const headItem = ctx.head.resolve(headPaths[headPath]).node;
    for (const method of METHODS) {
      const baseOp = baseItem[method];
      const headOp = headItem[method];
      const name = `${method.toUpperCase()} ${headPath}`;
      if (isNode(baseOp) && !isNode(headOp)) {
        report(
          { ...ctx, operation: name },
          'operation-removed',
          'operation',
          `Operation ${name} was removed.`,
        );
      } else if (!isNode(baseOp) && isNode(headOp)) {
        report({ ...ctx, operation: name }, 'operation-added', 'operation', `New operation ${name}.`);
      } else if (isNode(baseOp) && isNode(headOp)) {
        diffOperation({ ...ctx, operation: name }, basePath, baseItem, baseOp, headPath, headItem, headOp);
      }
    }
  }
  for (const headPath of Object.keys(headPaths)) {
    if (!baseKeys.has(templateKey(headPath))) {
      report(ctx, 'path-added', headPath, `New path ${headPath}.`);
    }
  }
}

function diffOperation(
  ctx: Context,
  basePath: string,
  baseItem: Node,
  baseOp: Node,
  headPath: string,
  headItem: Node,
  headOp: Node,
): void {
  diffSecurity(ctx, baseOp, headOp);
  diffParameters(ctx, basePath, baseItem, baseOp, headPath, headItem, headOp);
  diffRequestBody(ctx, baseOp.requestBody, headOp.requestBody);
  diffResponses(ctx, obj(baseOp.responses), obj(headOp.responses));
}

// ---------------------------------------------------------------------------------------------------
// Security

function requirementKeys(op: Node, root: Node): Set<string> {
  const list = Array.isArray(op.security) ? op.security : Array.isArray(root.security) ? root.security : [];
  const keys = new Set<string>();
  for (const requirement of list) {
    const entries = Object.entries(obj(requirement))
      .map(
        ([name, scopes]) =>
          `${name}${Array.isArray(scopes) && scopes.length > 0 ? `[${[...scopes].sort().join(',')}]` : ''}`,
      )
      .sort();
    keys.add(entries.length === 0 ? '(none)' : entries.join(' + '));
  }
  return keys;
}

function diffSecurity(ctx: Context, baseOp: Node, headOp: Node): void {
  const before = requirementKeys(baseOp, ctx.base.root);
  const after = requirementKeys(headOp, ctx.head.root);
  const describe = (set: Set<string>) => (set.size === 0 ? 'no security' : [...set].join(' | '));
  // Anonymous access (`{}`) in the new spec accepts every old client.
  const openNow = after.size === 0 || after.has('(none)');
  const lost = openNow ? [] : before.size === 0 ? ['(none)'] : [...before].filter((k) => !after.has(k));
  if (lost.length > 0) {
    report(
      ctx,
      'security-changed',
      'security',
      `Security changed from ${describe(before)} to ${describe(after)}.`,
    );
  } else if ([...after].some((k) => !before.has(k)) && before.size > 0) {
    report(
      ctx,
      'security-alternative-added',
      'security',
      `Security now also accepts ${[...after].filter((k) => !before.has(k)).join(' | ')}.`,
    );
  }
}

function diffSecuritySchemes(ctx: Context): void {
  const baseSchemes = obj(obj(ctx.base.root.components).securitySchemes);
  const headSchemes = obj(obj(ctx.head.root.components).securitySchemes);
  for (const name of Object.keys(baseSchemes)) {
    if (!(name in headSchemes)) continue; // removal is reported per operation as security-changed
    const before = ctx.base.resolve(baseSchemes[name]).node;
    const after = ctx.head.resolve(headSchemes[name]).node;
    for (const field of ['type', 'scheme', 'in', 'name', 'openIdConnectUrl']) {
      const b = normalizeSchemeField(field, before[field]);
      const a = normalizeSchemeField(field, after[field]);
      if (b !== a) {
        report(
          ctx,
          'security-scheme-changed',
          `securitySchemes.${name}.${field}`,
          `Security scheme ${name}: ${field} changed from ${String(b)} to ${String(a)}.`,
        );
      }
    }
  }
}

// HTTP auth scheme names and header names are case-insensitive on the wire.
function normalizeSchemeField(field: string, value: unknown): unknown {
  return typeof value === 'string' && (field === 'scheme' || field === 'name') ? value.toLowerCase() : value;
}

// ---------------------------------------------------------------------------------------------------
// Parameters

interface Param {
  key: string;
  label: string;
  node: Node;
}

function collectParameters(resolver: Resolver, path: string, item: Node, op: Node): Map<string, Param> {
  const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const params = new Map<string, Param>();
  for (const raw of [
    ...(Array.isArray(item.parameters) ? item.parameters : []),
    ...(Array.isArray(op.parameters) ? op.parameters : []),
  ]) {
    const node = resolver.resolve(raw).node;
    const where = String(node.in ?? '');
    const name = String(node.name ?? '');
    // Path parameters are matched by position (a rename is invisible on the wire); headers ignore case.
    const key =
      where === 'path'
        ? `path:${templateNames.indexOf(name)}`
        : `${where}:${where === 'header' ? name.toLowerCase() : name}`;
    params.set(key, { key, label: `${where} parameter ${name}`, node }); // operation-level wins
  }
  return params;
}

function diffParameters(
  ctx: Context,
  basePath: string,
  baseItem: Node,
  baseOp: Node,
  headPath: string,
  headItem: Node,
  headOp: Node,
): void {
  const before = collectParameters(ctx.base, basePath, baseItem, baseOp);
  const after = collectParameters(ctx.head, headPath, headItem, headOp);
  for (const [key, param] of before) {
    const next = after.get(key);
    if (next === undefined) {
      report(ctx, 'parameter-removed', param.label, `The ${param.label} was removed.`);
      continue;
    }
    const wasRequired = param.node.required === true;
    const isRequired = next.node.required === true;
    if (!wasRequired && isRequired) {
      report(ctx, 'parameter-became-required', next.label, `The ${next.label} is now required.`);
    } else if (wasRequired && !isRequired) {
      report(ctx, 'parameter-became-optional', next.label, `The ${next.label} is now optional.`);
    }
    diffSchema(ctx, 'parameter', param.node.schema, next.node.schema, next.label, new Set());
  }
  for (const [key, param] of after) {
    if (before.has(key)) continue;
    if (param.node.required === true) {
      report(ctx, 'parameter-required-added', param.label, `New required ${param.label}.`);
    } else {
      report(ctx, 'parameter-added', param.label, `New optional ${param.label}.`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Request bodies and responses

function diffRequestBody(ctx: Context, baseRaw: unknown, headRaw: unknown): void {
  if (headRaw === undefined) return;
  const head = ctx.head.resolve(headRaw).node;
  if (baseRaw === undefined) {
    if (head.required === true) {
      report(
        ctx,
        'request-body-became-required',
        'request body',
        'The operation now requires a request body.',
      );
    }
    return;
  }
  const base = ctx.base.resolve(baseRaw).node;
  if (base.required !== true && head.required === true) {
    report(ctx, 'request-body-became-required', 'request body', 'The request body is now required.');
  }
  const baseContent = obj(base.content);
  const headContent = obj(head.content);
  for (const type of Object.keys(baseContent)) {
    if (!(type in headContent)) {
      report(
        ctx,
        'request-content-type-removed',
        `request ${type}`,
        `Request media type ${type} is no longer accepted.`,
      );
      continue;
    }
    diffSchema(
      ctx,
      'request',
      obj(baseContent[type]).schema,
      obj(headContent[type]).schema,
      `request ${type} body`,
      new Set(),
    );
  }
  for (const type of Object.keys(headContent)) {
    if (!(type in baseContent)) {
      report(
        ctx,
        'request-content-type-added',
        `request ${type}`,
        `Request media type ${type} is now accepted.`,
      );
    }
  }
}

const isSuccess = (status: string) => /^2(\d\d|XX)$/i.test(status);

function diffResponses(ctx: Context, base: Node, head: Node): void {
  const removed = Object.keys(base).filter((s) => !(s in head));
  const added = Object.keys(head).filter((s) => !(s in base));
  const removedSuccess = removed.filter(isSuccess);
  const addedSuccess = added.filter(isSuccess);
  // 200 -> 201 is one change (the success code moved), not a removal plus an addition.
  if (removedSuccess.length > 0 && addedSuccess.length > 0) {
    report(
      ctx,
      'success-status-changed',
      `response ${removedSuccess.join(',')}`,
      `Success status changed from ${removedSuccess.join(', ')} to ${addedSuccess.join(', ')}.`,
    );
  }
  const pairedSuccess = removedSuccess.length > 0 && addedSuccess.length > 0;
  for (const status of removed) {
    if (pairedSuccess && isSuccess(status)) continue;
    report(
      ctx,
      'response-status-removed',
      `response ${status}`,
      `Response ${status} is no longer documented.`,
    );
  }
  for (const status of added) {
    if (pairedSuccess && isSuccess(status)) continue;
    report(ctx, 'response-status-added', `response ${status}`, `New documented response ${status}.`);
  }
  for (const status of Object.keys(base)) {
    if (!(status in head)) continue;
    diffResponse(ctx, status, ctx.base.resolve(base[status]).node, ctx.head.resolve(head[status]).node);
  }
}

function diffResponse(ctx: Context, status: string, base: Node, head: Node): void {
  const lower = (headers: Node) => new Map(Object.keys(headers).map((h) => [h.toLowerCase(), h]));
  const baseHeaders = lower(obj(base.headers));
  const headHeaders = lower(obj(head.headers));
  for (const [key, name] of baseHeaders) {
    if (!headHeaders.has(key)) {
      report(
        ctx,
        'response-header-removed',
        `response ${status} header ${name}`,
        `Response header ${name} was removed.`,
      );
    }
  }
  for (const [key, name] of headHeaders) {
    if (!baseHeaders.has(key)) {
      report(
        ctx,
        'response-header-added',
        `response ${status} header ${name}`,
        `New response header ${name}.`,
      );
    }
  }
  const baseContent = obj(base.content);
  const headContent = obj(head.content);
  for (const type of Object.keys(baseContent)) {
    if (!(type in headContent)) {
      report(
        ctx,
        'response-content-type-removed',
        `response ${status} ${type}`,
        `Response ${status} no longer returns ${type}.`,
      );
      continue;
    }
    diffSchema(
      ctx,
      'response',
      obj(baseContent[type]).schema,
      obj(headContent[type]).schema,
      `response ${status} ${type} body`,
      new Set(),
    );
  }
  for (const type of Object.keys(headContent)) {
    if (!(type in baseContent)) {
      report(
        ctx,
        'response-content-type-added',
        `response ${status} ${type}`,
        `Response ${status} may return ${type}.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Schemas

interface Shape {
  /** Allowed JSON types; undefined = unconstrained. */
  types?: Set<string>;
  enumValues?: Set<string>;
  properties: Map<string, unknown>;
  required: Set<string>;
  items?: unknown;
  variants?: { kind: 'oneOf' | 'anyOf'; list: { key: string; schema: unknown }[] };
  additionalProperties?: unknown;
  node: Node;
}

const jsonType = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : typeof value;

// allOf members are merged into one shape: that is how generators and validators see them.
function shapeOf(resolver: Resolver, raw: unknown, depth = 0): Shape {
  const node = resolver.resolve(raw).node;
  const shape: Shape = { properties: new Map(), required: new Set(), node };
  if (depth < 16 && Array.isArray(node.allOf)) {
    for (const member of node.allOf) {
      const part = shapeOf(resolver, member, depth + 1);
      if (part.types) shape.types = part.types;
      if (part.enumValues) shape.enumValues = part.enumValues;
      for (const [k, v] of part.properties) shape.properties.set(k, v);
      for (const r of part.required) shape.required.add(r);
      if (part.items !== undefined) shape.items = part.items;
      if (part.variants) shape.variants = part.variants;
      if (part.additionalProperties !== undefined) shape.additionalProperties = part.additionalProperties;
    }
  }
  if (typeof node.type === 'string') shape.types = new Set([node.type]);
  if (Array.isArray(node.type)) shape.types = new Set(node.type.map(String));
  const values = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  if (values) {
    shape.enumValues = new Set(values.map((v) => JSON.stringify(v)));
    shape.types ??= new Set(values.map(jsonType));
  }
  if (node.nullable === true && shape.types) shape.types = new Set([...shape.types, 'null']);
  for (const [k, v] of Object.entries(obj(node.properties))) shape.properties.set(k, v);
  if (Array.isArray(node.required)) for (const r of node.required) shape.required.add(String(r));
  if (node.items !== undefined) shape.items = node.items;
  if (node.additionalProperties !== undefined) shape.additionalProperties = node.additionalProperties;
  for (const kind of ['oneOf', 'anyOf'] as const) {
    const list = node[kind];
    if (Array.isArray(list)) shape.variants = { kind, list: variantKeys(resolver, node, list) };
  }
  return shape;
}

// Variants are matched by discriminator value, else by component name, else by position.
function variantKeys(resolver: Resolver, node: Node, list: unknown[]): { key: string; schema: unknown }[] {
  const mapping = obj(obj(node.discriminator).mapping);
  const byRef = new Map(Object.entries(mapping).map(([value, ref]) => [String(ref), value]));
  return list.map((schema, index) => {
    const ref = isNode(schema) && typeof schema.$ref === 'string' ? schema.$ref : undefined;
    const discriminated = ref === undefined ? undefined : byRef.get(ref);
    if (discriminated !== undefined) return { key: `${discriminated}`, schema };
    if (ref !== undefined) return { key: ref.slice(ref.lastIndexOf('/') + 1), schema };
    const title = resolver.resolve(schema).node.title;
    return { key: typeof title === 'string' ? title : `#${index}`, schema };
  });
}

// Whether every value of type `t` is allowed by `types` (an integer is a number).
const allows = (types: Set<string> | undefined, t: string) =>
  types === undefined || types.has(t) || (t === 'integer' && types.has('number'));

function kindFor(direction: Direction, request: ChangeKind, parameter: ChangeKind): ChangeKind {
  return direction === 'parameter' ? parameter : request;
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;

function diffSchema(
  ctx: Context,
  direction: Direction,
  baseRaw: unknown,
  headRaw: unknown,
  where: string,
  stack: Set<string>,
): void {
  if (baseRaw === undefined || headRaw === undefined) return;
  const baseRef = ctx.base.resolve(baseRaw).ref;
  const headRef = ctx.head.resolve(headRaw).ref;
  // Recursive schemas (a tree of nodes) would otherwise be walked forever.
  const pair = `${baseRef ?? ''}|${headRef ?? ''}`;
  if ((baseRef !== undefined || headRef !== undefined) && stack.has(pair)) return;
  const innerStack = new Set(stack).add(pair);

  const base = shapeOf(ctx.base, baseRaw);
  const head = shapeOf(ctx.head, headRaw);
  const isRequestSide = direction !== 'response';

  diffTypes(ctx, direction, base, head, where);
  diffEnums(ctx, direction, base, head, where);
  if (isRequestSide) diffBounds(ctx, direction, base.node, head.node, where);

  if (isRequestSide && base.additionalProperties !== false && head.additionalProperties === false) {
    report(
      ctx,
      kindFor(direction, 'request-property-type-narrowed', 'parameter-type-narrowed'),
      where,
      `${where} no longer accepts unknown properties (additionalProperties: false).`,
    );
  }

  diffProperties(ctx, direction, base, head, where, innerStack);
  if (base.items !== undefined && head.items !== undefined) {
    diffSchema(ctx, direction, base.items, head.items, `${where}[]`, innerStack);
  }
  diffVariants(ctx, direction, base, head, where, innerStack);
}

function diffTypes(ctx: Context, direction: Direction, base: Shape, head: Shape, where: string): void {
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
  if (direction === 'response') {
    if (gainedList.length > 0) {
      const onlyNull = gainedList.length === 1 && gainedList[0] === 'null';
      report(
        ctx,
        onlyNull ? 'response-property-became-nullable' : 'response-property-type-widened',
        where,
        onlyNull ? `${where} may now be null.` : `${where} may now have another type (${change}).`,
      );
    } else if (lost) {
      report(ctx, 'response-property-type-narrowed', where, `${where} has fewer possible types (${change}).`);
    }
    return;
  }
  if (lost) {
    report(
      ctx,
      kindFor(direction, 'request-property-type-narrowed', 'parameter-type-narrowed'),
      where,
      `${where} accepts fewer types (${change}).`,
    );
  } else if (gainedList.length > 0) {
    report(
      ctx,
      kindFor(direction, 'request-property-type-widened', 'parameter-type-widened'),
      where,
      `${where} accepts more types (${change}).`,
    );
  }
}

function diffEnums(ctx: Context, direction: Direction, base: Shape, head: Shape, where: string): void {
  const b = base.enumValues;
  const h = head.enumValues;
  if (b === undefined && h === undefined) return;
  if (b === undefined || h === undefined) {
    // An enum appeared (fewer values allowed) or disappeared (more values allowed).
    const narrowed = b === undefined;
    if (direction === 'response') {
      report(
        ctx,
        narrowed ? 'response-property-type-narrowed' : 'response-property-type-widened',
        where,
        `${where} ${narrowed ? 'is now restricted to an enum' : 'is no longer restricted to an enum'}.`,
      );
    } else {
      report(
        ctx,
        narrowed
          ? kindFor(direction, 'request-property-type-narrowed', 'parameter-type-narrowed')
          : kindFor(direction, 'request-property-type-widened', 'parameter-type-widened'),
        where,
        `${where} ${narrowed ? 'is now restricted to an enum' : 'is no longer restricted to an enum'}.`,
      );
    }
    return;
  }
  const removed = [...b].filter((v) => !h.has(v));
  const added = [...h].filter((v) => !b.has(v));
  if (direction === 'response') {
    if (added.length > 0) {
      report(ctx, 'response-enum-value-added', where, `${where} may now be ${added.join(', ')}.`);
    }
    if (removed.length > 0) {
      report(ctx, 'response-enum-value-removed', where, `${where} is never ${removed.join(', ')} any more.`);
    }
    return;
  }
  if (removed.length > 0) {
    report(
      ctx,
      kindFor(direction, 'request-enum-value-removed', 'parameter-type-narrowed'),
      where,
      `${where} no longer accepts ${removed.join(', ')}.`,
    );
  }
  if (added.length > 0) {
    report(
      ctx,
      kindFor(direction, 'request-enum-value-added', 'parameter-type-widened'),
      where,
      `${where} now also accepts ${added.join(', ')}.`,
    );
  }
}

function diffBounds(ctx: Context, direction: Direction, base: Node, head: Node, where: string): void {
  const narrowed: string[] = [];
  const widened: string[] = [];
  const fmt = (field: string, b: unknown, h: unknown) =>
    `${field} ${String(b ?? 'none')} -> ${String(h ?? 'none')}`;
  for (const [fields, tighter] of [
    [LOWER_BOUNDS, (b: number, h: number) => h > b],
    [UPPER_BOUNDS, (b: number, h: number) => h < b],
  ] as const) {
    for (const field of fields) {
      const b = base[field];
      const h = head[field];
      if (b === h) continue;
      if (typeof h === 'number' && (typeof b !== 'number' || tighter(b, h))) narrowed.push(fmt(field, b, h));
      else widened.push(fmt(field, b, h));
    }
  }
  for (const field of ['pattern', 'format'] as const) {
    const b = base[field];
    const h = head[field];
    if (b === h) continue;
    // A different pattern or format cannot be proven looser, so only a removal counts as widening.
    if (h === undefined) widened.push(fmt(field, b, h));
    else narrowed.push(fmt(field, b, h));
  }
  if (narrowed.length > 0) {
    report(
      ctx,
      kindFor(direction, 'request-property-type-narrowed', 'parameter-type-narrowed'),
      where,
      `${where} accepts fewer values (${narrowed.join(', ')}).`,
    );
  } else if (widened.length > 0) {
    report(
      ctx,
      kindFor(direction, 'request-property-type-widened', 'parameter-type-widened'),
      where,
      `${where} accepts more values (${widened.join(', ')}).`,
    );
  }
}

function diffProperties(
  ctx: Context,
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
  for (const [name, baseProp] of base.properties) {
    const at = `${where}.${name}`;
    if (skip(ctx.base, baseProp)) continue;
    const headProp = head.properties.get(name);
    if (headProp === undefined) {
      if (direction === 'response') {
        report(ctx, 'response-property-removed', at, `Response property ${at} was removed.`);
      } else {
        report(ctx, 'request-property-removed', at, `Request property ${at} was removed.`);
      }
      continue;
    }
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
    if (base.properties.has(name) || skip(ctx.head, headProp)) continue;
    const at = `${where}.${name}`;
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
      diffSchema(ctx, direction, schema, next, at, stack);
    }
  }
  for (const { key } of head.variants.list) {
    if (baseKeys.has(key)) continue;
    report(
      ctx,
      direction === 'response' ? 'response-variant-added' : 'request-variant-added',
      `${where}<${key}>`,
      `${where} gained the ${key} variant.`,
    );
  }
}
