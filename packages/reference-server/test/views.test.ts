import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iso } from '../src/views.ts';

describe('iso (the text of a timestamp in a reply)', () => {
  it('is toISOString for any date, one after another in any order (same second or not)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            // Runs inside one second, as a burst of writes makes them, and far-apart dates of any year.
            fc.integer({ min: 0, max: 2_999 }).map((ms) => 1_796_000_000_000 + ms),
            fc.integer({ min: -8_639_000_000_000_000, max: 8_639_000_000_000_000 }),
          ),
          { minLength: 1, maxLength: 50 },
        ),
        (times) => {
          for (const ms of times) {
            const date = new Date(ms);
            expect(iso(date)).toBe(date.toISOString());
            expect(iso(date)).toBe(date.toISOString()); // remembered
          }
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });

  it('throws for an invalid date as toISOString does', () => {
    expect(() => iso(new Date(Number.NaN))).toThrow(RangeError);
  });
});
