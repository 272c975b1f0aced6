import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  deref,
  formatPointer,
  getPointer,
  isMethod,
  METHODS,
  type Method,
  parsePointer,
  resolveRef,
  type Surface,
  surfaceOf,
} from '../src/index.ts';

const doc = {
  paths: { '/v1/items/{id}': { $ref: '#/components/pathItems/Item' } },
  components: {
    pathItems: { Item: { get: { operationId: 'getItem' } } },
    schemas: {
      A: { $ref: '#/components/schemas/B' },
      B: { type: 'string' },
      'a b': { type: 'integer' },
      'x/y~z': { type: 'boolean' },
      Loop1: { $ref: '#/components/schemas/Loop2' },
      Loop2: { $ref: '#/components/schemas/Loop1' },
      Self: { $ref: '#/components/schemas/Self' },
      Away: { $ref: 'other.yaml#/X' },
      Dangling: { $ref: '#/components/schemas/Nope' },
    },
  },
  list: ['zero', 'one'],
  '': { empty: true },
};

describe('parsePointer', () => {
  const cases: [string, { given: string; want: string[] }][] = [
    ['the root, plain', { given: '', want: [] }],
    ['the root, fragment', { given: '#', want: [] }],
    ['plain tokens', { given: '/a/b', want: ['a', 'b'] }],
    ['~1 is a slash', { given: '/paths/~1v1~1items', want: ['paths', '/v1/items'] }],
    ['~01 is ~1, not a slash (order of RFC 6901 section 4)', { given: '/~01', want: ['~1'] }],
    ['an empty token is a key', { given: '/a//b', want: ['a', '', 'b'] }],
    ['the plain form is not percent-decoded', { given: '/a%20b', want: ['a%20b'] }],
    ['the fragment form is percent-decoded', { given: '#/a%20b', want: ['a b'] }],
    ['the fragment form decodes, then unescapes', { given: '#/x~1y%7E0z', want: ['x/y~z'] }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(parsePointer(given)).toEqual(want));

  it('refuses a string that is no pointer', () =>
    expect(() => parsePointer('a/b')).toThrow(/not a JSON pointer/));
});

describe('formatPointer', () => {
  const cases: [string, { given: [(string | number)[], string?]; want: string }][] = [
    ['no tokens is the base', { given: [[], '/x'], want: '/x' }],
    ['escapes ~ before /', { given: [['a~/b']], want: '/a~0~1b' }],
    ['numbers are tokens', { given: [['list', 1]], want: '/list/1' }],
    ['extends a base', { given: [['get'], '/paths/~1v1'], want: '/paths/~1v1/get' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(formatPointer(...given)).toBe(want));

  it('round-trips through parsePointer', () => {
    const tokens = ['paths', '/v1/{id}', '~x', '', '0'];
    expect(parsePointer(formatPointer(tokens))).toEqual(tokens);
  });
});

describe('getPointer', () => {
  const cases: [string, { given: string; want: unknown }][] = [
    ['the root', { given: '', want: doc }],
    ['an escaped key', { given: '/components/schemas/x~1y~0z', want: { type: 'boolean' } }],
    ['a percent-encoded fragment', { given: '#/components/schemas/a%20b', want: { type: 'integer' } }],
    ['an array index', { given: '/list/1', want: 'one' }],
    ['the empty key', { given: '/', want: { empty: true } }],
    ['a missing key', { given: '/components/nope/x', want: undefined }],
    ['no inherited keys', { given: '/components/toString', want: undefined }],
    ['through a primitive', { given: '/list/0/x', want: undefined }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(getPointer(doc, given)).toEqual(want));
});

describe('resolveRef', () => {
  const cases: [string, { given: [unknown, string?]; want: object }][] = [
    [
      'a non-ref is itself',
      { given: [{ type: 'x' }, '/here'], want: { node: { type: 'x' }, pointer: '/here' } },
    ],
    [
      'a chain to its end',
      {
        given: [{ $ref: '#/components/schemas/A' }],
        want: { node: { type: 'string' }, pointer: '/components/schemas/B', ref: '#/components/schemas/B' },
      },
    ],
    [
      'a percent-encoded ref, pointer in plain form',
      {
        given: [{ $ref: '#/components/schemas/a%20b' }],
        want: { node: { type: 'integer' }, pointer: '/components/schemas/a b' },
      },
    ],
    [
      'a two-ref cycle',
      { given: [{ $ref: '#/components/schemas/Loop1' }], want: { node: undefined, broken: 'cycle' } },
    ],
    [
      'a self-ref',
      { given: [{ $ref: '#/components/schemas/Self' }], want: { node: undefined, broken: 'cycle' } },
    ],
    [
      'an external ref',
      {
        given: [{ $ref: '#/components/schemas/Away' }],
        want: { node: undefined, ref: 'other.yaml#/X', broken: 'external' },
      },
    ],
    ['a dangling ref', { given: [{ $ref: '#/components/schemas/Dangling' }], want: { node: undefined } }],
    [
      'a plain-name fragment is no pointer',
      { given: [{ $ref: '#anchor' }], want: { node: undefined, broken: 'external' } },
    ],
    ['`#` is the document', { given: [{ $ref: '#' }], want: { node: doc, pointer: '' } }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(resolveRef(doc, ...given)).toMatchObject(want));
});

describe('deref', () => {
  it('returns an object target and its pointer', () =>
    expect(deref(doc, doc.paths['/v1/items/{id}'], '/paths/~1v1~1items~1{id}')).toEqual({
      node: { get: { operationId: 'getItem' } },
      pointer: '/components/pathItems/Item',
    }));
  const cases: [string, { given: unknown; want: RegExp }][] = [
    ['a cycle', { given: { $ref: '#/components/schemas/Loop1' }, want: /unsupported \$ref/ }],
    ['an external ref', { given: { $ref: 'other.yaml#/X' }, want: /unsupported \$ref other.yaml#\/X/ }],
    ['a dangling ref', { given: { $ref: '#/nope' }, want: /nothing at \/nope/ }],
    ['a primitive', { given: 'text', want: /nothing at/ }],
  ];
  it.each(cases)('throws on %s', (_, { given, want }) => expect(() => deref(doc, given)).toThrow(want));
});

describe('METHODS', () => {
  it('are the eight operation fields of an OpenAPI 3.1 Path Item, in its order', () =>
    expect(METHODS).toEqual(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']));
  const cases: [string, { given: string; want: boolean }][] = [
    ['get', { given: 'get', want: true }],
    ['trace', { given: 'trace', want: true }],
    ['upper case is not a field', { given: 'GET', want: false }],
    ['parameters', { given: 'parameters', want: false }],
    ['$ref', { given: '$ref', want: false }],
    ['query (not 3.1)', { given: 'query', want: false }],
  ];
  it.each(cases)('isMethod: %s', (_, { given, want }) => expect(isMethod(given)).toBe(want));
  it('types a method', () => expectTypeOf<Method>().toEqualTypeOf<(typeof METHODS)[number]>());
});

describe('surfaceOf', () => {
  const cases: [string, { given: string; want: Surface | undefined }][] = [
    ['agents', { given: '/v1/agents/phone-numbers', want: 'agents' }],
    ['convai', { given: '/v1/convai/phone-numbers/x', want: 'convai' }],
    ['the prefix alone', { given: '/v1/agents', want: 'agents' }],
    ['a query after the prefix', { given: '/v1/convai?x=1', want: 'convai' }],
    ['a longer segment is not the prefix', { given: '/v1/agentsx', want: undefined }],
    ['elsewhere', { given: '/healthz', want: undefined }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(surfaceOf(given)).toBe(want));
});
