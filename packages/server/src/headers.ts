/**
 * HTTP header rules every transport needs: RFC 9110's field-name token and field-value characters (what
 * node:http enforces in writeHead, written out because node's checks do not exist in a service worker),
 * and the framing headers only the transport may set.
 */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Headers that frame the message: the pipeline and the transport set them, never a reply. */
const FRAMING = new Set(['content-length', 'content-type', 'transfer-encoding', 'connection']);

/** Throws a one-line reason when `name: value` cannot be sent. */
export function assertHeader(name: string, value: unknown): void {
  if (!TOKEN.test(name)) throw new Error(`header name ${JSON.stringify(name)} is not a token`);
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error(`header ${name} has no string value`);
  if (BAD_VALUE.test(String(value))) throw new Error(`header ${name} has a character HTTP does not allow`);
}

/** Whether `name` is a framing header (any case). */
export function isFraming(name: string): boolean {
  return FRAMING.has(name.toLowerCase());
}

/**
 * Removes framing headers a reply brought (in any case), so the ones the pipeline sets are the only ones:
 * two `Content-Length`s, or one beside `Transfer-Encoding`, is a malformed message.
 */
export function dropFraming(headers: Record<string, string | number>): void {
  for (const name in headers) if (mayFrame(name) && FRAMING.has(name.toLowerCase())) delete headers[name];
}

/**
 * Whether `name` can be a framing header at all, by its length and first letter: every reply passes here,
 * and lower-casing each of its names only to find them all ordinary was most of this step's cost.
 */
function mayFrame(name: string): boolean {
  const first = name.charCodeAt(0) | 0x20; // ASCII lower case
  return first === 99 /* c */
    ? name.length === 10 || name.length === 12 || name.length === 14
    : first === 116 /* t */ && name.length === 17;
}
