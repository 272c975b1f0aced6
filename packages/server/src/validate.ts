/**
 * Validates one request against the compiled spec, step by step in the order the refusals take precedence:
 * route (404), credentials present (401), `x-id-prefix` path ids (404), body size (413), media type (415),
 * JSON syntax, then parameters and body against their schemas.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type Surface, surfaceOf } from '@phone-api/openapi';
import { jsonErrorOffset } from './body.ts';
import { type CompiledOperation, type CompiledSpec, compileSpec } from './compile.ts';
import type { OperationHeaders } from './deprecation.ts';
import type { Issue } from './describe.ts';
import { errorReply, type Reply } from './errors.ts';
import {
  bodyIssues,
  missingBody,
  paramIssues,
  SURROGATE_ESCAPE,
  unpairedSurrogates,
  validationReply,
} from './issues.ts';
import type { OperationModel } from './model.ts';

/** A request as read off the wire, before validation. */
export interface RawRequest {
  method: string;
  /** Path plus query string, as in `IncomingMessage.url`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body bytes: a `Buffer` from the node adapter, a plain `Uint8Array` where there is no Buffer. */
  body: Uint8Array | undefined;
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

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

/** One request on its way through the steps, once it has matched an operation. */
interface RequestContext {
  c: CompiledOperation;
  op: OperationModel;
  req: RawRequest;
  requestId: string;
  params: Record<string, string>;
  /** The query string, without `?`. */
  search: string;
  /** The parsed body, once {@link readJsonBody} has read one. */
  body: unknown;
  /** The body's text, for the unpaired-surrogate check. */
  bodyText: string;
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
  return (req, requestId) => validate(compiled, maxBodyBytes, req, requestId);
}

function validate(
  compiled: CompiledSpec,
  maxBodyBytes: number,
  req: RawRequest,
  requestId: string,
): ValidationResult {
  const q = req.url.indexOf('?');
  const path = q === -1 ? req.url : req.url.slice(0, q);
  const surface = surfaceOf(path) ?? 'agents';
  const match = compiled.match(path);
  const op = match?.operations.get(req.method.toUpperCase());
  if (!match || !op) return fail(errorReply('route_not_found', surface, requestId));

  const credential = readCredential(op, req.headers);
  if (credential === undefined) return fail(errorReply('unauthorized', op.surface, requestId), op);

  const ctx: RequestContext = {
    c: compiled.operations.get(op.operationId) as CompiledOperation,
    op,
    req,
    requestId,
    params: match.params,
    search: q === -1 ? '' : req.url.slice(q + 1),
    body: undefined,
    bodyText: '',
  };
  const refusal = malformedId(ctx) ?? readJsonBody(ctx, maxBodyBytes);
  if (refusal) return fail(refusal, op);

  const query = readQuery(ctx.c, ctx.search);
  const headers = flattenHeaders(req.headers);
  const issues = requestIssues(ctx, query, headers);
  if (issues.length > 0) return fail(validationReply(ctx.c, issues, requestId), op);

  for (const [name, value] of ctx.c.queryDefaults) if (!(name in query)) query[name] = value;
  const request: ValidRequest = {
    operationId: op.operationId,
    surface: op.surface,
    method: op.method,
    pathTemplate: op.pathTemplate,
    params: ctx.params,
    query,
    headers,
    body: ctx.body,
    credential,
    responseHeaders: op.responseHeaders,
  };
  // Added, not spread into the literal (see handleStep in pipeline.ts): most requests have no variant.
  const variant = ctx.c.bodyUnion?.select?.(ctx.body);
  if (variant) request.variant = Object.fromEntries(variant.tags);
  return { ok: true, request };
}

/** A path id of the `x-id-prefix` kind that is not of the prefixed form: the reply for an unknown number. */
function malformedId(ctx: RequestContext): Reply | undefined {
  for (const p of ctx.c.prefixed) {
    if (!p.idPattern?.test(ctx.params[p.name] ?? '')) {
      // The same entry as a missing number's: a malformed id must not be told apart from an unknown one.
      return errorReply('phone_number_not_found', ctx.op.surface, ctx.requestId, { loc: ['path', p.name] });
    }
  }
  return undefined;
}

/** Reads the JSON body into `ctx.body`; the refusal when it is too large, not JSON, or does not parse. */
function readJsonBody(ctx: RequestContext, maxBodyBytes: number): Reply | undefined {
  const { op, req, requestId } = ctx;
  if (!op.body) return undefined;
  if (req.bodyTooLarge || (req.body && req.body.length > maxBodyBytes))
    return payloadTooLarge(op.surface, requestId, maxBodyBytes);
  if (!req.body || req.body.length === 0) return undefined;
  const contentType = req.headers['content-type'];
  if (contentType !== 'application/json' && !JSON_MEDIA.test(mediaType(contentType))) {
    return errorReply('unsupported_media_type', op.surface, requestId);
  }
  const text = utf8(req.body);
  ctx.bodyText = text;
  try {
    ctx.body = JSON.parse(text);
  } catch (error) {
    return badJson(op.surface, text, (error as Error).message, requestId);
  }
  return undefined;
}

/** Everything the parameters' and the body's schemas say is wrong with the request. */
function requestIssues(
  ctx: RequestContext,
  query: Record<string, unknown>,
  headers: Record<string, string>,
): Issue[] {
  const { c, op, body } = ctx;
  const issues: Issue[] = [];
  if (c.params) {
    const header: Record<string, string> = {};
    for (const p of c.header) {
      const name = p.name.toLowerCase();
      const value = headers[name];
      if (value !== undefined) header[name] = value;
    }
    if (!c.params({ path: ctx.params, query, header })) {
      issues.push(...paramIssues(c, c.params.errors ?? []));
    }
  }
  if (op.body) {
    if (body === undefined) {
      if (op.body.required) issues.push(missingBody());
    } else if (!c.body?.(body)) {
      issues.push(...bodyIssues(c, body, c.body?.errors ?? []));
    } else if (SURROGATE_ESCAPE.test(ctx.bodyText)) {
      issues.push(...unpairedSurrogates(body, ['body']));
    }
  }
  return issues;
}

// Buffer#toString is the fast path on Node. A browser has no Buffer: TextDecoder replaces malformed bytes
// with U+FFFD as Buffer does (not `fatal`), and `ignoreBOM` keeps a leading BOM in the text as Buffer does
// (JSON.parse then refuses it the same way on both).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const utf8: (bytes: Uint8Array) => string =
  typeof Buffer === 'function'
    ? (bytes) =>
        Buffer.isBuffer(bytes)
          ? bytes.toString('utf8')
          : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
    : (bytes) => decoder.decode(bytes);

function fail(reply: Reply, op?: OperationModel): ValidationResult {
  return op?.responseHeaders
    ? { ok: false, reply, responseHeaders: op.responseHeaders }
    : { ok: false, reply };
}

/** The 413 for a body past `maxBodyBytes`, its limit as the message reads it (`64 KiB`). */
export function payloadTooLarge(surface: Surface, requestId: string, maxBodyBytes: number): Reply {
  return errorReply('payload_too_large', surface, requestId, {
    params: { limit: formatBytes(maxBodyBytes) },
  });
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

/**
 * The headers with every value a string, as a copy of their own: handlers get this object, and whatever
 * one does to it must not reach the transport's request (node's `req.headers`).
 */
function flattenHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  // A spread copies in one builtin; the rare value that is not a string is mended after.
  const headers = { ...raw } as Record<string, string | string[] | undefined>;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') continue;
    if (value === undefined) delete headers[name];
    else headers[name] = value.join(', ');
  }
  return headers as Record<string, string>;
}
