import { describe, expect, it } from 'vitest';
import {
  applyPolicy,
  type Change,
  diffSpecs,
  fingerprint,
  type Policy,
  parsePolicy,
  sortChanges,
} from '../src/breaking/index.ts';
import { DEFAULT_POLICY, loadPolicy, unusedAcceptances } from '../src/breaking/policy.ts';

const removed = (location: string, operation = 'GET /items/{id}'): Change => ({
  kind: 'response-property-removed',
  severity: 'breaking',
  operation,
  location,
  message: `Response property ${location} was removed.`,
  pointer: '#/components/schemas/Item/properties/label',
});
const policy = (overrides: Partial<Policy>): Policy => ({ ...DEFAULT_POLICY, source: 'test', ...overrides });

describe('parsePolicy refuses what it cannot apply, naming the entry', () => {
  it.each([
    [
      'an unknown rule',
      {
        given: { rules: { 'no-such-rule': { severity: 'info', reason: 'x' } } },
        want: /rules\.no-such-rule: no such rule/,
      },
    ],
    [
      'an unknown severity',
      {
        given: { rules: { 'path-added': { severity: 'fatal', reason: 'x' } } },
        want: /severity must be one of breaking, warning, additive, info/,
      },
    ],
    [
      'an override without a reason',
      {
        given: { rules: { 'path-added': { severity: 'info' } } },
        want: /rules\.path-added\.reason is required/,
      },
    ],
    [
      'an acceptance without a reason',
      { given: { accepted: [{ fingerprint: '0123456789ab' }] }, want: /accepted\[0\]\.reason is required/ },
    ],
    [
      'a malformed fingerprint',
      {
        given: { accepted: [{ fingerprint: 'abc', reason: 'x' }] },
        want: /accepted\[0\]\.fingerprint must be/,
      },
    ],
    ['a negative grace period', { given: { minSunsetDays: -1 }, want: /minSunsetDays must be/ }],
    [
      'an unknown top-level key (a typo would leave defaults in force)',
      { given: { rule: {} }, want: /unknown key rule/ },
    ],
    [
      'rules written as a list',
      {
        given: { rules: [{ 'response-enum-value-added': { severity: 'info', reason: 'x' } }] },
        want: /rules must be a mapping/,
      },
    ],
    [
      'one fingerprint accepted twice',
      {
        given: {
          accepted: [
            { fingerprint: '0123456789ab', reason: 'a' },
            { fingerprint: '0123456789ab', reason: 'b' },
          ],
        },
        want: /accepted\[1\]\.fingerprint 0123456789ab is already accepted\[0\]/,
      },
    ],
    ['rules left empty (null)', { given: { rules: null }, want: /rules must be a mapping/ }],
    [
      'accepted written as a mapping',
      { given: { accepted: { fingerprint: '0123456789ab', reason: 'x' } }, want: /accepted must be a list/ },
    ],
    [
      'a rule named after an Object.prototype member (toString)',
      {
        given: { rules: { toString: { severity: 'info', reason: 'x' } } },
        want: /rules\.toString: no such rule/,
      },
    ],
    [
      'a rule named __proto__ (an own key from a JSON/YAML parse)',
      {
        given: JSON.parse('{"rules":{"__proto__":{"severity":"info","reason":"x"}}}') as unknown,
        want: /rules\.__proto__: no such rule/,
      },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(() => parsePolicy(given, 'policy.yaml')).toThrow(want);
  });

  it('reads the repository policy file (spec/breaking-policy.yaml)', () => {
    const file = new URL('../../../spec/breaking-policy.yaml', import.meta.url).pathname;
    expect(loadPolicy(file, 'spec/breaking-policy.yaml')).toMatchObject({
      source: 'spec/breaking-policy.yaml',
      minSunsetDays: 90,
    });
  });

  it('falls back to the built-in defaults when there is no policy file', () => {
    expect(loadPolicy('/nonexistent/breaking-policy.yaml')).toBe(DEFAULT_POLICY);
  });
});

describe('fingerprint', () => {
  it.each([
    [
      'is the same for the same change',
      { given: [removed('body.label'), removed('body.label')], want: true },
    ],
    ['differs at another place', { given: [removed('body.label'), removed('body.name')], want: false }],
    [
      'differs for another operation',
      { given: [removed('body.label'), removed('body.label', 'GET /items')], want: false },
    ],
    [
      'ignores path parameter names',
      { given: [removed('body.label'), removed('body.label', 'GET /items/{item_id}')], want: true },
    ],
    [
      'ignores the message (prose that may name path parameters)',
      { given: [removed('body.label'), { ...removed('body.label'), message: 'reworded' }], want: true },
    ],
    [
      'differs for other values at the same place',
      {
        given: [
          { ...removed('body.kind'), values: { after: ['"c"'] } },
          { ...removed('body.kind'), values: { after: ['"d"'] } },
        ],
        want: false,
      },
    ],
  ] as const)('%s', (_name, { given: [a, b], want }) => {
    expect(fingerprint(a) === fingerprint(b)).toBe(want);
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('keeps the fingerprint of a change when the same edit renames a path parameter', () => {
    const doc = (path: string, param: string, description: string) => ({
      openapi: '3.1.0',
      info: { title: 't', version: '1.0.0' },
      paths: {
        [path]: {
          post: {
            operationId: 'p',
            description,
            parameters: [{ name: param, in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
    const ids = (after: ReturnType<typeof doc>) =>
      diffSpecs(doc('/x/{id}', 'id', 'a'), after, { today: '2026-12-03' })
        .filter((c) => c.kind === 'description-changed')
        .map(fingerprint);
    const plain = ids(doc('/x/{id}', 'id', 'b'));
    expect(plain).toHaveLength(1);
    expect(ids(doc('/x/{pid}', 'pid', 'b'))).toEqual(plain);
  });
});

describe('applyPolicy', () => {
  it.each([
    [
      'keeps the rule default and says so',
      {
        given: { change: removed('body.label'), policy: {} },
        want: { severity: 'breaking', blocking: true, decidedBy: 'rule default' },
      },
    ],
    [
      'lowers a rule by the policy, printing its reason',
      {
        given: {
          change: removed('body.label'),
          policy: {
            rules: { 'response-property-removed': { severity: 'warning', reason: 'no client reads it' } },
          },
        },
        want: { severity: 'warning', blocking: false, decidedBy: 'policy: no client reads it' },
      },
    ],
    [
      'raises a rule by the policy',
      {
        given: {
          change: {
            ...removed('body.label'),
            kind: 'response-property-added',
            severity: 'additive',
            message: 'x',
          } as Change,
          policy: {
            rules: { 'response-property-added': { severity: 'breaking', reason: 'strict clients' } },
          },
        },
        want: { severity: 'breaking', blocking: true, decidedBy: 'policy: strict clients' },
      },
    ],
    [
      'waives a change of a beta operation (reported, not blocking)',
      {
        given: { change: { ...removed('body.label'), stability: 'beta' } as Change, policy: {} },
        want: { severity: 'breaking', blocking: false, waived: 'stability', decidedBy: 'stability: beta' },
      },
    ],
  ] as const)('%s', (_name, { given, want }) => {
    const [decided] = applyPolicy([given.change], policy(given.policy as Partial<Policy>));
    expect(decided).toMatchObject(want);
  });

  it('accepts one reviewed change by fingerprint without silencing the rule for the next one', () => {
    const accepted = removed('body.label');
    const next = removed('body.name');
    const p = policy({ accepted: [{ fingerprint: fingerprint(accepted), reason: 'reviewed in #12' }] });
    const decided = applyPolicy([accepted, next], p);
    expect(decided.map((c) => [c.location, c.blocking, c.waived, c.decidedBy])).toEqual([
      ['body.label', false, 'accepted', 'accepted: reviewed in #12'],
      ['body.name', true, undefined, 'rule default'],
    ]);
    expect(unusedAcceptances(decided, p)).toEqual([]);
    expect(unusedAcceptances(applyPolicy([next], p), p)).toEqual([fingerprint(accepted)]);
  });
});

describe('sortChanges', () => {
  it('orders by code units, whatever the ICU locale says (uppercase before lowercase, _ after Z)', () => {
    const at = (operation: string) => removed('body.label', operation);
    const sorted = sortChanges([at('GET /a_b'), at('GET /ab'), at('GET /aB'), at('GET /Ab')]);
    expect(sorted.map((c) => c.operation)).toEqual(['GET /Ab', 'GET /aB', 'GET /a_b', 'GET /ab']);
  });
});
