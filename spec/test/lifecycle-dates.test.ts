import { describe, expect, it } from 'vitest';
import { parseLifecycleDate } from '../rules/lib/lifecycle-dates.js';

describe('parseLifecycleDate (x-sunset, x-deprecated-at)', () => {
  it.each([
    ['a full-date, as 00:00 UTC', { given: '2027-06-30', want: '2027-06-30T00:00:00.000Z' }],
    ['29 February of a leap year', { given: '2028-02-29', want: '2028-02-29T00:00:00.000Z' }],
    ['a UTC date-time', { given: '2027-06-30T12:30:15Z', want: '2027-06-30T12:30:15.000Z' }],
    ['a lowercase t and z', { given: '2027-06-30t12:30:15z', want: '2027-06-30T12:30:15.000Z' }],
    ['a fraction of a second', { given: '2027-06-30T12:00:00.25Z', want: '2027-06-30T12:00:00.250Z' }],
    [
      'a negative offset, into the next UTC day',
      { given: '2027-06-30T23:00:00-05:00', want: '2027-07-01T04:00:00.000Z' },
    ],
    [
      'a positive offset, into the previous UTC day',
      { given: '2027-07-01T01:00:00+09:00', want: '2027-06-30T16:00:00.000Z' },
    ],
    [
      'a Date (a YAML 1.1 reader makes one of an unquoted date)',
      { given: new Date('2027-06-30T00:00:00Z'), want: '2027-06-30T00:00:00.000Z' },
    ],
  ])('accepts %s', (_name, { given, want }) => {
    const read = parseLifecycleDate(given);
    expect(read && new Date(read.ms).toISOString()).toBe(want);
    expect(read?.date).toBe(want.slice(0, 10));
  });

  it.each([
    ['29 February of a common year (Date.parse rolls it to 1 March)', '2027-02-29'],
    ['31 April', '2027-04-31'],
    ['month 13', '2027-13-01'],
    ['a date followed by garbage', '2027-06-30Tnonsense'],
    ['a date-time without an offset', '2027-06-30T12:00:00'],
    ['a date-time without seconds', '2027-06-30T12:00Z'],
    ['hour 24', '2027-06-30T24:00:00Z'],
    ['minute 60', '2027-06-30T12:60:00Z'],
    ['a leap second', '2027-06-30T23:59:60Z'],
    ['an offset of 24 hours', '2027-06-30T12:00:00+24:00'],
    ['a space instead of T', '2027-06-30 12:00:00Z'],
    ['an unpadded month', '2027-6-30'],
    ['a US date', '06/30/2027'],
    ['words', 'next spring'],
    ['empty', ''],
    ['a number', 20270630],
    ['an invalid Date', new Date('nope')],
    ['null', null],
  ])('refuses %s', (_name, given) => {
    expect(parseLifecycleDate(given)).toBeUndefined();
  });
});

describe('parseLifecycleDate day', () => {
  it('is 00:00 UTC of the UTC date of the instant', () => {
    expect(parseLifecycleDate('2027-06-30T23:00:00-05:00')?.day).toBe(Date.parse('2027-07-01T00:00:00Z'));
  });
});
