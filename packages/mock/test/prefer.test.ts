import { describe, expect, it } from 'vitest';
import { parsePrefer } from '../src/prefer.ts';

describe('parsePrefer', () => {
  it.each([
    ['no header', { given: undefined, want: {} }],
    ['one preference', { given: 'code=404', want: { code: 404 } }],
    [
      'several, spaced and quoted',
      {
        given: 'code=400, example="bad_request", dynamic=true',
        want: { code: 400, example: 'bad_request', dynamic: true },
      },
    ],
    ['several headers', { given: ['code=429', 'dynamic=false'], want: { code: 429, dynamic: false } }],
    [
      'case-insensitive names, parameters after ;',
      { given: 'Example=sip_trunk; foo=bar', want: { example: 'sip_trunk' } },
    ],
    [
      'values that do not parse are dropped',
      { given: 'code=4040, code=abc, dynamic=yes, example=', want: {} },
    ],
    ['unknown preferences are dropped', { given: 'return=minimal, respond-async, wait=5', want: {} }],
  ] as const)('%s', (_name, { given, want }) => {
    expect(parsePrefer(given as string | string[] | undefined)).toEqual(want);
  });
});
