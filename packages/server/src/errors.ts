import { randomFillSync } from 'node:crypto';

/** The two API surfaces that share the phone-number resource. */
export type Surface = 'agents' | 'convai';

/** A reply ready to serialise: `body` is a JSON value, or `undefined` for no body (e.g. 204). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const AGENTS_PREFIX = '/v1/agents';
const CONVAI_PREFIX = '/v1/convai';

/**
 * The surface a request path belongs to, by path prefix (`/v1/agents` or `/v1/convai`, whole segments only).
 * `undefined` for paths outside both surfaces.
 */
export function surfaceOf(path: string): Surface | undefined {
  if (hasSegmentPrefix(path, AGENTS_PREFIX)) return 'agents';
  if (hasSegmentPrefix(path, CONVAI_PREFIX)) return 'convai';
  return undefined;
}

function hasSegmentPrefix(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path.charCodeAt(prefix.length);
  // NaN (end of string), '/' or '?' end the prefix segment.
  return Number.isNaN(next) || next === 47 || next === 63;
}

// 128 random bits per id, drawn from a pool refilled 256 ids at a time: one call into OpenSSL per 256
// requests, and the id is one base64url slice of the pool (randomUUID plus stripping its dashes cost
// three times as much per request).
const ID_BYTES = 16;
const idPool = Buffer.alloc(ID_BYTES * 256);
let idOffset = idPool.length;

/** A fresh request id matching the spec's `X-Request-Id` pattern `^req_[0-9A-Za-z_-]{8,64}$`. */
export function newRequestId(): string {
  if (idOffset === idPool.length) {
    randomFillSync(idPool);
    idOffset = 0;
  }
  const id = `req_${idPool.toString('base64url', idOffset, idOffset + ID_BYTES)}`;
  idOffset += ID_BYTES;
  return id;
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

/**
 * The surface's error reply for a status. Agents: `{ error: { code, message, fields? }, request_id }`;
 * convai: `{ detail: [{ loc, msg, type }] }` with `code` as `type` and `extra.loc` as `loc` (default `[]`).
 * Both carry the `X-Request-Id` header.
 */
export function errorReply(
  surface: Surface,
  status: number,
  code: string,
  message: string,
  requestId: string,
  extra?: { fields?: Record<string, string>; loc?: (string | number)[] },
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

/** One convai `detail` item. */
export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** A convai 4xx reply listing several problems (at most 100, the spec's `maxItems`). */
export function convaiDetailReply(status: number, details: ValidationDetail[], requestId: string): Reply {
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

function cleanLoc(loc: (string | number)[]): (string | number)[] {
  return loc.slice(0, MAX_LOC_ITEMS).map((part) => (typeof part === 'number' ? part : truncate(part)));
}

function truncate(part: string): string {
  const clean = printable(part);
  return clean.length <= MAX_LOC_STRING ? clean : clean.slice(0, MAX_LOC_STRING);
}
