import { parseLifecycleDate } from '@phone-api/spec/lifecycle-dates';

/**
 * The response headers of a deprecated operation, computed once per operation when the spec is compiled:
 * `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and `Link; rel="deprecation"` (RFC 9745, section 3).
 * The router and the mock both read them from the operation model, so the two HTTP layers cannot disagree.
 */

/** Headers every response of one operation carries, by their canonical names. */
export type OperationHeaders = Readonly<Record<string, string>>;

/**
 * The headers a deprecated operation adds to every response, or `undefined` for an operation that is not
 * deprecated. Reads `x-deprecated-at` (when it was or will be deprecated: RFC 9745 needs a date and the
 * spec has no standard field for it), `x-sunset` (the lifecycle the breaking-change gate enforces) and
 * the optional `x-deprecation-link` (a page about the deprecation). Both are read by the spec package's
 * `parseLifecycleDate` (as the gate and the house rule read them) and sent as 00:00 UTC of their UTC
 * date, the gate's reading (a sunset "has passed" from that day on).
 * @throws on a deprecated operation without a valid `x-deprecated-at`, an invalid `x-sunset` or link, or a
 * sunset before the deprecation: a server cannot send headers the spec gets wrong.
 */
export function deprecationHeaders(op: Record<string, unknown>, label: string): OperationHeaders | undefined {
  if (op.deprecated !== true) return undefined;
  const deprecatedAt = dayOf(op['x-deprecated-at']);
  if (deprecatedAt === undefined)
    throw new Error(
      `${label} is deprecated without a valid x-deprecated-at (an RFC 3339 date, YYYY-MM-DD): RFC 9745 needs the date`,
    );
  const headers: Record<string, string> = { Deprecation: `@${Math.floor(deprecatedAt / 1000)}` };
  if (op['x-sunset'] !== undefined) {
    const sunset = dayOf(op['x-sunset']);
    if (sunset === undefined) throw new Error(`${label}: x-sunset is not an RFC 3339 date`);
    if (sunset < deprecatedAt) throw new Error(`${label}: x-sunset is before x-deprecated-at`);
    // toUTCString() is the IMF-fixdate form of an HTTP-date (RFC 9110, section 5.6.7).
    headers.Sunset = new Date(sunset).toUTCString();
  }
  const link = op['x-deprecation-link'];
  if (link !== undefined) {
    // No space or angle bracket: the URL goes between `<` and `>` of the Link header as it is.
    if (typeof link !== 'string' || !/^https?:\/\/[^\s<>]+$/.test(link) || !URL.canParse(link))
      throw new Error(`${label}: x-deprecation-link is not an absolute http(s) URL`);
    headers.Link = `<${link}>; rel="deprecation"`;
  }
  return headers;
}

/**
 * Epoch milliseconds of 00:00 UTC on the value's UTC date (a date-time counts by the UTC date of its
 * instant, as the gate counts it), `undefined` when it is not an RFC 3339 date or date-time.
 */
const dayOf = (value: unknown): number | undefined => parseLifecycleDate(value)?.day;

/**
 * Refuses an operation whose responses do not all document the headers it adds: every header a server
 * sends is one the spec documents (the house rule `deprecated-operation-headers` says the same at lint
 * time; this catches a spec served unlinted, such as the mock reloading an edit).
 */
export function assertHeadersDocumented(
  operationId: string,
  headers: OperationHeaders,
  responses: ReadonlyMap<number, { headers: readonly { name: string }[] }>,
): void {
  const missing: string[] = [];
  for (const [status, response] of responses) {
    const documented = new Set(response.headers.map((h) => h.name.toLowerCase()));
    for (const name of Object.keys(headers))
      if (!documented.has(name.toLowerCase())) missing.push(`${name} on ${status}`);
  }
  if (missing.length > 0)
    throw new Error(
      `${operationId} is deprecated and must document ${missing.join(', ')}: the server sends them`,
    );
}

/**
 * A reply's headers with its deprecated operation's headers added. Theirs win, but a reply's own `Link`
 * (`rel="next"`, say) is kept beside `rel="deprecation"`: one field may carry several links (RFC 8288).
 */
export function withOperationHeaders(
  headers: Readonly<Record<string, string>>,
  operation: OperationHeaders,
): Record<string, string> {
  const out: Record<string, string> = { ...headers, ...operation };
  const own = Object.keys(headers).find((name) => name.toLowerCase() === 'link');
  if (own !== undefined && operation.Link !== undefined) {
    delete out[own];
    out.Link = `${headers[own]}, ${operation.Link}`;
  }
  return out;
}
