import type { IncomingHttpHeaders } from 'node:http';
import { deref, parsePointer, type Surface, surfaceOf } from '@phone-api/openapi';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { jsonErrorOffset } from './body.ts';
import { ERRORS } from './catalogue.ts';
import type { OperationHeaders } from './deprecation.ts';
import { errorReply, type Reply } from './errors.ts';
import {
  buildModel,
  matchPath,
  type OperationModel,
  type ParamModel,
  type PathMatch,
  type SpecModel,
} from './model.ts';

/** A request as read off the wire, before validation. */
export interface RawRequest {
  method: string;
  /** Path plus query string, as in `IncomingMessage.url`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  /**
   * Set when the body was cut off because it passed the byte limit (`readBody` resolved `'too_large'`);
   * the request is then answered 413 once route and credentials have been checked.
   */
  bodyTooLarge?: boolean;
}

/** A request that passed validation: everything a handler may rely on. */
export interface ValidRequest {
  operationId: string;
  surface: Surface;
  method: string;
  pathTemplate: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /** Declared query parameters only, integers parsed, schema defaults filled in. */
  query: Record<string, unknown>;
  /** Request headers, lowercase names, repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The parsed JSON body (`undefined` for operations without one, or when an optional body is absent). */
  body: unknown;
  /** The bearer token or `xi-api-key` value. */
  credential: string;
  /**
   * Headers every response of this operation must carry (`Deprecation`, `Sunset`, `Link` of a deprecated
   * operation), computed when the spec was compiled; the HTTP layer adds them to whatever it answers.
   */
  responseHeaders?: OperationHeaders;
  /**
   * For a body the spec splits into branches with an `if`/`then`/`else` chain (the convai create body): the
   * `const` tags of the branch the spec selected, e.g. `{ provider: 'twilio' }` for a body without
   * `provider` that carries `sid`. Handlers read the kind of body from here instead of guessing again.
   */
  variant?: Readonly<Record<string, unknown>>;
}

/**
 * The result of validating one request. A refusal of a request that matched an operation carries that
 * operation's `responseHeaders` too, for the HTTP layer to add (a refused request to a deprecated
 * operation is still answered by that operation).
 */
export type ValidationResult =
  | { ok: true; request: ValidRequest }
  | { ok: false; reply: Reply; responseHeaders?: OperationHeaders };

/** Options of {@link createRequestValidator}. */
export interface RequestValidatorOptions {
  /** Largest accepted request body in bytes (default 64 KiB, as the spec's 413 responses say). */
  maxBodyBytes?: number;
}

/** The default body limit: 64 KiB, the figure the spec's 413 responses document. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const SPEC_ID = 'https://phone-api.invalid/openapi.json';
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

interface UnionBranch {
  validate: ValidateFunction;
  tags: Map<string, unknown>;
}

interface UnionBranches {
  branches: UnionBranch[];
  tagValues: Map<string, unknown[]>;
  /**
   * The schema's own verdict on which branch a body is, when it has one: an `if`/`then`/`else` chain whose
   * every `then` and final `else` is a branch. Then the spec, not a heuristic, decides.
   */
  select?: (body: unknown) => UnionBranch | undefined;
}

interface CompiledOperation {
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
  doc: Record<string, unknown>;
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

/** Builds the ajv instance over a copy of the document and compiles every request validator once. */
export function compileSpec(spec: object): CompiledSpec {
  const doc = structuredClone(spec) as Record<string, unknown>;
  stripDiscriminatorMappings(doc);
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
  ajv.addSchema({ ...doc, $id: SPEC_ID });
  const ref = (pointer: string) => ({ $ref: `${SPEC_ID}#${encodeURI(pointer)}` });

  const operations = new Map<string, CompiledOperation>();
  for (const op of model.operations.values()) {
    assertDocumentedErrors(op);
    const prefixed = op.params.filter((p) => p.in === 'path' && p.idPattern);
    const pathParams = op.params.filter((p) => p.in === 'path' && !p.idPattern);
    const query = op.params.filter((p) => p.in === 'query');
    const header = op.params.filter((p) => p.in === 'header');
    const group = (list: ParamModel[], key: (p: ParamModel) => string) => ({
      type: 'object',
      properties: Object.fromEntries(list.map((p) => [key(p), ref(p.schemaPointer)])),
      required: list.filter((p) => p.required).map(key),
    });
    const hasParams = pathParams.length + query.length + header.length > 0;
    const compiled: CompiledOperation = {
      model: op,
      prefixed,
      query,
      header,
      ...(hasParams
        ? {
            params: ajv.compile({
              type: 'object',
              properties: {
                path: group(pathParams, (p) => p.name),
                query: group(query, (p) => p.name),
                header: group(header, (p) => p.name.toLowerCase()),
              },
            }),
          }
        : {}),
      queryDefaults: query
        .filter((p) => p.schema.default !== undefined)
        .map((p) => [p.name, p.schema.default]),
      integerQuery: new Set(query.filter((p) => p.schema.type === 'integer').map((p) => p.name)),
      readOnlyNames: new Set(),
      doc,
    };
    if (op.body) {
      compiled.body = ajv.compile(ref(op.body.schemaPointer));
      const union = unionBranches(ajv, doc, op.body.schema, op.body.schemaPointer, ref);
      if (union) compiled.bodyUnion = union;
      const ok = op.responses.get(200)?.bodyPointer;
      if (op.method === 'PATCH' && ok) {
        const props = deref(doc, { $ref: `#${ok}` }, ok).node.properties as
          | Record<string, unknown>
          | undefined;
        const accepted = (deref(doc, op.body.schema, op.body.schemaPointer).node.properties ?? {}) as object;
        for (const name of Object.keys(props ?? {}))
          if (!(name in accepted)) compiled.readOnlyNames.add(name);
      }
    }
    operations.set(op.operationId, compiled);
  }
  return { model, ajv, operations, ref, match: (path) => matchPath(model.root, path) };
}

/**
 * ajv's discriminator derives the mapping from each branch's `const`; it refuses an explicit `mapping`.
 * ajv's discriminator also replaces the `oneOf` check and passes any non-object (`[]`, `true`), while an
 * OpenAPI discriminator only describes objects: pin `type: object` so such a body is rejected.
 */
function stripDiscriminatorMappings(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) stripDiscriminatorMappings(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const discriminator = record.discriminator as Record<string, unknown> | undefined;
  if (discriminator && typeof discriminator === 'object') {
    delete discriminator.mapping;
    if (record.type === undefined) record.type = 'object';
  }
  for (const value of Object.values(record)) stripDiscriminatorMappings(value);
}

/**
 * For a body that is an `anyOf`/`oneOf` of objects without a discriminator, each branch is compiled on its
 * own so a failure can be reported against the one branch the client meant, instead of the errors of every
 * branch at once. When the schema also holds an `if`/`then`/`else` chain over those branches (the convai
 * create body), the chain is the spec's own verdict on which branch a body is, and is compiled too.
 */
function unionBranches(
  ajv: Ajv2020,
  doc: Record<string, unknown>,
  schema: Record<string, unknown>,
  pointer: string,
  ref: (pointer: string) => { $ref: string },
): UnionBranches | undefined {
  const keyword = Array.isArray(schema.anyOf) ? 'anyOf' : Array.isArray(schema.oneOf) ? 'oneOf' : undefined;
  if (!keyword || schema.discriminator) return undefined;
  // `schema` may already be resolved while `pointer` still names the `$ref` to it: resolve the pointer.
  const { node, pointer: base } = deref(doc, { $ref: `#${pointer}` }, pointer);
  const byPointer = new Map<string, UnionBranch>();
  const branches = (node[keyword] as unknown[]).map((raw, index): UnionBranch => {
    const branch = deref(doc, raw, `${base}/${keyword}/${index}`);
    const tags = new Map<string, unknown>();
    const props = (branch.node.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [name, prop] of Object.entries(props)) if (prop && 'const' in prop) tags.set(name, prop.const);
    const compiled = { validate: ajv.compile(ref(branch.pointer)), tags };
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
  const select = selectionChain(ajv, doc, node, base, byPointer, ref);
  return { branches, tagValues, ...(select ? { select } : {}) };
}

/**
 * Compiles `if: A, then: X, else: { if: B, then: Y, else: Z }` into "the first branch whose condition
 * holds, else the last", provided every `then` and the final `else` is one of the union's branches;
 * `undefined` for any other shape (the union then has no verdict of its own).
 */
function selectionChain(
  ajv: Ajv2020,
  doc: Record<string, unknown>,
  node: Record<string, unknown>,
  pointer: string,
  branches: Map<string, UnionBranch>,
  ref: (pointer: string) => { $ref: string },
): ((body: unknown) => UnionBranch | undefined) | undefined {
  const steps: { holds: ValidateFunction; branch: UnionBranch }[] = [];
  let at = node;
  let atPointer = pointer;
  while (at.if !== undefined) {
    if (at.then === undefined || at.else === undefined) return undefined;
    const branch = branches.get(deref(doc, at.then, `${atPointer}/then`).pointer);
    if (!branch) return undefined;
    steps.push({ holds: ajv.compile(ref(`${atPointer}/if`)), branch });
    const next = deref(doc, at.else, `${atPointer}/else`);
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

/**
 * Creates the request validator. It matches the route (unknown path or method: 404), checks credentials
 * are present (401), that `x-id-prefix` path ids have the prefixed form (else 404), the body size (413),
 * content type (415) and JSON syntax (agents 400 `bad_request`, convai 422 `json_invalid`), then validates
 * path, query, header parameters and the body against the spec (JSON Schema 2020-12, no type coercion
 * except query integers, unknown properties as each schema says). The result is the typed request or the
 * documented error reply in the surface's shape, with `X-Request-Id`.
 */
export function createRequestValidator(
  spec: object,
  options?: RequestValidatorOptions,
): (req: RawRequest, requestId: string) => ValidationResult {
  return validatorFor(compileSpec(spec), options);
}

/** {@link createRequestValidator} over an already compiled spec. */
export function validatorFor(
  compiled: CompiledSpec,
  options?: RequestValidatorOptions,
): (req: RawRequest, requestId: string) => ValidationResult {
  const maxBodyBytes = options?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return (req, requestId) => {
    const q = req.url.indexOf('?');
    const path = q === -1 ? req.url : req.url.slice(0, q);
    const surface = surfaceOf(path) ?? 'agents';
    const match = compiled.match(path);
    const op = match?.operations.get(req.method.toUpperCase());
    if (!match || !op) {
      return fail(errorReply('route_not_found', surface, requestId));
    }
    const c = compiled.operations.get(op.operationId) as CompiledOperation;

    const credential = readCredential(op, req.headers);
    if (credential === undefined) return fail(errorReply('unauthorized', op.surface, requestId), op);

    for (const p of c.prefixed) {
      if (!p.idPattern?.test(match.params[p.name] ?? '')) {
        // The same entry as a missing number's: a malformed id must not be told apart from an unknown one.
        return fail(
          errorReply('phone_number_not_found', op.surface, requestId, { loc: ['path', p.name] }),
          op,
        );
      }
    }

    let body: unknown;
    let bodyText = '';
    if (op.body) {
      if (req.bodyTooLarge || (req.body && req.body.length > maxBodyBytes)) {
        const params = { limit: formatBytes(maxBodyBytes) };
        return fail(errorReply('payload_too_large', op.surface, requestId, { params }), op);
      }
      if (req.body && req.body.length > 0) {
        const type = mediaType(req.headers['content-type']);
        if (!JSON_MEDIA.test(type)) {
          return fail(errorReply('unsupported_media_type', op.surface, requestId), op);
        }
        const text = req.body.toString('utf8');
        bodyText = text;
        try {
          body = JSON.parse(text);
        } catch (error) {
          return fail(badJson(op.surface, text, (error as Error).message, requestId), op);
        }
      }
    }

    const params = match.params;
    const query = readQuery(c, q === -1 ? '' : req.url.slice(q + 1));
    const headers = flattenHeaders(req.headers);
    const issues: Issue[] = [];
    if (c.params) {
      const header: Record<string, string> = {};
      for (const p of c.header) {
        const name = p.name.toLowerCase();
        const value = headers[name];
        if (value !== undefined) header[name] = value;
      }
      if (!c.params({ path: params, query, header })) {
        issues.push(...paramIssues(c, c.params.errors ?? []));
      }
    }
    if (op.body) {
      if (body === undefined) {
        if (op.body.required) issues.push(missingBody());
      } else if (!c.body?.(body)) {
        issues.push(...bodyIssues(c, body, c.body?.errors ?? []));
      } else if (SURROGATE_ESCAPE.test(bodyText)) {
        issues.push(...unpairedSurrogates(body, ['body']));
      }
    }
    if (issues.length > 0) return fail(validationReply(c, issues, requestId), op);

    for (const [name, value] of c.queryDefaults) if (!(name in query)) query[name] = value;
    const variant = c.bodyUnion?.select?.(body);
    return {
      ok: true,
      request: {
        operationId: op.operationId,
        surface: op.surface,
        method: op.method,
        pathTemplate: op.pathTemplate,
        params,
        query,
        headers,
        body,
        credential,
        responseHeaders: op.responseHeaders,
        ...(variant ? { variant: Object.fromEntries(variant.tags) } : {}),
      },
    };
  };
}

function fail(reply: Reply, op?: OperationModel): ValidationResult {
  return op?.responseHeaders
    ? { ok: false, reply, responseHeaders: op.responseHeaders }
    : { ok: false, reply };
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function mediaType(header: string | undefined): string {
  if (!header) return '';
  const semi = header.indexOf(';');
  return (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
}

/** The credential the operation's security schemes read from these headers, `undefined` when none is sent. */
export function readCredential(op: OperationModel, headers: IncomingHttpHeaders): string | undefined {
  if (op.credentials.length === 0) return '';
  for (const scheme of op.credentials) {
    if (scheme.kind === 'bearer') {
      const token = BEARER.exec(headers.authorization ?? '')?.[1];
      if (token) return token;
    } else {
      const value = headers[scheme.header];
      const text = (Array.isArray(value) ? value[0] : value)?.trim();
      if (text) return text;
    }
  }
  return undefined;
}

function badJson(surface: Surface, text: string, reason: string, requestId: string): Reply {
  // V8 quotes the input in some messages; the body must never be echoed (it may hold credentials).
  const detail = reason.includes(' is not valid JSON')
    ? 'Unexpected token'
    : reason.replace(/ in JSON.*$/, '');
  return errorReply('malformed_json', surface, requestId, {
    params: { reason: detail, position: jsonErrorOffset(text) },
  });
}

function readQuery(c: CompiledOperation, search: string): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (search.length === 0 || c.query.length === 0) return query;
  const parsed = new URLSearchParams(search);
  for (const p of c.query) {
    const value = parsed.get(p.name);
    if (value === null) continue;
    // The one documented coercion: query strings carry integers as text. Anything else stays a string,
    // so "1.5" or "ten" fail the integer schema instead of being silently turned into something.
    query[p.name] = c.integerQuery.has(p.name) && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  }
  return query;
}

function flattenHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

// ---------------------------------------------------------------------------------------------------
// ajv errors -> the surfaces' error shapes

/** One problem, located and described for both surfaces. */
interface Issue {
  /** `body`, `query`, `header` or `path`, then property names and array indexes. */
  loc: (string | number)[];
  /** Agents: the human message for `error.fields`. */
  message: string;
  /** Convai: pydantic-style message and type. */
  msg: string;
  type: string;
}

// JSON can carry a lone UTF-16 surrogate as a `\uD800`-style escape (raw UTF-8 cannot: such bytes decode to
// U+FFFD). Such a string passes every schema pattern but is not text: PostgreSQL's jsonb refuses it (a 500)
// and UTF-8 storage mangles it. Only bodies with such an escape are walked, so others pay one regex test.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A validation issue for every string (or property name) holding an unpaired surrogate. */
function unpairedSurrogates(value: unknown, loc: (string | number)[]): Issue[] {
  const issue = (at: (string | number)[]): Issue => ({
    loc: at,
    message: 'must be well-formed Unicode text (it holds an unpaired UTF-16 surrogate escape)',
    msg: 'String should be well-formed Unicode text, without an unpaired surrogate',
    type: 'string_unicode',
  });
  if (typeof value === 'string') return UNPAIRED.test(value) ? [issue(loc)] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unpairedSurrogates(item, [...loc, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      UNPAIRED.test(key) ? [issue([...loc, key])] : unpairedSurrogates(item, [...loc, key]),
    );
  }
  return [];
}

function missingBody(): Issue {
  return { loc: ['body'], message: 'request body is required', msg: 'Field required', type: 'missing' };
}

function validationReply(c: CompiledOperation, issues: Issue[], requestId: string): Reply {
  if (c.model.surface === 'convai') {
    const seen = new Set<string>();
    const details = issues.filter((i) => {
      const key = `${JSON.stringify(i.loc)}|${i.type}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return errorReply('validation_failed', 'convai', requestId, { issues: details });
  }
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldPath(issue.loc);
    if (!(key in fields)) fields[key] = issue.message;
  }
  return errorReply('validation_failed', 'agents', requestId, { fields });
}

/** `["body", "twilio", "account_sid"]` -> `twilio.account_sid`; `capabilities[0]`; the body itself is `""`. */
function fieldPath(loc: (string | number)[]): string {
  let out = '';
  for (const part of loc.slice(1)) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? part : `.${part}`;
  }
  return out;
}

function paramIssues(c: CompiledOperation, errors: ErrorObject[]): Issue[] {
  const issues: Issue[] = [];
  for (const error of reduce(errors)) {
    // instancePath is /<group>/<name>[/...]; a required error names the parameter in params.
    const [group, ...rest] = parsePointer(error.instancePath);
    const location = group === 'header' ? 'header' : group === 'path' ? 'path' : 'query';
    if (rest.length === 0 && error.keyword === 'required') {
      const name = String(error.params.missingProperty);
      const declared =
        location === 'header' ? (c.header.find((p) => p.name.toLowerCase() === name)?.name ?? name) : name;
      issues.push({
        loc: [location, declared],
        message: `${declared} is required`,
        msg: 'Field required',
        type: 'missing',
      });
      continue;
    }
    const [name, ...inner] = rest;
    const declared =
      location === 'header'
        ? (c.header.find((p) => p.name.toLowerCase() === name)?.name ?? String(name))
        : String(name);
    issues.push(describe(error, [location, declared, ...inner], undefined, c));
  }
  return issues;
}

function bodyIssues(c: CompiledOperation, body: unknown, errors: ErrorObject[]): Issue[] {
  let chosen = errors;
  const union = c.bodyUnion;
  if (union && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    let branch: UnionBranches['branches'][number] | undefined;
    for (const [tag, values] of union.tagValues) {
      if (!(tag in record)) continue;
      const index = values.indexOf(record[tag]);
      if (index === -1) {
        const allowed = values.map((v) => `'${String(v)}'`);
        return [
          {
            loc: ['body', tag],
            message: `${tag} must be one of: ${values.join(', ')}`,
            msg: `Input tag '${printableValue(record[tag])}' found using '${tag}' does not match any of the expected tags: ${allowed.join(', ')}`,
            type: 'union_tag_invalid',
          },
        ];
      }
      branch = union.branches[index];
      break;
    }
    branch ??= union.select?.(body);
    if (!branch) {
      // No tag and no chain: the branch the body came closest to is the one the client meant.
      let best = Number.POSITIVE_INFINITY;
      for (const candidate of union.branches) {
        candidate.validate(body);
        const count = reduce(candidate.validate.errors ?? []).length;
        if (count < best) {
          best = count;
          branch = candidate;
        }
      }
    }
    if (branch && !branch.validate(body)) chosen = branch.validate.errors ?? [];
  }
  return reduce(chosen).map((error) =>
    describe(error, ['body', ...parsePointer(error.instancePath)], body, c),
  );
}

function printableValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? '').slice(0, 64);
}

/**
 * Drops the noise of combinators: the `oneOf`/`anyOf`/`if` summary when a branch error explains it, the
 * `must be null` of nullable `oneOf: [X, null]` when X's own error is there, and propertyNames internals.
 */
function reduce(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== 'if' && !(e as { propertyName?: string }).propertyName);
  const explained = (e: ErrorObject) =>
    kept.some(
      (o) =>
        o !== e &&
        o.keyword !== 'oneOf' &&
        o.keyword !== 'anyOf' &&
        !(o.keyword === 'type' && o.params.type === 'null') &&
        (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)),
    );
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const summary = e.keyword === 'oneOf' || e.keyword === 'anyOf';
    const nullBranch = e.keyword === 'type' && e.params.type === 'null';
    if ((summary || nullBranch) && explained(e)) continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

const TYPE_CODES: Record<string, [string, string]> = {
  string: ['string_type', 'a valid string'],
  integer: ['int_type', 'a valid integer'],
  number: ['float_type', 'a valid number'],
  boolean: ['bool_type', 'a valid boolean'],
  object: ['dict_type', 'a valid dictionary'],
  array: ['list_type', 'a valid list'],
  null: ['none_required', 'None'],
};

const ARTICLE: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Turns one ajv error into an issue at `loc` (array indexes become numbers, as the spec's `loc` wants). */
function describe(error: ErrorObject, baseLoc: string[], data: unknown, c: CompiledOperation): Issue {
  const loc = numericIndexes(baseLoc, data);
  const p = error.params as Record<string, unknown>;
  const child = (name: unknown) => [...loc, String(name)];
  const field = (at: (string | number)[]) => {
    const path = at[0] === 'body' ? fieldPath(at) : fieldPath(at.slice(1)) || String(at[1] ?? '');
    return path === '' ? 'body' : path;
  };
  switch (error.keyword) {
    case 'required': {
      const at = child(p.missingProperty);
      return { loc: at, message: `${field(at)} is required`, msg: 'Field required', type: 'missing' };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(p.additionalProperty ?? p.unevaluatedProperty);
      const at = child(name);
      const immutable = loc.length === 1 && c.readOnlyNames.has(name);
      return {
        loc: at,
        message: immutable
          ? `${field(at)} is immutable after import`
          : `${field(at)} is not an allowed property`,
        msg: 'Extra inputs are not permitted',
        type: 'extra_forbidden',
      };
    }
    case 'type': {
      const types = String(p.type).split(',');
      const first = types[0] ?? 'string';
      const [type, noun] = TYPE_CODES[first] ?? ['value_error', `a valid ${first}`];
      return {
        loc,
        message: `${field(loc)} must be ${types.map((t) => ARTICLE[t] ?? t).join(' or ')}`,
        msg: `Input should be ${noun}`,
        type,
      };
    }
    case 'const':
      return {
        loc,
        message: `${field(loc)} must be ${JSON.stringify(p.allowedValue)}`,
        msg: `Input should be ${quote(p.allowedValue)}`,
        type: 'literal_error',
      };
    case 'enum': {
      const values = (p.allowedValues as unknown[]) ?? [];
      return {
        loc,
        message: `${field(loc)} must be one of: ${values.map((v) => String(v)).join(', ')}`,
        msg: `Input should be ${joinOr(values.map(quote))}`,
        type: 'enum',
      };
    }
    case 'pattern':
      return {
        loc,
        message: `${field(loc)} must match the pattern ${String(p.pattern)}`,
        msg: `String should match pattern '${String(p.pattern)}'`,
        type: 'string_pattern_mismatch',
      };
    case 'maxLength':
    case 'minLength': {
      const max = error.keyword === 'maxLength';
      return {
        loc,
        message: `${field(loc)} must be at ${max ? 'most' : 'least'} ${String(p.limit)} characters`,
        msg: `String should have at ${max ? 'most' : 'least'} ${String(p.limit)} characters`,
        type: max ? 'string_too_long' : 'string_too_short',
      };
    }
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum': {
      const words: Record<string, [string, string]> = {
        maximum: ['less than or equal to', 'less_than_equal'],
        minimum: ['greater than or equal to', 'greater_than_equal'],
        exclusiveMaximum: ['less than', 'less_than'],
        exclusiveMinimum: ['greater than', 'greater_than'],
      };
      const [words_, type] = words[error.keyword] as [string, string];
      return {
        loc,
        message: `${field(loc)} must be ${words_} ${String(p.limit)}`,
        msg: `Input should be ${words_} ${String(p.limit)}`,
        type,
      };
    }
    case 'maxItems':
    case 'minItems':
    case 'maxProperties':
    case 'minProperties': {
      const max = error.keyword.startsWith('max');
      const unit = error.keyword.endsWith('Items') ? 'items' : 'properties';
      return {
        loc,
        message: `${field(loc)} must have at ${max ? 'most' : 'least'} ${String(p.limit)} ${unit}`,
        msg: `Input should have at ${max ? 'most' : 'least'} ${String(p.limit)} ${unit}`,
        type: max ? 'too_long' : 'too_short',
      };
    }
    case 'uniqueItems':
      return {
        loc,
        message: `${field(loc)} must not contain duplicates`,
        msg: 'List items must be unique',
        type: 'value_error',
      };
    case 'format':
      return {
        loc,
        message: `${field(loc)} must be a valid ${String(p.format)}`,
        msg: `Input should be a valid ${String(p.format)}`,
        type: 'value_error',
      };
    case 'propertyNames': {
      const at = child(p.propertyName);
      return {
        loc: at,
        message: `${field(at)} is not an allowed name`,
        msg: 'Invalid key',
        type: 'value_error',
      };
    }
    case 'discriminator': {
      const tag = String(p.tag);
      const at = child(tag);
      const allowed = discriminatorValues(error, c.doc);
      if (p.tagValue === undefined) {
        return { loc: at, message: `${field(at)} is required`, msg: 'Field required', type: 'missing' };
      }
      return {
        loc: at,
        message: `${field(at)} must be one of: ${allowed.join(', ')}`,
        msg: `Input tag '${printableValue(p.tagValue)}' found using '${tag}' does not match any of the expected tags: ${allowed.map(quote).join(', ')}`,
        type: 'union_tag_invalid',
      };
    }
    case 'not': {
      // A `not` says what is forbidden; its own description is the only wording the spec has for it.
      const said = (error.schema as { description?: unknown } | undefined)?.description;
      const why = typeof said === 'string' ? said : 'Input matches a shape the schema forbids';
      return { loc, message: `${field(loc)}: ${why}`, msg: why, type: 'value_error' };
    }
    default:
      return {
        loc,
        message: `${field(loc)} is invalid`,
        msg: 'Input does not match any allowed shape',
        type: error.keyword === 'oneOf' || error.keyword === 'anyOf' ? 'union_invalid' : 'value_error',
      };
  }
}

/** The tag values a discriminated `oneOf` accepts, read from its branches (local `$ref`s followed). */
function discriminatorValues(error: ErrorObject, doc: Record<string, unknown>): string[] {
  const parent = error.parentSchema as { oneOf?: unknown[]; discriminator?: { propertyName: string } };
  const tag = parent?.discriminator?.propertyName ?? '';
  const values: string[] = [];
  for (const raw of parent?.oneOf ?? []) {
    const branch = deref(doc, raw, '').node;
    const prop = (branch.properties as Record<string, { const?: unknown }> | undefined)?.[tag];
    if (prop?.const !== undefined) values.push(String(prop.const));
  }
  return values;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Turns path segments that index arrays in `data` into numbers. */
function numericIndexes(loc: string[], data: unknown): (string | number)[] {
  if (loc[0] !== 'body') return loc;
  const out: (string | number)[] = ['body'];
  let node = data;
  for (const segment of loc.slice(1)) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      out.push(Number(segment));
      node = node[Number(segment)];
    } else {
      out.push(segment);
      node =
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return out;
}
