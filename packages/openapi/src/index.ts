/**
 * The repo's one OpenAPI helper: JSON pointers (RFC 6901, plain and URI-fragment form), local `$ref`
 * resolution with cycle safety, the OpenAPI 3.1 operation methods, and the API surface of a path.
 * Modelled on openapi-typescript's `lib/ref-utils.ts`. The contract suite keeps its own reader on purpose.
 */

/** The fixed fields of an OpenAPI 3.1 Path Item that hold operations, in the specification's order. */
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** An operation method of a Path Item (lower case, as the document spells it). */
export type Method = (typeof METHODS)[number];

const METHOD_SET: ReadonlySet<string> = new Set(METHODS);

/** True when `key` of a Path Item names an operation (not `parameters`, `summary`, `$ref`, ...). */
export function isMethod(key: string): key is Method {
  return METHOD_SET.has(key);
}

/** Escapes one reference token: `~` -> `~0`, `/` -> `~1` (RFC 6901 section 3). */
export function escapeSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Unescapes one reference token: `~1` -> `/`, then `~0` -> `~` (RFC 6901 section 4: this order). */
export function unescapeSegment(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * The reference tokens of a JSON pointer. The plain form (`/a/b~1c`) is unescaped only; the URI-fragment
 * form (`#/a/b%20c`, as `$ref` writes it) is percent-decoded first (RFC 6901 section 6). `''` and `'#'`
 * are the whole document. Throws on a pointer that is neither.
 */
export function parsePointer(pointer: string): string[] {
  const fragment = pointer.startsWith('#');
  const body = fragment ? pointer.slice(1) : pointer;
  if (body === '') return [];
  if (!body.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return body
    .slice(1)
    .split('/')
    .map((token) => unescapeSegment(fragment ? decodeURIComponent(token) : token));
}

/** `base` (a plain pointer, `''` for the root) extended by tokens, each escaped. */
export function formatPointer(segments: readonly (string | number)[], base = ''): string {
  let out = base;
  for (const segment of segments) out += `/${escapeSegment(segment)}`;
  return out;
}

/** The value a pointer (either form) names in `doc`, or `undefined` when any step is missing. */
export function getPointer(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** What following a value's `$ref` chain found. */
export interface Resolved {
  /** The target (the value itself when it is not a `$ref`); `undefined` when the chain is broken. */
  node: unknown;
  /** Plain JSON pointer of `node` (the last ref's target, or the pointer given for the value). */
  pointer: string;
  /** The last `$ref` followed, as written. */
  ref?: string;
  /** Why the chain is broken: a ref that is not a local JSON pointer, or a ref seen twice on the chain. */
  broken?: 'external' | 'cycle';
}

/**
 * Follows a chain of local `$ref`s (`#/...`) from `value` (found at `pointer`) inside `doc`. Never
 * throws: an external ref or a cycle ends the chain with `node: undefined` and says which in `broken`.
 */
export function resolveRef(doc: unknown, value: unknown, pointer = ''): Resolved {
  let node = value;
  let at = pointer;
  let ref: string | undefined;
  const seen = new Set<string>();
  while (isRefObject(node)) {
    ref = node.$ref;
    // Another document, or a plain-name fragment (`#anchor`): not a pointer into this one.
    if (ref !== '#' && !ref.startsWith('#/'))
      return { node: undefined, pointer: at, ref, broken: 'external' };
    if (seen.has(ref)) return { node: undefined, pointer: at, ref, broken: 'cycle' };
    seen.add(ref);
    at = formatPointer(parsePointer(ref));
    node = getPointer(doc, ref);
  }
  return ref === undefined ? { node, pointer: at } : { node, pointer: at, ref };
}

/**
 * As {@link resolveRef}, for callers that need an object: throws on a broken chain and when the target
 * is not an object.
 */
export function deref(
  doc: unknown,
  value: unknown,
  pointer = '',
): { node: Record<string, unknown>; pointer: string } {
  const resolved = resolveRef(doc, value, pointer);
  if (resolved.broken) throw new Error(`unsupported $ref ${resolved.ref} at ${resolved.pointer}`);
  if (resolved.node === null || typeof resolved.node !== 'object')
    throw new Error(`nothing at ${resolved.pointer}`);
  return { node: resolved.node as Record<string, unknown>, pointer: resolved.pointer };
}

function isRefObject(value: unknown): value is { $ref: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string'
  );
}

/** The two API surfaces that share the phone-number resource. */
export type Surface = 'agents' | 'convai';

const AGENTS_PREFIX = '/v1/agents';
const CONVAI_PREFIX = '/v1/convai';

/**
 * The surface a path belongs to, by prefix (`/v1/agents` or `/v1/convai`, whole segments only; a query
 * may follow). `undefined` for paths outside both surfaces.
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
