import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffSpecs } from '../src/breaking/index.ts';
import { baseDoc, type Json, node } from './fixtures/rules.ts';

type Edit = (d: Json) => void;
const props = (d: Json, name: string) => node(d, 'components', 'schemas', name, 'properties');
const itemCreate = (d: Json) => node(d, 'components', 'schemas', 'ItemCreate');
const item = (d: Json) => node(d, 'components', 'schemas', 'Item');
const getOne = 'GET /items/{id}';

/** The kinds (and, for one operation, the locations) that `after` yields against `before`. */
function found(before: Edit, after: Edit, operation?: string): [string, string][] {
  const a = baseDoc();
  before(a);
  const b = structuredClone(a);
  after(b);
  return diffSpecs(a, b)
    .filter((c) => operation === undefined || c.operation === operation)
    .map((c) => [c.kind, c.location]);
}
const none: Edit = () => {};
const yaml = (text: string) => parse(text) as Json;
const set =
  (at: (d: Json) => Json, key: string, value: unknown): Edit =>
  (d) => {
    at(d)[key] = value;
  };
const unset =
  (at: (d: Json) => Json, key: string): Edit =>
  (d) => {
    delete at(d)[key];
  };

// Checks that reuse a rule of the fixture table from another angle, each proven by the edit it catches.
describe('schema checks beyond the one-fixture-per-rule table', () => {
  it.each([
    [
      'a request body closed with additionalProperties: false narrows it',
      {
        given: [none, set((d) => itemCreate(d), 'additionalProperties', false)] as const,
        want: [['request-property-type-narrowed', 'request application/json body']],
      },
    ],
    [
      'a closed request body opened again widens it',
      {
        given: [
          set((d) => itemCreate(d), 'additionalProperties', false),
          unset((d) => itemCreate(d), 'additionalProperties'),
        ] as const,
        want: [['request-property-type-widened', 'request application/json body']],
      },
    ],
    [
      'a closed response opened may carry unknown properties (breaking)',
      {
        given: [
          set((d) => item(d), 'additionalProperties', false),
          unset((d) => item(d), 'additionalProperties'),
        ] as const,
        want: [['response-property-type-widened', 'response 200 application/json body']],
        operation: getOne,
      },
    ],
    [
      'a response closed with additionalProperties: false is narrower',
      {
        given: [none, set((d) => item(d), 'additionalProperties', false)] as const,
        want: [['response-property-type-narrowed', 'response 200 application/json body']],
        operation: getOne,
      },
    ],
    [
      'a replaced response pattern is neither proven wider nor narrower: a warning',
      {
        given: [
          set((d) => node(props(d, 'Item'), 'id'), 'pattern', '^a'),
          set((d) => node(props(d, 'Item'), 'id'), 'pattern', '^b'),
        ] as const,
        want: [['pattern-changed', 'response 200 application/json body.id']],
        operation: getOne,
      },
    ],
    [
      'a new response format is a tighter bound',
      {
        given: [none, set((d) => node(props(d, 'Item'), 'id'), 'format', 'uuid')] as const,
        want: [['response-property-bounds-narrowed', 'response 200 application/json body.id']],
        operation: getOne,
      },
    ],
    [
      'a replaced request format is neither proven wider nor narrower: a warning',
      {
        given: [
          set((d) => node(props(d, 'ItemCreate'), 'label'), 'format', 'email'),
          set((d) => node(props(d, 'ItemCreate'), 'label'), 'format', 'uri'),
        ] as const,
        want: [['pattern-changed', 'request application/json body.label']],
      },
    ],
    [
      'a request pattern where there was none provably narrows what is accepted',
      {
        given: [none, set((d) => node(props(d, 'ItemCreate'), 'label'), 'pattern', '^[a-z]+$')] as const,
        want: [['request-property-type-narrowed', 'request application/json body.label']],
      },
    ],
    [
      'a response pattern dropped provably widens what may be sent',
      {
        given: [
          set((d) => node(props(d, 'Item'), 'id'), 'pattern', '^a'),
          unset((d) => node(props(d, 'Item'), 'id'), 'pattern'),
        ] as const,
        want: [['response-property-bounds-widened', 'response 200 application/json body.id']],
        operation: getOne,
      },
    ],
    [
      'a response property becoming writeOnly is no longer returned',
      {
        given: [none, set((d) => node(props(d, 'Item'), 'label'), 'writeOnly', true)] as const,
        want: [['property-access-restricted', 'response 200 application/json body.label']],
        operation: getOne,
      },
    ],
    [
      'readOnly on a response-only property is no change to responses',
      {
        given: [none, set((d) => node(props(d, 'Item'), 'label'), 'readOnly', true)] as const,
        want: [],
        operation: getOne,
      },
    ],
    [
      'a discriminator mapping renamed for the same variant',
      {
        given: [
          none,
          (d: Json) => {
            const mapping = node(props(d, 'Item'), 'owner', 'discriminator', 'mapping');
            mapping.person = mapping.user;
            delete mapping.user;
          },
        ] as const,
        want: [
          ['discriminator-changed', 'response 200 application/json body.owner'],
          ['response-variant-removed', 'response 200 application/json body.owner<user>'],
          ['response-variant-added', 'response 200 application/json body.owner<person>'],
        ],
        operation: getOne,
      },
    ],
    [
      'a parameter default that changes',
      {
        given: [
          none,
          set((d) => node(d, 'paths', '/items', 'get', 'parameters', 0, 'schema'), 'default', 20),
        ] as const,
        want: [['default-value-changed', 'query parameter limit']],
      },
    ],
    [
      'a response description that changes',
      {
        given: [
          none,
          set(
            (d) => node(d, 'paths', '/items/{id}', 'get', 'responses', '200'),
            'description',
            'The item, fresh.',
          ),
        ] as const,
        want: [['description-changed', 'response 200']],
        operation: getOne,
      },
    ],
    [
      'a response header that may now be a number is widened',
      {
        given: [
          none,
          set(
            (d) => node(d, 'paths', '/items', 'get', 'responses', '200', 'headers', 'X-Request-Id', 'schema'),
            'type',
            ['string', 'integer'],
          ),
        ] as const,
        want: [['response-property-type-widened', 'response 200 header X-Request-Id']],
      },
    ],
    [
      'a path-level regional server list that replaces the document servers',
      {
        given: [
          set((d) => d, 'servers', [{ url: 'https://api.example.com' }]),
          set((d) => node(d, 'paths', '/items/{id}'), 'servers', [{ url: 'https://api.us.example.com' }]),
        ] as const,
        want: [
          ['server-removed', 'server https://api.example.com'],
          ['server-added', 'server https://api.us.example.com'],
        ],
        operation: getOne,
      },
    ],
  ])('%s', (_name, { given, want, ...rest }) => {
    const operation = 'operation' in rest ? (rest.operation as string) : undefined;
    const got = found(given[0], given[1], operation);
    expect(got.sort()).toEqual([...want].map((w) => [...w]).sort());
  });
});

// Inline variants are matched by their type/const signature, not their position.
describe('inline oneOf variants', () => {
  const union = (variants: Json[]): Edit =>
    set((d) => props(d, 'ItemCreate'), 'nickname', { oneOf: variants });
  const text = (maxLength: number) => ({ type: 'string', maxLength });
  it.each([
    [
      'reordering them is no change',
      {
        given: [union([text(10), { type: 'null' }]), union([{ type: 'null' }, text(10)])] as const,
        want: [],
      },
    ],
    [
      'a narrowed variant is found by its type after another one is inserted before it',
      {
        given: [
          union([text(10), { type: 'null' }]),
          union([{ type: 'integer' }, text(5), { type: 'null' }]),
        ] as const,
        want: [
          ['request-property-type-narrowed', 'request application/json body.nickname<string>'],
          ['request-variant-added', 'request application/json body.nickname<integer>'],
        ],
      },
    ],
    [
      'variants with the same signature fall back to their order among themselves',
      {
        given: [
          union([{ const: 'a' }, text(10), text(20)]),
          union([text(10), text(30), { const: 'a' }]),
        ] as const,
        want: [['request-property-type-widened', 'request application/json body.nickname<string#1>']],
      },
    ],
  ])('%s', (_name, { given: [before, after], want }) => {
    expect(found(before, after, 'POST /items')).toEqual(want);
  });
});

// if/then/else, not, dependentRequired, dependentSchemas: any change is reported (direction unprovable).
describe('conditional keywords', () => {
  const body = (d: Json) => node(d, 'components', 'schemas', 'ItemCreate');
  it.each([
    // Conditions are written as YAML, as in the spec (a `then` key in an object literal reads as a thenable).
    ['if/then adds a required field', yaml('{ if: { required: [label] }, then: { required: [kind] } }')],
    ['not forbids a combination', { not: { required: ['name', 'label'] } }],
    ['dependentRequired', { dependentRequired: { label: ['kind'] } }],
    ['dependentSchemas', { dependentSchemas: { label: { required: ['kind'] } } }],
    [
      'an allOf member gains else',
      yaml('{ allOf: [{ if: { required: [label] }, then: {}, else: { required: [kind] } }] }'),
    ],
  ] as [string, Json][])('%s: request-schema-condition-changed', (_name, extra) => {
    expect(found(none, (d) => Object.assign(body(d), extra), 'POST /items')).toEqual([
      ['request-schema-condition-changed', 'request application/json body'],
    ]);
  });

  it('reordering the keys inside a condition is no change', () => {
    const cond = (d: Json, value: Json) => {
      Object.assign(body(d), { if: value, ...yaml('{ then: { required: [kind] } }') });
    };
    expect(
      found(
        (d) => cond(d, { required: ['label'], properties: { label: { type: 'string' } } }),
        (d) => cond(d, { properties: { label: { type: 'string' } }, required: ['label'] }),
      ),
    ).toEqual([]);
  });
});

describe('where a bound change points', () => {
  it.each([
    [
      'a replaced pattern, at pattern',
      { key: 'pattern', before: '^a', after: '^b', want: '/properties/id/pattern' },
    ],
    [
      'a longer maxLength, at maxLength',
      { key: 'maxLength', before: 5, after: 9, want: '/properties/id/maxLength' },
    ],
    [
      'a dropped pattern, at its schema',
      { key: 'pattern', before: '^a', after: undefined, want: '/properties/id' },
    ],
  ])('%s', (_name, { key, before, after, want }) => {
    const a = baseDoc();
    node(props(a, 'Item'), 'id')[key] = before;
    const b = structuredClone(a);
    if (after === undefined) delete node(props(b, 'Item'), 'id')[key];
    else node(props(b, 'Item'), 'id')[key] = after;
    const pointers = diffSpecs(a, b).map((c) => c.pointer);
    expect(pointers.length).toBeGreaterThan(0);
    for (const pointer of pointers) expect(pointer).toBe(`#/components/schemas/Item${want}`);
  });
});
