import type { Surface } from '@phone-api/openapi';
import { base64url } from './base64url.ts';
import {
  type AgentsEntry,
  type CatalogueEntry,
  type ConvaiEntry,
  ERRORS,
  type ErrorMeaning,
  type Loc,
  type ParamsOf,
  type StatusOf,
  type SurfacesOf,
} from './catalogue.ts';
import type { components } from './schema.gen.ts';

// The surface of a path is the OpenAPI helper's; re-exported here, where the error shapes that differ by it live.
export { type Surface, surfaceOf } from '@phone-api/openapi';

/** A reply ready to serialise: `body` is a JSON value, or `undefined` for no body (e.g. 204). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

// 144 random bits per id, drawn from a pool refilled 256 ids at a time and encoded in one go: 18 bytes are
// whole base64 groups, so each id is 24 characters of the pool's text, and a request costs one slice of it
// (an encoding call per id cost five times as much; randomUUID plus stripping its dashes more still).
// `globalThis.crypto` is Web Crypto on Node and in browsers alike.
const ID_BYTES = 18;
const ID_CHARS = 24;
const IDS_PER_POOL = 256;
const idPool = new Uint8Array(ID_BYTES * IDS_PER_POOL);
let idText = '';
let idIndex = IDS_PER_POOL;

// Node's native base64url of a Buffer view over the same pool is faster than the portable encoding;
// a browser (the in-browser mock) has no Buffer and takes the portable one, as does
// a page whose bundler put in a Buffer polyfill without base64url.
const encodePool: () => string =
  typeof Buffer === 'function' && Buffer.isEncoding('base64url')
    ? (
        (view) => () =>
          view.toString('base64url')
      )(Buffer.from(idPool.buffer, idPool.byteOffset, idPool.byteLength))
    : () => base64url(idPool);

/**
 * `body` with this request's id where the agents error envelope carries one (`request_id`), whatever id it
 * held (a scripted answer's, an example's); any other body as it is.
 */
export function withRequestId(body: unknown, requestId: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('request_id' in body))
    return body;
  return { ...body, request_id: requestId };
}

/** A fresh request id matching the spec's `X-Request-Id` pattern `^req_[0-9A-Za-z_-]{8,64}$`. */
export function newRequestId(): string {
  if (idIndex === IDS_PER_POOL) {
    globalThis.crypto.getRandomValues(idPool);
    idText = encodePool();
    idIndex = 0;
  }
  const start = idIndex++ * ID_CHARS;
  return `req_${idText.slice(start, start + ID_CHARS)}`;
}

// Limits taken from the spec's Error and ValidationError schemas, so every reply stays in contract.
const MAX_MESSAGE = 1024;
const MAX_FIELD_MESSAGE = 512;
const MAX_FIELDS = 100;
const MAX_LOC_ITEMS = 32;
const MAX_LOC_STRING = 256;

/** Replaces control characters (forbidden by the spec's message patterns) with visible escapes. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\x00-\x1F\x7F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function clip(text: string, max: number): string {
  const clean = printable(text);
  if (clean.length === 0) return '-';
  return clean.length <= max ? clean : `${clean.slice(0, max - 3)}...`;
}

/** One convai `detail` item. */
export interface ValidationDetail {
  loc: Loc;
  msg: string;
  type: string;
}

/** What a caller may add to a meaning; everything else comes from the catalogue entry. */
export interface ErrorDetails {
  /** Convai: where the problem is, when the entry's default does not say it (the offending field). */
  loc?: Loc;
}

/** The details of a validation failure: the per-request list of problems, in each surface's form. */
export interface ValidationDetails extends ErrorDetails {
  /** Agents `error.fields`: `path -> message`, one per offending field. */
  fields?: Record<string, string>;
  /** Convai: one `detail` item per problem (at most 100 are sent, the spec's `maxItems`). */
  issues?: readonly ValidationDetail[];
}

type DetailsOf<M extends ErrorMeaning> = M extends 'validation_failed' ? ValidationDetails : ErrorDetails;

/** `errorReply`'s optional last argument, required (with `params`) when the meaning's wording has parameters. */
export type ErrorDetailsArg<M extends ErrorMeaning> = [ParamsOf<M>] extends [never]
  ? [details?: DetailsOf<M>]
  : [details: DetailsOf<M> & { params: ParamsOf<M> }];

type Bodies = {
  agents: components['schemas']['Error'];
  convai: components['schemas']['HTTPValidationError'];
};

/** The reply `errorReply` builds for meaning `M` on surface `S`: its literal status and the surface's body. */
export type ErrorReply<M extends ErrorMeaning, S extends SurfacesOf<M>> =
  S extends SurfacesOf<M>
    ? { status: StatusOf<M, S>; headers: Record<string, string>; body: Bodies[S] }
    : never;

/**
 * The surface's reply for an error meaning: status, code or type, message and `loc` from the catalogue
 * (`ERRORS`), the request id in `X-Request-Id` (and in the agents envelope's `request_id`). The one way any
 * server here builds an error body; only called on the error path, so successful requests pay nothing.
 * Handlers may return the result as it is: its status is the entry's literal status.
 */
export function errorReply<M extends ErrorMeaning, S extends SurfacesOf<M>>(
  meaning: M,
  surface: S,
  requestId: string,
  ...[details]: ErrorDetailsArg<M>
): ErrorReply<M, S> {
  const entry: CatalogueEntry = ERRORS[meaning];
  const extra = details as (ValidationDetails & { params?: unknown }) | undefined;
  if (surface === 'agents') {
    const agents = entry.agents as AgentsEntry<unknown>;
    const message = fill(agents.message, extra?.params);
    const fields = extra?.fields ?? agents.fields;
    return shapeError(
      'agents',
      agents.status,
      agents.code,
      message,
      requestId,
      fields ? { fields } : undefined,
    ) as ErrorReply<M, S>;
  }
  const convai = entry.convai as ConvaiEntry<unknown>;
  if (extra?.issues) return shapeDetails(convai.status, extra.issues, requestId) as ErrorReply<M, S>;
  return shapeError('convai', convai.status, convai.type, fill(convai.message, extra?.params), requestId, {
    loc: extra?.loc ?? fill(convai.loc, extra?.params),
  }) as ErrorReply<M, S>;
}

function fill<T>(template: T | ((params: unknown) => T), params: unknown): T {
  return typeof template === 'function' ? (template as (params: unknown) => T)(params) : template;
}

/**
 * The surface's error body for a status, code and message, kept inside the spec's limits (control
 * characters escaped, lengths clipped). Agents: `{ error: { code, message, fields? }, request_id }`; convai:
 * `{ detail: [{ loc, msg, type }] }` with `code` as `type` and `extra.loc` as `loc` (default `[]`). Both
 * carry the `X-Request-Id` header. Not exported from the package: callers name a meaning ({@link errorReply}).
 */
export function shapeError(
  surface: Surface,
  status: number,
  code: string,
  message: string,
  requestId: string,
  extra?: { fields?: Readonly<Record<string, string>>; loc?: Loc },
): Reply {
  const headers = { 'X-Request-Id': requestId };
  if (surface === 'agents') {
    const error: { code: string; message: string; fields?: Record<string, string> } = {
      code,
      message: clip(message, MAX_MESSAGE),
    };
    if (extra?.fields) {
      const fields: Record<string, string> = {};
      let count = 0;
      for (const [path, text] of Object.entries(extra.fields)) {
        if (count++ >= MAX_FIELDS) break;
        fields[path] = clip(text, MAX_FIELD_MESSAGE);
      }
      error.fields = fields;
    }
    return { status, headers, body: { error, request_id: requestId } };
  }
  return {
    status,
    headers,
    body: { detail: [{ loc: cleanLoc(extra?.loc ?? []), msg: clip(message, MAX_MESSAGE), type: code }] },
  };
}

/** A convai 4xx reply listing several problems (at most 100, the spec's `maxItems`). */
export function shapeDetails(status: number, details: readonly ValidationDetail[], requestId: string): Reply {
  return {
    status,
    headers: { 'X-Request-Id': requestId },
    body: {
      detail: details.slice(0, 100).map((d) => ({
        loc: cleanLoc(d.loc),
        msg: clip(d.msg, MAX_MESSAGE),
        type: d.type,
      })),
    },
  };
}

function cleanLoc(loc: Loc): (string | number)[] {
  return loc.slice(0, MAX_LOC_ITEMS).map((part) => (typeof part === 'number' ? part : truncate(part)));
}

function truncate(part: string): string {
  const clean = printable(part);
  return clean.length <= MAX_LOC_STRING ? clean : clean.slice(0, MAX_LOC_STRING);
}
