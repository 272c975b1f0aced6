import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../src/breaking/index.ts';
import { baseDoc, type Json, node } from './fixtures/rules.ts';

const patch = (doc: Json) => node(doc, 'paths', '/items/{id}', 'patch');
const label = (doc: Json) => node(doc, 'components', 'schemas', 'ItemCreate', 'properties', 'label');
const limit = (doc: Json) => node(doc, 'paths', '/items', 'get', 'parameters', 0);

/** The base document with `edit` applied. */
const doc = (edit: (d: Json) => void = () => {}) => {
  const d = baseDoc();
  edit(d);
  return d;
};
const kinds = (before: Json, after: Json, today: string, minSunsetDays = 90) =>
  diffSpecs(before, after, { today, minSunsetDays }).map((c) => [c.kind, c.message]);

describe('removing a deprecated element: before its sunset is breaking, after it an announced removal', () => {
  const deprecatedPatch = doc((d) => Object.assign(patch(d), { deprecated: true, 'x-sunset': '2026-09-01' }));
  const removed = doc((d) => {
    delete node(d, 'paths', '/items/{id}').patch;
  });
  it.each([
    ['the day before the sunset', { given: '2026-08-31', want: 'removed-before-sunset' }],
    ['on the sunset date', { given: '2026-09-01', want: 'removed-after-sunset' }],
    ['long after the sunset', { given: '2027-03-01', want: 'removed-after-sunset' }],
  ])('the operation, %s', (_name, { given, want }) => {
    expect(kinds(deprecatedPatch, removed, given).map(([kind]) => kind)).toEqual([want]);
  });

  it.each([
    [
      'a deprecated parameter',
      { given: (d: Json) => Object.assign(limit(d), { deprecated: true, 'x-sunset': '2026-01-01' }) },
    ],
    [
      'a deprecated request property',
      { given: (d: Json) => Object.assign(label(d), { deprecated: true, 'x-sunset': '2026-01-01' }) },
    ],
  ])('%s removed after its sunset is announced', (_name, { given }) => {
    const before = doc(given);
    const after = doc((d) => {
      (node(d, 'paths', '/items', 'get').parameters as unknown[]).splice(0, 1);
      delete node(d, 'components', 'schemas', 'ItemCreate', 'properties').label;
    });
    const all = kinds(before, after, '2026-06-01');
    expect(all.filter(([kind]) => kind === 'removed-after-sunset')).toHaveLength(1);
    expect(all.map(([, message]) => message).join('\n')).toContain('its sunset 2026-01-01 has passed');
  });

  it('a removal of something deprecated without a sunset is a plain removal', () => {
    const before = doc((d) => {
      patch(d).deprecated = true;
    });
    const after = doc((d) => {
      delete node(d, 'paths', '/items/{id}').patch;
    });
    expect(kinds(before, after, '2026-06-01').map(([kind]) => kind)).toEqual(['operation-removed']);
  });

  it('a removed path is announced only when every operation on it was', () => {
    const sunset = (d: Json, method: string, date: string) =>
      Object.assign(node(d, 'paths', '/items/{id}', method), { deprecated: true, 'x-sunset': date });
    const removed = doc((d) => {
      delete node(d, 'paths')['/items/{id}'];
    });
    const both = doc((d) => {
      sunset(d, 'get', '2026-01-01');
      sunset(d, 'patch', '2026-02-01');
    });
    const one = doc((d) => sunset(d, 'get', '2026-01-01'));
    expect(kinds(both, removed, '2026-06-01').map(([k]) => k)).toEqual(['removed-after-sunset']);
    expect(kinds(both, removed, '2026-01-15').map(([k]) => k)).toEqual(['removed-before-sunset']);
    expect(kinds(one, removed, '2026-06-01').map(([k]) => k)).toEqual(['path-removed']);
  });
});

describe('deprecating needs a sunset at least minSunsetDays ahead', () => {
  it.each([
    [
      'no x-sunset',
      {
        given: { sunset: undefined, days: 90 },
        want: [
          'deprecation-without-grace-period',
          'without a sunset (add x-sunset: YYYY-MM-DD, at least 90 days ahead)',
        ],
      },
    ],
    [
      'a sunset that is not a date',
      {
        given: { sunset: 'next spring', days: 90 },
        want: ['deprecation-without-grace-period', 'not an RFC 3339 date ("next spring")'],
      },
    ],
    [
      'a sunset 30 days ahead under a 90-day policy',
      {
        given: { sunset: '2026-07-01', days: 90 },
        want: [
          'deprecation-without-grace-period',
          'a sunset 30 days away (2026-07-01); the policy asks for at least 90 days',
        ],
      },
    ],
    [
      'a sunset 30 days ahead under a 30-day policy',
      { given: { sunset: '2026-07-01', days: 30 }, want: ['deprecation-added', 'sunset 2026-07-01'] },
    ],
    [
      'an RFC 3339 date-time sunset',
      {
        given: { sunset: '2027-01-01T00:00:00Z', days: 90 },
        want: ['deprecation-added', 'sunset 2027-01-01'],
      },
    ],
    [
      'a date-time sunset with an offset, read as its UTC date (not the local one)',
      {
        given: { sunset: '2026-12-31T23:00:00-05:00', days: 90 },
        want: ['deprecation-added', 'sunset 2027-01-01'],
      },
    ],
    [
      'a sunset on a day that does not exist (2027-02-29 is not 1 March)',
      {
        given: { sunset: '2027-02-29', days: 90 },
        want: ['deprecation-without-grace-period', 'not an RFC 3339 date ("2027-02-29")'],
      },
    ],
    [
      'a date followed by anything but an RFC 3339 time',
      {
        given: { sunset: '2027-06-30Tnonsense', days: 90 },
        want: ['deprecation-without-grace-period', 'not an RFC 3339 date ("2027-06-30Tnonsense")'],
      },
    ],
  ])('%s', (_name, { given, want }) => {
    const after = doc((d) => {
      patch(d).deprecated = true;
      if (given.sunset !== undefined) patch(d)['x-sunset'] = given.sunset;
    });
    const [change] = kinds(baseDoc(), after, '2026-06-01', given.days);
    expect(change?.[0]).toBe(want[0]);
    expect(change?.[1]).toContain(want[1]);
  });
});

describe('moving a sunset', () => {
  it.each([
    ['earlier is flagged', { given: '2026-10-01', want: ['sunset-moved-earlier'] }],
    ['later is fine', { given: '2027-06-01', want: [] }],
  ])('%s', (_name, { given, want }) => {
    const before = doc((d) => Object.assign(label(d), { deprecated: true, 'x-sunset': '2027-01-01' }));
    const after = doc((d) => Object.assign(label(d), { deprecated: true, 'x-sunset': given }));
    expect(kinds(before, after, '2026-06-01').map(([k]) => k)).toEqual(want);
  });
});

describe('x-stability-level', () => {
  const beta = (d: Json) => {
    node(d, 'paths', '/items', 'get')['x-stability-level'] = 'beta';
  };
  it('marks every change of a draft/alpha/beta operation (by its base level) for the policy to waive', () => {
    const after = doc((d) => {
      beta(d);
      (node(d, 'paths', '/items', 'get').parameters as unknown[]).splice(1, 1);
    });
    const changes = diffSpecs(doc(beta), after, { today: '2026-06-01' });
    expect(changes.map((c) => [c.kind, c.stability])).toEqual([['parameter-removed', 'beta']]);
  });

  it('does not exempt a demotion, nor the changes made with it', () => {
    const after = doc((d) => {
      beta(d);
      (node(d, 'paths', '/items', 'get').parameters as unknown[]).splice(1, 1);
    });
    const changes = diffSpecs(baseDoc(), after, { today: '2026-06-01' });
    expect(changes.map((c) => [c.kind, c.stability])).toEqual([
      ['parameter-removed', undefined],
      ['stability-decreased', undefined],
    ]);
  });

  it('waives removing a path only when none of its operations was stable', () => {
    const level = (d: Json, method: string) => {
      node(d, 'paths', '/items/{id}', method)['x-stability-level'] = 'alpha';
    };
    const removed = doc((d) => {
      delete node(d, 'paths')['/items/{id}'];
    });
    const allAlpha = doc((d) => {
      level(d, 'get');
      level(d, 'patch');
    });
    const oneAlpha = doc((d) => level(d, 'get'));
    expect(diffSpecs(allAlpha, removed).map((c) => [c.kind, c.stability])).toEqual([
      ['path-removed', 'alpha'],
    ]);
    expect(diffSpecs(oneAlpha, removed).map((c) => [c.kind, c.stability])).toEqual([
      ['path-removed', undefined],
    ]);
  });

  it('treats a missing or unknown level as stable', () => {
    const after = doc((d) => {
      node(d, 'paths', '/items', 'get')['x-stability-level'] = 'experimental';
    });
    expect(diffSpecs(baseDoc(), after)).toEqual([]);
  });
});
