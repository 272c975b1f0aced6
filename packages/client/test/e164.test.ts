import { describe, expect, it } from 'vitest';
import { checkE164, InvalidE164Error, isE164, normalizeE164 } from '../src/index.ts';

describe('E.164', () => {
  it.each(['+12025551234', '+442071838750', '+919876543210', '+12', `+1${'2'.repeat(14)}`])(
    'accepts %s',
    (n) => {
      expect(isE164(n)).toBe(true);
      expect(checkE164(n)).toBeUndefined();
    },
  );

  it.each([
    ['no plus', '12025551234', /does not start with "\+"/],
    ['a leading zero country code', '+02025551234', /never starts with 0/],
    ['16 digits', `+1${'2'.repeat(15)}`, /16 digits, more than the 15/],
    ['a single digit', '+1', /too short/],
    ['formatting', '+1 202 555 1234', /character " " at position 3 is not a digit/],
    ['letters', '+1202555CALL', /character "C" at position 9/],
    ['empty', '', /empty/],
    ['a number', 12025551234, /not a string/],
  ])('rejects %s with a message naming the problem and the form', (_name, input, why) => {
    expect(isE164(input)).toBe(false);
    const problem = checkE164(input);
    expect(problem).toMatch(why);
    expect(problem).toContain('e.g. +12025551234');
  });

  it.each([
    ['+1 (202) 555-1234', '+12025551234'],
    ['  +44 20 7183 8750 ', '+442071838750'],
    ['0044 20 7183 8750', '+442071838750'],
    ['+91.98765.43210', '+919876543210'],
    ['+12025551234', '+12025551234'],
  ])('normalises %j to %s', (input, want) => {
    expect(normalizeE164(input)).toBe(want);
  });

  it.each([
    ['202-555-1234', /does not start with "\+"/],
    ['+1 202 555 1234 ext 5', /character "e"/],
    ['+0 20 7183', /never starts with 0/],
  ])('refuses to normalise %j and says why', (input, why) => {
    expect(() => normalizeE164(input)).toThrow(InvalidE164Error);
    expect(() => normalizeE164(input)).toThrow(why);
  });
});
