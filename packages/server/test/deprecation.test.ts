import {
  DEPRECATED_OPERATIONS,
  expectedHeaders,
  withDeprecatedOperations,
} from '@phone-api/spec/test/deprecated-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deprecationHeaders } from '../src/deprecation.ts';
import { createRouter } from '../src/index.ts';
import {
  AGENTS_KEY,
  authenticate,
  CONVAI_KEY,
  call,
  contractMismatch,
  fixtureHandlers,
  KNOWN_ID,
  LEGACY_UUID,
  listen,
  spec,
} from './support.ts';

const AGENTS_GET = expectedHeaders('agentsGetPhoneNumber');
const CONVAI_GET = expectedHeaders('convaiGetPhoneNumber');
const NONE = {};

describe('deprecationHeaders', () => {
  it.each([
    ['an operation that is not deprecated', { given: { 'x-sunset': '2027-06-30' }, want: undefined }],
    [
      'a deprecation date only',
      { given: { deprecated: true, 'x-deprecated-at': '2026-11-01' }, want: { Deprecation: '@1793491200' } },
    ],
    [
      'a date-time read as its date, as the gate reads x-sunset',
      {
        given: {
          deprecated: true,
          'x-deprecated-at': '2026-11-01T15:30:00Z',
          'x-sunset': '2027-06-30T08:00:00Z',
        },
        want: { Deprecation: '@1793491200', Sunset: 'Wed, 30 Jun 2027 00:00:00 GMT' },
      },
    ],
    [
      'a date-time with an offset read as its UTC date, not its local one',
      {
        given: { deprecated: true, 'x-deprecated-at': '2026-11-01', 'x-sunset': '2027-06-30T23:00:00-05:00' },
        want: { Deprecation: '@1793491200', Sunset: 'Thu, 01 Jul 2027 00:00:00 GMT' },
      },
    ],
    [
      'a Date, as a YAML 1.1 reader gives an unquoted date',
      {
        given: { deprecated: true, 'x-deprecated-at': new Date('2026-11-01T00:00:00Z') },
        want: { Deprecation: '@1793491200' },
      },
    ],
    [
      'a date before 1970',
      { given: { deprecated: true, 'x-deprecated-at': '1969-12-31' }, want: { Deprecation: '@-86400' } },
    ],
    [
      'every field',
      {
        given: {
          deprecated: true,
          'x-deprecated-at': '2026-11-01',
          'x-sunset': '2026-11-01',
          'x-deprecation-link': 'https://example.com/d?x=1',
        },
        want: {
          Deprecation: '@1793491200',
          Sunset: 'Sun, 01 Nov 2026 00:00:00 GMT',
          Link: '<https://example.com/d?x=1>; rel="deprecation"',
        },
      },
    ],
  ] as const)('%s', (_name, { given, want }) => {
    expect(deprecationHeaders({ ...given }, 'GET /x')).toEqual(want);
  });

  it.each([
    ['no x-deprecated-at', { deprecated: true }, /GET \/x is deprecated without a valid x-deprecated-at/],
    ['an impossible date', { deprecated: true, 'x-deprecated-at': '2026-02-30' }, /x-deprecated-at/],
    ['a date that is not RFC 3339', { deprecated: true, 'x-deprecated-at': '11/01/2026' }, /x-deprecated-at/],
    [
      'an x-sunset that is no date',
      { deprecated: true, 'x-deprecated-at': '2026-11-01', 'x-sunset': 'soon' },
      /x-sunset is not an RFC 3339 date/,
    ],
    [
      'an x-sunset that is a date followed by something else',
      { deprecated: true, 'x-deprecated-at': '2026-11-01', 'x-sunset': '2027-06-30Tnonsense' },
      /x-sunset is not an RFC 3339 date/,
    ],
    [
      'a sunset before the deprecation',
      { deprecated: true, 'x-deprecated-at': '2026-11-01', 'x-sunset': '2026-10-31' },
      /x-sunset is before x-deprecated-at/,
    ],
    [
      'a relative link',
      { deprecated: true, 'x-deprecated-at': '2026-11-01', 'x-deprecation-link': '/docs/deprecations' },
      /x-deprecation-link is not an absolute http\(s\) URL/,
    ],
    [
      'a link that would break out of <...>',
      {
        deprecated: true,
        'x-deprecated-at': '2026-11-01',
        'x-deprecation-link': 'https://a.example/x>; rel="next"',
      },
      /x-deprecation-link is not an absolute http\(s\) URL/,
    ],
  ] as const)('throws on %s', (_name, given, want) => {
    expect(() => deprecationHeaders({ ...given }, 'GET /x')).toThrow(want);
  });
});

const deprecatedSpec = withDeprecatedOperations(spec);
const AGENTS = { authorization: `Bearer ${AGENTS_KEY}` };
const CONVAI = { 'xi-api-key': CONVAI_KEY };
/** An id the handler below fails on, for a 500 the router itself produces. */
const FAILING_ID = 'phone_01kjqh7vm8fg9vjw2pv29p5zzz';
/** An id the handler answers with a `Link` of its own, which the deprecation link must join, not replace. */
const LINKED_ID = 'phone_01kjqh7vm8fg9vjw2pv29p5yyy';
const OWN_LINK = `<https://api.phone-api.invalid/v1/agents/phone-numbers/${KNOWN_ID}>; rel="canonical"`;

describe('the router on a spec with deprecated operations (fixture)', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(
      createRouter({
        spec: deprecatedSpec,
        handlers: {
          ...fixtureHandlers,
          agentsGetPhoneNumber: (req) => {
            if (req.params.id === FAILING_ID) throw new Error('store down');
            if (req.params.id === LINKED_ID) {
              const reply = fixtureHandlers.agentsGetPhoneNumber({ ...req, params: { id: KNOWN_ID } });
              return { ...reply, headers: { link: OWN_LINK } };
            }
            return fixtureHandlers.agentsGetPhoneNumber(req);
          },
        },
        authenticate,
        // On, so each handler reply is also checked against the headers the fixture documents.
        validateResponses: true,
        logger: { error: () => {} },
      }),
    );
  });
  afterAll(() => server.close());

  const byId = (id: string) => `/v1/agents/phone-numbers/${id}`;
  const cases: [
    string,
    {
      given: { method: string; path: string; headers?: Record<string, string> };
      want: { status: number; operationId: string; headers: Record<string, string> };
    },
  ][] = [
    [
      'a deprecated operation answering 200 from its handler',
      {
        given: { method: 'GET', path: byId(KNOWN_ID), headers: AGENTS },
        want: { status: 200, operationId: 'agentsGetPhoneNumber', headers: AGENTS_GET },
      },
    ],
    [
      'its 404 from the handler',
      {
        given: { method: 'GET', path: byId('phone_01kjqh7vm8fg9vjw2pv29p5pjx'), headers: AGENTS },
        want: { status: 404, operationId: 'agentsGetPhoneNumber', headers: AGENTS_GET },
      },
    ],
    [
      'its 404 from the validator (a legacy UUID)',
      {
        given: { method: 'GET', path: byId(LEGACY_UUID), headers: AGENTS },
        want: { status: 404, operationId: 'agentsGetPhoneNumber', headers: AGENTS_GET },
      },
    ],
    [
      'its 401 from the validator (no credential)',
      {
        given: { method: 'GET', path: byId(KNOWN_ID) },
        want: { status: 401, operationId: 'agentsGetPhoneNumber', headers: AGENTS_GET },
      },
    ],
    [
      'its 401 from authenticate (an unknown key)',
      {
        given: { method: 'GET', path: byId(KNOWN_ID), headers: { authorization: 'Bearer sk_wrong' } },
        want: { status: 401, operationId: 'agentsGetPhoneNumber', headers: AGENTS_GET },
      },
    ],
    [
      'its 500 when the handler throws',
      {
        given: { method: 'GET', path: byId(FAILING_ID), headers: AGENTS },
        want: { status: 500, operationId: 'agentsGetPhoneNumber', headers: AGENTS_GET },
      },
    ],
    [
      "its handler's own Link, kept beside the deprecation link",
      {
        given: { method: 'GET', path: byId(LINKED_ID), headers: AGENTS },
        want: {
          status: 200,
          operationId: 'agentsGetPhoneNumber',
          headers: { ...AGENTS_GET, link: `${OWN_LINK}, ${AGENTS_GET.link}` },
        },
      },
    ],
    [
      'a deprecated operation without sunset or link (Deprecation only)',
      {
        given: { method: 'GET', path: `/v1/convai/phone-numbers/${KNOWN_ID}`, headers: CONVAI },
        want: { status: 200, operationId: 'convaiGetPhoneNumber', headers: CONVAI_GET },
      },
    ],
    [
      'its 401',
      {
        given: {
          method: 'GET',
          path: `/v1/convai/phone-numbers/${KNOWN_ID}`,
          headers: { 'xi-api-key': 'x' },
        },
        want: { status: 401, operationId: 'convaiGetPhoneNumber', headers: CONVAI_GET },
      },
    ],
    [
      'an operation that is not deprecated (none)',
      {
        given: { method: 'GET', path: '/v1/agents/phone-numbers', headers: AGENTS },
        want: { status: 200, operationId: 'agentsListPhoneNumbers', headers: NONE },
      },
    ],
    [
      'another method on the deprecated path (none)',
      {
        given: { method: 'DELETE', path: byId(KNOWN_ID), headers: AGENTS },
        want: { status: 204, operationId: 'agentsDeletePhoneNumber', headers: NONE },
      },
    ],
  ];

  it.each(cases)('sends exactly the lifecycle headers on %s', async (_name, { given, want }) => {
    const reply = await call(
      server.base,
      given.method,
      given.path,
      given.headers ? { headers: given.headers } : {},
    );
    expect(reply.status).toBe(want.status);
    const sent = {
      deprecation: reply.headers.deprecation,
      sunset: reply.headers.sunset,
      link: reply.headers.link,
    };
    expect(sent).toEqual({ deprecation: undefined, sunset: undefined, link: undefined, ...want.headers });
    // Its status and body are ones the spec documents for the operation (the deprecation headers are not
    // in the real spec: the literal comparison above is what checks them).
    const surface = want.operationId.startsWith('agents') ? 'agents' : 'convai';
    expect(contractMismatch(surface, want.operationId, reply)).toBeNull();
  });

  it('lets browser code read them: CORS answers expose Deprecation, Sunset and Link', async () => {
    const reply = await call(server.base, 'GET', byId(KNOWN_ID), {
      headers: { ...AGENTS, origin: 'http://localhost:5173' },
    });
    expect(reply.headers.deprecation).toBe(AGENTS_GET.deprecation);
    const exposed = (reply.headers['access-control-expose-headers'] ?? '').split(', ');
    expect(exposed).toEqual(expect.arrayContaining(['Deprecation', 'Sunset', 'Link']));
  });

  it('adds nothing to an unknown route, which belongs to no operation', async () => {
    const reply = await call(server.base, 'GET', '/v1/agents/nope', { headers: AGENTS });
    expect(reply.status).toBe(404);
    expect(reply.headers.deprecation).toBeUndefined();
  });
});

describe('a spec the router refuses at start', () => {
  const [agentsGet] = DEPRECATED_OPERATIONS;
  const operation = (doc: Record<string, unknown>) =>
    (doc.paths as Record<string, Record<string, Record<string, unknown>>>)[agentsGet?.path ?? '']?.get ?? {};

  it.each([
    [
      'a response of a deprecated operation that does not document Sunset',
      (doc: Record<string, unknown>) => {
        const responses = operation(doc).responses as Record<string, { headers: Record<string, unknown> }>;
        delete responses['429']?.headers.Sunset;
      },
      /agentsGetPhoneNumber is deprecated and must document Sunset on 429/,
    ],
    [
      'a deprecated operation without x-deprecated-at',
      (doc: Record<string, unknown>) => {
        delete operation(doc)['x-deprecated-at'];
      },
      /GET \/v1\/agents\/phone-numbers\/\{id\} is deprecated without a valid x-deprecated-at/,
    ],
  ])('%s', (_name, edit, want) => {
    const doc = withDeprecatedOperations(spec);
    edit(doc);
    expect(() => createRouter({ spec: doc, handlers: fixtureHandlers, authenticate })).toThrow(want);
  });
});
