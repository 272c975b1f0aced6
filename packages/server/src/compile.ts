/**
 * Compiles the bundled spec once: the ajv instance over a copy of the document, one request validator per
 * operation, the branches of union bodies, and the tag values of every discriminator, so that validating a
 * request reads only what was prepared here and never walks the document again.
 */
import { deref } from '@phone-api/openapi';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ERRORS } from './catalogue.ts';
import { isDateTime } from './date-time.ts';
import {
  buildModel,
  matchPath,
  type OperationModel,
  type ParamModel,
  type PathMatch,
  type SpecModel,
} from './model.ts';
import { useFastStringLength } from './string-length.ts';

const SPEC_ID = 'https://phone-api.invalid/openapi.json';

/** One branch of a union body, compiled on its own, with the `const` tags it declares. */
export interface UnionBranch {
  validate: ValidateFunction;
  tags: Map<string, unknown>;
}

/** The branches of an `anyOf`/`oneOf` body without a discriminator. */
export interface UnionBranches {
  branches: UnionBranch[];
  tagValues: Map<string, unknown[]>;
  /**
   * The schema's own verdict on which branch a body is, when it has one: an `if`/`then`/`else` chain whose
   * every `then` and final `else` is a branch. Then the spec, not a heuristic, decides.
   */
  select?: (body: unknown) => UnionBranch | undefined;
}

/**
 * The tag values each discriminated `oneOf` accepts, keyed by the schema object itself: ajv reports that
 * object as a discriminator error's `parentSchema`, so describing the error is one lookup.
 */
export type DiscriminatorValues = WeakMap<object, readonly string[]>;

/** One operation, ready to validate requests. */
export interface CompiledOperation {
  model: OperationModel;
  prefixed: ParamModel[];
  query: ParamModel[];
  header: ParamModel[];
  /** Validates `{ path, query, header }` parameter objects in one call (absent when there is nothing to check). */
  params?: ValidateFunction;
  queryDefaults: [string, unknown][];
  integerQuery: Set<string>;
  body?: ValidateFunction;
  bodyUnion?: UnionBranches;
  /** Properties of the 200 response body: sending one the update body lacks means "immutable". */
  readOnlyNames: Set<string>;
  /** The spec's discriminators (shared by every operation). */
  discriminators: DiscriminatorValues;
}

/** Everything compiled from one spec; shared by the request validator, the router and response checks. */
export interface CompiledSpec {
  model: SpecModel;
  ajv: Ajv2020;
  operations: Map<string, CompiledOperation>;
  /** An ajv `$ref` to a JSON pointer of the document. */
  ref(pointer: string): { $ref: string };
  match(path: string): PathMatch | undefined;
}

/** What compiling one operation reads: the shared ajv instance and the prepared document. */
interface CompileContext {
  ajv: Ajv2020;
  doc: Record<string, unknown>;
  ref(pointer: string): { $ref: string };
  discriminators: DiscriminatorValues;
}

/** Builds the ajv instance over a copy of the document and compiles every request validator once. */
export function compileSpec(spec: object): CompiledSpec {
  const doc = structuredClone(spec) as Record<string, unknown>;
  const discriminators = prepareDiscriminators(doc);
  const model = buildModel(doc);
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    discriminator: true,
    coerceTypes: false,
    useDefaults: false,
    verbose: true,
    // Each component compiles once into its own function instead of being inlined at every use:
    // compiling the whole spec drops from seconds to a fraction, at no measurable request cost.
    inlineRefs: false,
    // The document is an OpenAPI file, not a schema; meta-validating it as one checks nothing useful
    // (Redocly lints the spec) and costs a few hundred milliseconds at startup.
    validateSchema: false,
  });
  addFormatsModule.default(ajv);
  // The same answers as ajv-formats' own, without its allocations (see date-time.ts).
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  useFastStringLength(ajv);
  ajv.addSchema({ ...doc, $id: SPEC_ID });
  const ref = (pointer: string) => ({ $ref: `${SPEC_ID}#${encodeURI(pointer)}` });
  const ctx: CompileContext = { ajv, doc, ref, discriminators };

  const operations = new Map<string, CompiledOperation>();
  for (const op of model.operations.values()) {
    assertDocumentedErrors(op);
    operations.set(op.operationId, compileOperation(ctx, op));
  }
  return { model, ajv, operations, ref, match: (path) => matchPath(model.root, path) };
}

function compileOperation(ctx: CompileContext, op: OperationModel): CompiledOperation {
  const query = op.params.filter((p) => p.in === 'query');
  const header = op.params.filter((p) => p.in === 'header');
  const params = compileParams(ctx, op);
  const compiled: CompiledOperation = {
    model: op,
    prefixed: op.params.filter((p) => p.in === 'path' && p.idPattern),
    query,
    header,
    ...(params ? { params } : {}),
    queryDefaults: query.filter((p) => p.schema.default !== undefined).map((p) => [p.name, p.schema.default]),
    integerQuery: new Set(query.filter((p) => p.schema.type === 'integer').map((p) => p.name)),
    readOnlyNames: new Set(),
    discriminators: ctx.discriminators,
  };
  if (op.body) {
    compiled.body = ctx.ajv.compile(ctx.ref(op.body.schemaPointer));
    const union = unionBranches(ctx, op.body.schema, op.body.schemaPointer);
    if (union) compiled.bodyUnion = union;
    if (op.method === 'PATCH') compiled.readOnlyNames = readOnlyNames(ctx.doc, op);
  }
  return compiled;
}

/**
 * One validator over `{ path, query, header }` for the operation's parameters (path ids with
 * `x-id-prefix` are checked apart, as a 404); `undefined` when there is nothing to check.
 */
function compileParams(ctx: CompileContext, op: OperationModel): ValidateFunction | undefined {
  const pathParams = op.params.filter((p) => p.in === 'path' && !p.idPattern);
  const query = op.params.filter((p) => p.in === 'query');
  const header = op.params.filter((p) => p.in === 'header');
  if (pathParams.length + query.length + header.length === 0) return undefined;
  const group = (list: ParamModel[], key: (p: ParamModel) => string) => ({
    type: 'object',
    properties: Object.fromEntries(list.map((p) => [key(p), ctx.ref(p.schemaPointer)])),
    required: list.filter((p) => p.required).map(key),
  });
  return ctx.ajv.compile({
    type: 'object',
    properties: {
      path: group(pathParams, (p) => p.name),
      query: group(query, (p) => p.name),
      header: group(header, (p) => p.name.toLowerCase()),
    },
  });
}

/** The properties of a PATCH's 200 body that its request body does not accept. */
function readOnlyNames(doc: Record<string, unknown>, op: OperationModel): Set<string> {
  const names = new Set<string>();
  const ok = op.responses.get(200)?.bodyPointer;
  if (!op.body || !ok) return names;
  const props = deref(doc, { $ref: `#${ok}` }, ok).node.properties as Record<string, unknown> | undefined;
  const accepted = (deref(doc, op.body.schema, op.body.schemaPointer).node.properties ?? {}) as object;
  for (const name of Object.keys(props ?? {})) if (!(name in accepted)) names.add(name);
  return names;
}

/**
 * Readies every discriminator of the document for ajv and records the tag values it accepts.
 * ajv's discriminator derives the mapping from each branch's `const`; it refuses an explicit `mapping`.
 * ajv's discriminator also replaces the `oneOf` check and passes any non-object (`[]`, `true`), while an
 * OpenAPI discriminator only describes objects: pin `type: object` so such a body is rejected.
 */
function prepareDiscriminators(doc: Record<string, unknown>): DiscriminatorValues {
  const values: DiscriminatorValues = new WeakMap();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const discriminator = record.discriminator as Record<string, unknown> | undefined;
    if (discriminator && typeof discriminator === 'object') {
      delete discriminator.mapping;
      if (record.type === undefined) record.type = 'object';
      values.set(record, tagValues(doc, record));
    }
    for (const value of Object.values(record)) visit(value);
  };
  visit(doc);
  return values;
}

/** The tag values a discriminated `oneOf` accepts, read from its branches (local `$ref`s followed). */
function tagValues(doc: Record<string, unknown>, schema: Record<string, unknown>): string[] {
  const tag = (schema.discriminator as { propertyName?: string }).propertyName ?? '';
  const values: string[] = [];
  for (const raw of (schema.oneOf as unknown[] | undefined) ?? []) {
    const branch = deref(doc, raw, '').node;
    const prop = (branch.properties as Record<string, { const?: unknown }> | undefined)?.[tag];
    if (prop?.const !== undefined) values.push(String(prop.const));
  }
  return values;
}

/**
 * For a body that is an `anyOf`/`oneOf` of objects without a discriminator, each branch is compiled on its
 * own so a failure can be reported against the one branch the client meant, instead of the errors of every
 * branch at once. When the schema also holds an `if`/`then`/`else` chain over those branches (the convai
 * create body), the chain is the spec's own verdict on which branch a body is, and is compiled too.
 */
function unionBranches(
  ctx: CompileContext,
  schema: Record<string, unknown>,
  pointer: string,
): UnionBranches | undefined {
  const keyword = Array.isArray(schema.anyOf) ? 'anyOf' : Array.isArray(schema.oneOf) ? 'oneOf' : undefined;
  if (!keyword || schema.discriminator) return undefined;
  // `schema` may already be resolved while `pointer` still names the `$ref` to it: resolve the pointer.
  const { node, pointer: base } = deref(ctx.doc, { $ref: `#${pointer}` }, pointer);
  const byPointer = new Map<string, UnionBranch>();
  const branches = (node[keyword] as unknown[]).map((raw, index): UnionBranch => {
    const branch = deref(ctx.doc, raw, `${base}/${keyword}/${index}`);
    const tags = new Map<string, unknown>();
    const props = (branch.node.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [name, prop] of Object.entries(props)) if (prop && 'const' in prop) tags.set(name, prop.const);
    const compiled = { validate: ctx.ajv.compile(ctx.ref(branch.pointer)), tags };
    byPointer.set(branch.pointer, compiled);
    return compiled;
  });
  const tagValues = new Map<string, unknown[]>();
  for (const [name] of branches[0]?.tags ?? []) {
    if (branches.every((b) => b.tags.has(name)))
      tagValues.set(
        name,
        branches.map((b) => b.tags.get(name)),
      );
  }
  const select = selectionChain(ctx, node, base, byPointer);
  return { branches, tagValues, ...(select ? { select } : {}) };
}

/**
 * Compiles `if: A, then: X, else: { if: B, then: Y, else: Z }` into "the first branch whose condition
 * holds, else the last", provided every `then` and the final `else` is one of the union's branches;
 * `undefined` for any other shape (the union then has no verdict of its own).
 */
function selectionChain(
  ctx: CompileContext,
  node: Record<string, unknown>,
  pointer: string,
  branches: Map<string, UnionBranch>,
): ((body: unknown) => UnionBranch | undefined) | undefined {
  const steps: { holds: ValidateFunction; branch: UnionBranch }[] = [];
  let at = node;
  let atPointer = pointer;
  while (at.if !== undefined) {
    if (at.then === undefined || at.else === undefined) return undefined;
    const branch = branches.get(deref(ctx.doc, at.then, `${atPointer}/then`).pointer);
    if (!branch) return undefined;
    steps.push({ holds: ctx.ajv.compile(ctx.ref(`${atPointer}/if`)), branch });
    const next = deref(ctx.doc, at.else, `${atPointer}/else`);
    const last = branches.get(next.pointer);
    if (last) {
      return (body) => steps.find((step) => step.holds(body))?.branch ?? last;
    }
    at = next.node;
    atPointer = next.pointer;
  }
  return undefined;
}

type RequestRefusal =
  | 'phone_number_not_found'
  | 'validation_failed'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unsupported_media_type';

/** Every error this layer can answer must be documented on the operation; a spec that says otherwise is refused. */
function assertDocumentedErrors(op: OperationModel): void {
  // Statuses read from the catalogue, so this check follows any change of what the layer answers.
  const status = (meaning: 'unauthorized' | RequestRefusal) => ERRORS[meaning][op.surface].status;
  const needed: [number, string][] = [];
  if (op.credentials.length > 0) needed.push([status('unauthorized'), 'credentials are required']);
  if (op.params.some((p) => p.in === 'path' && p.idPattern))
    needed.push([status('phone_number_not_found'), 'a path id has x-id-prefix']);
  const validates = op.body || op.params.some((p) => p.in !== 'path' || !p.idPattern);
  if (validates) needed.push([status('validation_failed'), 'the request is validated']);
  if (op.body) {
    for (const meaning of ['malformed_json', 'payload_too_large', 'unsupported_media_type'] as const)
      needed.push([status(meaning), 'it has a body']);
  }
  const missing = needed.filter(
    ([code], i) => !op.responses.has(code) && needed.findIndex(([other]) => other === code) === i,
  );
  if (missing.length > 0) {
    const list = missing.map(([status, why]) => `${status} (${why})`).join(', ');
    throw new Error(`${op.operationId} must document ${list}: the router would answer it`);
  }
}
