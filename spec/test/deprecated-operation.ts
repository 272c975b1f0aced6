/**
 * A served fixture (not the real API, which deprecates no operation): the real bundle with two operations
 * deprecated the way the spec README describes, so the router and the mock can be shown to send
 * `Deprecation`, `Sunset` and `Link`. Exported as `@phone-api/spec/test/deprecated-operation` for the
 * server and mock tests; the house-rule test lints it, so it stays a spec the rules accept.
 */

type Json = Record<string, unknown>;

/**
 * The deprecated operations, their lifecycle fields, and the headers every response of each must carry,
 * written out by hand as the RFCs spell them (tests compare with these, never with values the code under
 * test computes). One operation has every field, the other the deprecation date only.
 */
export const DEPRECATED_OPERATIONS: Array<{
  operationId: string;
  path: string;
  method: string;
  lifecycle: Json;
  /** Lower-case names, as `fetch` reports them. */
  headers: Record<string, string>;
}> = [
  {
    operationId: 'agentsGetPhoneNumber',
    path: '/v1/agents/phone-numbers/{id}',
    method: 'get',
    lifecycle: {
      'x-deprecated-at': '2026-11-01',
      'x-sunset': '2027-06-30',
      'x-deprecation-link': 'https://docs.phone-api.invalid/deprecations/agents-get-phone-number',
    },
    headers: {
      deprecation: '@1793491200', // 2026-11-01T00:00:00Z
      sunset: 'Wed, 30 Jun 2027 00:00:00 GMT',
      link: '<https://docs.phone-api.invalid/deprecations/agents-get-phone-number>; rel="deprecation"',
    },
  },
  {
    operationId: 'convaiGetPhoneNumber',
    path: '/v1/convai/phone-numbers/{phone_number_id}',
    method: 'get',
    lifecycle: { 'x-deprecated-at': '2026-12-01' },
    headers: { deprecation: '@1796083200' }, // 2026-12-01T00:00:00Z
  },
];

/** The expected headers of a fixture operation by operationId; `{}` for one that is not deprecated. */
export function expectedHeaders(operationId: string): Record<string, string> {
  return DEPRECATED_OPERATIONS.find((op) => op.operationId === operationId)?.headers ?? {};
}

/**
 * The documented headers. Their examples are deliberately not the values the lifecycle gives: Prism copies
 * header examples into its answers, so a test seeing the right value proves our layer computed it.
 */
const HEADERS: Record<'Deprecation' | 'Sunset' | 'Link', Json> = {
  Deprecation: {
    description: 'When the operation was deprecated (RFC 9745): `@` and Unix seconds.',
    required: true,
    schema: { type: 'string', pattern: '^@-?[0-9]{1,15}$', maxLength: 17, example: '@1700000000' },
  },
  Sunset: {
    description: 'When the operation stops working (RFC 8594), an HTTP-date.',
    required: true,
    schema: {
      type: 'string',
      pattern:
        '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$',
      maxLength: 29,
      example: 'Fri, 01 Jan 2100 00:00:00 GMT',
    },
  },
  Link: {
    description:
      'Where the deprecation is explained (`rel="deprecation"`, RFC 9745), after any links of the reply itself.',
    required: true,
    schema: {
      type: 'string',
      pattern: '^(<[^>]+>; rel="[a-z-]+", )*<https?://[^>]+>; rel="deprecation"$',
      maxLength: 2048,
      example: '<https://example.invalid/not-this-one>; rel="deprecation"',
    },
  },
};

/** Which documented headers an operation's lifecycle fields call for. */
function headersFor(lifecycle: Json): Array<keyof typeof HEADERS> {
  return [
    'Deprecation' as const,
    ...('x-sunset' in lifecycle ? (['Sunset'] as const) : []),
    ...('x-deprecation-link' in lifecycle ? (['Link'] as const) : []),
  ];
}

/** Follows a local `$ref` (`#/components/...`) to its target. */
function resolve(doc: Json, node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at as Json)[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
  return resolve(doc, target as Json);
}

/**
 * A copy of `bundle` (the parsed `dist/openapi.json`) with {@link DEPRECATED_OPERATIONS} deprecated: each
 * gets `deprecated: true` and its lifecycle fields, and each of its responses documents the headers. Shared
 * error responses are copied into the operation first, so the other operations using them stay as they are.
 */
export function withDeprecatedOperations(bundle: object): Json {
  const doc = structuredClone(bundle) as Json;
  const components = doc.components as Json;
  components.headers = { ...(components.headers as Json), ...HEADERS };
  const paths = doc.paths as Record<string, Json>;
  for (const { path, method, lifecycle } of DEPRECATED_OPERATIONS) {
    const op = paths[path]?.[method] as Json | undefined;
    if (op === undefined) throw new Error(`the bundle has no ${method.toUpperCase()} ${path}`);
    Object.assign(op, { deprecated: true }, lifecycle);
    const responses = op.responses as Record<string, Json>;
    for (const [status, response] of Object.entries(responses)) {
      const copy = structuredClone(resolve(doc, response));
      const headers = { ...(copy.headers as Json) };
      for (const name of headersFor(lifecycle)) headers[name] = { $ref: `#/components/headers/${name}` };
      responses[status] = { ...copy, headers };
    }
  }
  return doc;
}
