import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../src/compile.ts';
import { isDateTime } from '../src/date-time.ts';
import { spec } from './support.ts';

const ajvFormats = fullFormats['date-time'] as { validate: (text: string) => boolean };
const reference = (text: string) => ajvFormats.validate(text);

// Valid values and the edges of every field: leap days and seconds (in several zones), zone forms,
// fractions long enough to round up to the next second, and separators ajv-formats accepts.
const EDGES = [
  '2026-03-02T15:04:05Z',
  '2026-03-02t15:04:05z',
  '2026-03-02 15:04:05Z',
  '2026-03-02\u00a015:04:05Z',
  '2026-03-02\u300015:04:05+05:30',
  '2026-03-02T15:04:05.123456Z',
  '2026-03-02T15:04:05.Z',
  '2026-03-02T15:04:59.99999999999999999Z',
  '2016-12-31T23:59:60Z',
  '2016-12-31T23:59:60.5Z',
  '2016-12-31T23:59:61Z',
  '2016-12-31T18:59:60-05:00',
  '2017-01-01T00:59:60+01:00',
  '2017-01-01T00:59:60+0100',
  '2017-01-01T00:59:60+01',
  '2016-12-31T23:59:60+00:01',
  '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '1900-02-29T00:00:00Z',
  '0000-02-29T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-13-10T00:00:00Z',
  '2026-01-00T00:00:00Z',
  '2026-01-32T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T23:60:00Z',
  '2026-01-01T23:59:59+24:00',
  '2026-01-01T23:59:59+23:60',
  '2026-01-01T23:59:59+23:',
  '2026-01-01T23:59:59+2',
  '2026-01-01T23:59:59',
  '2026-01-01T23:59:59ZZ',
  '2026-01-01T23:59:59Z ',
  ' 2026-01-01T23:59:59Z',
  '2026-01-01TT23:59:59Z',
  '2026-1-01T23:59:59Z',
  '20260101T235959Z',
  '٢٠٢٦-01-01T23:59:59Z',
  '',
];

/** Text near a date-time: valid ones with characters replaced, inserted or dropped. */
const CHARS = '0123456789-:.+TtZz \n\u00a0x٣';
const nearDateTime = fc
  .tuple(
    fc.date({ min: new Date(-62_000_000_000_000), max: new Date(250_000_000_000_000), noInvalidDate: true }),
    fc.array(fc.tuple(fc.nat(30), fc.constantFrom(...CHARS), fc.constantFrom('replace', 'insert', 'drop')), {
      maxLength: 3,
    }),
    fc.constantFrom('Z', '+05:30', '-0800', '+01', '.5Z', '.999999999999999999-00:00'),
  )
  .map(([date, edits, zone]) => {
    let text = `${date.toISOString().slice(0, 19)}${zone}`;
    for (const [at, char, edit] of edits) {
      const i = at % (text.length + 1);
      const tail = edit === 'insert' ? text.slice(i) : text.slice(i + 1);
      text = text.slice(0, i) + (edit === 'drop' ? '' : char) + tail;
    }
    return text;
  });

describe('isDateTime', () => {
  it.each(EDGES)('judges %j as ajv-formats does', (text) => {
    expect(isDateTime(text)).toBe(reference(text));
  });

  it('judges generated text near date-times as ajv-formats does (valid and invalid alike)', () => {
    let valid = 0;
    fc.assert(
      fc.property(nearDateTime, (text) => {
        const expected = reference(text);
        if (expected) valid++;
        expect(isDateTime(text)).toBe(expected);
      }),
      { numRuns: 20_000, seed: 20261203 },
    );
    // Both answers occur often enough for the comparison to mean something.
    expect(valid).toBeGreaterThan(2_000);
    expect(valid).toBeLessThan(18_000);
  });

  it('is the format the compiled spec checks', () => {
    const compiled = compileSpec(spec);
    const check = compiled.ajv.compile({ type: 'string', format: 'date-time' });
    expect(check('2026-02-29T00:00:00Z')).toBe(false);
    expect(check('2016-12-31T23:59:60Z')).toBe(true);
    expect(compiled.ajv.formats['date-time']).toMatchObject({ validate: isDateTime });
  });
});
