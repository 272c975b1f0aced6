import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ChangeKind, diffSpecs, RULES } from '../src/breaking/index.ts';
import { baseDoc, FIXTURES, type Json, node, TODAY } from './fixtures/rules.ts';

function pair(kind: ChangeKind): { before: Json; after: Json } {
  const fixture = FIXTURES[kind];
  const before = baseDoc();
  fixture.before?.(before);
  const after = structuredClone(before);
  fixture.after(after);
  return { before, after };
}

describe('breaking-change rules (one before/after fixture pair per rule)', () => {
  it.each(Object.entries(FIXTURES).map(([kind, f]) => [kind, f.given] as const))('%s: %s', (kind) => {
    const { before, after } = pair(kind as ChangeKind);
    expect(diffSpecs(before, before, { today: TODAY })).toEqual([]);
    const changes = diffSpecs(before, after, { today: TODAY });
    expect(changes.length).toBeGreaterThan(0);
    // The fixture changes one thing, so exactly this rule (possibly at several places) fires.
    expect([...new Set(changes.map((c) => c.kind))]).toEqual([kind]);
    for (const change of changes) {
      expect(change.severity).toBe(RULES[kind as ChangeKind].severity);
      expect(change.message.length).toBeGreaterThan(0);
    }
  });

  it('does not let an enum declared open in the same change take a new value unreviewed', () => {
    const before = baseDoc();
    const after = structuredClone(before);
    const status = node(after, 'components', 'schemas', 'Item', 'properties', 'status');
    status['x-extensible-enum'] = true;
    status.enum = ['active', 'inactive', 'archived'];
    const kinds = diffSpecs(before, after, { today: TODAY }).map((c) => c.kind);
    expect(kinds).toContain('response-enum-value-added');
    expect(kinds).not.toContain('response-extensible-enum-value-added');
  });

  it('is documented in the README rule table, row for row', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [
      ...readme.matchAll(/^\|\s*`([a-z-]+)`\s*\|\s*(breaking|warning|additive|info)\s*\|\s*(.+?)\s*\|$/gm),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual(Object.entries(RULES).map(([kind, rule]) => [kind, rule.severity, rule.summary]));
  });

  it('has a fixture for every rule, checked by the type of FIXTURES', () => {
    expectTypeOf(FIXTURES).toEqualTypeOf<Record<ChangeKind, (typeof FIXTURES)[ChangeKind]>>();
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(RULES).sort());
  });
});

describe('diffSpecs', () => {
  it('names the operation and the property path of a removed response property', () => {
    const { before, after } = pair('response-property-removed');
    const changes = diffSpecs(before, after);
    expect(changes).toContainEqual({
      kind: 'response-property-removed',
      severity: 'breaking',
      operation: 'GET /items',
      location: 'response 200 application/json body.items[].label',
      message: 'Response property response 200 application/json body.items[].label was removed.',
      pointer: '#/components/schemas/Item/properties/label',
    });
    expect(changes.map((c) => c.operation).sort()).toEqual([
      'GET /items',
      'GET /items/{id}',
      'PATCH /items/{id}',
      'POST /items',
    ]);
  });

  it('lists breaking changes before additive ones', () => {
    const after = baseDoc();
    node(after, 'components', 'schemas', 'Item', 'properties').created_at = { type: 'string' };
    delete node(after, 'paths', '/items', 'get', 'responses')['401'];
    const severities = diffSpecs(baseDoc(), after).map((c) => c.severity);
    expect(severities[0]).toBe('breaking');
    expect(severities.at(-1)).toBe('additive');
  });

  it('does not report a renamed path parameter (the URL is unchanged)', () => {
    const after = baseDoc();
    const paths = node(after, 'paths');
    const item = paths['/items/{id}'] as Json;
    delete paths['/items/{id}'];
    (node(item, 'parameters', 0) as Json).name = 'item_id';
    paths['/items/{item_id}'] = item;
    expect(diffSpecs(baseDoc(), after)).toEqual([]);
  });

  it('ignores a removed writeOnly property in responses', () => {
    const after = baseDoc();
    delete node(after, 'components', 'schemas', 'Item', 'properties').secret;
    expect(diffSpecs(baseDoc(), after)).toEqual([]);
  });

  it('sees a property removed inside an allOf member', () => {
    const wrap = (doc: Json) => {
      const schemas = node(doc, 'components', 'schemas');
      schemas.Wrapped = { allOf: [{ $ref: '#/components/schemas/Item' }, { type: 'object' }] };
      node(doc, 'paths', '/items/{id}', 'get', 'responses', '200', 'content', 'application/json').schema = {
        $ref: '#/components/schemas/Wrapped',
      };
      return doc;
    };
    const after = wrap(baseDoc());
    delete node(after, 'components', 'schemas', 'Item', 'properties').label;
    const changes = diffSpecs(wrap(baseDoc()), after).filter((c) => c.operation === 'GET /items/{id}');
    expect(changes.map((c) => [c.kind, c.location])).toEqual([
      ['response-property-removed', 'response 200 application/json body.label'],
    ]);
  });

  it('terminates on recursive schemas and still sees changes inside them', () => {
    const tree = (doc: Json, childType: string) => {
      node(doc, 'components', 'schemas').Node = {
        type: 'object',
        properties: {
          value: { type: childType },
          children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
        },
      };
      node(doc, 'paths', '/items/{id}', 'get', 'responses', '200', 'content', 'application/json').schema = {
        $ref: '#/components/schemas/Node',
      };
      return doc;
    };
    const changes = diffSpecs(tree(baseDoc(), 'string'), tree(baseDoc(), 'number'));
    expect(changes.map((c) => [c.kind, c.location])).toEqual([
      ['response-property-type-widened', 'response 200 application/json body.value'],
    ]);
  });

  it('survives refs that point nowhere', () => {
    const after = baseDoc();
    node(after, 'paths', '/items/{id}', 'get', 'responses', '200', 'content', 'application/json').schema = {
      $ref: '#/components/schemas/Missing',
    };
    expect(() => diffSpecs(baseDoc(), after)).not.toThrow();
  });
});

describe('diffSpecs on the real bundle (spec/dist/openapi.json)', () => {
  const require = createRequire(import.meta.url);
  const bundle = () =>
    JSON.parse(readFileSync(require.resolve('@phone-api/spec/openapi.json'), 'utf8')) as Json;

  it('finds no change between the bundle and itself', () => {
    expect(diffSpecs(bundle(), bundle())).toEqual([]);
  });

  it('flags removing PhoneNumber.label as breaking on every agents operation that returns it', () => {
    const after = bundle();
    const properties = node(after, 'components', 'schemas', 'PhoneNumber', 'properties');
    expect(properties).toHaveProperty('label');
    delete properties.label;
    const changes = diffSpecs(bundle(), after);
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.map((c) => c.kind))).toEqual(new Set(['response-property-removed']));
    expect(new Set(changes.map((c) => c.operation))).toEqual(
      new Set([
        'GET /v1/agents/phone-numbers',
        'POST /v1/agents/phone-numbers',
        'GET /v1/agents/phone-numbers/{id}',
        'PATCH /v1/agents/phone-numbers/{id}',
      ]),
    );
  });

  it('treats a new convai provider as a breaking response variant and enum change', () => {
    const after = bundle();
    const schemas = node(after, 'components', 'schemas');
    const response = node(schemas, 'GetPhoneNumberResponseModel');
    expect(Array.isArray(response.oneOf)).toBe(true);
    (response.oneOf as unknown[]).push({ $ref: '#/components/schemas/Vonage' });
    node(response, 'discriminator', 'mapping').vonage = '#/components/schemas/Vonage';
    schemas.Vonage = { type: 'object', properties: { provider: { const: 'vonage' } } };
    const kinds = new Set(diffSpecs(bundle(), after).map((c) => c.kind));
    expect(kinds).toContain('response-variant-added');
  });
});
