import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Contract } from '../src/checks.ts';
import type { JsonSchema } from '../src/spec.ts';

// Regressions of issue 14's two spec findings, read off the bundled spec: what the schemas enforce by
// themselves, as any JSON Schema tool reads them (the declared dialect treats `format` as an annotation).

const contract = new Contract();
const schemas = contract.doc.components?.schemas as Record<string, JsonSchema>;
const exotel = schemas.CreateExotelPhoneNumberRequest as {
  properties: Record<string, { oneOf: JsonSchema[] }>;
};
const appletUrl = (exotel.properties.applet_url?.oneOf ?? []).find((s) => s.type === 'string') as JsonSchema;
const headers = (contract.doc.components?.headers ?? {}) as Record<string, { schema: JsonSchema }>;
const corsOrigin = headers['Access-Control-Allow-Origin']?.schema as JsonSchema;

/** A validator that, like the declared dialect, does not enforce `format`. */
const withoutFormats = (schema: JsonSchema) =>
  new Ajv2020({ strict: false, validateFormats: false }).compile(schema);

describe('Access-Control-Allow-Origin', () => {
  const valid = withoutFormats(corsOrigin);
  it.each([
    ['*', true],
    ['null', true],
    ['https://app.example.com:8443', true],
    ['https://a\u0001b.example', false],
    ['https://a\u007fb.example', false],
    ['https://a b.example', false],
    ['https://evil.example\r\nset-cookie: x', false],
  ])('%j is %s', (value, want) => {
    expect(valid(value)).toBe(want);
  });
});

describe('applet_url', () => {
  const valid = withoutFormats(appletUrl);
  it.each([
    ['https://my.exotel.com/acme/exoml/start_voice/12345', true],
    ['http://localhost:8080/applet?x=1#top', true],
    ['not a url', false],
    ['javascript:alert(1)', false],
    ['https://a.example/%zz', false],
    ['https://a.example/has space', false],
  ])('%j is %s without format validation', (value, want) => {
    expect(valid(value)).toBe(want);
  });

  it('admits only values that format: uri admits too, so generated values are never refused by a server', () => {
    const ajv = new Ajv2020({ strict: false });
    (formatsPlugin as unknown as (a: Ajv2020) => Ajv2020)(ajv);
    const uri = ajv.compile({ type: 'string', format: 'uri' });
    fc.assert(
      fc.property(fc.stringMatching(new RegExp(String(appletUrl.pattern), 'u')), (value) => uri(value)),
      { seed: 14, numRuns: 500 },
    );
  });
});
