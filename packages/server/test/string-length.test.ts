import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../src/compile.ts';
import { codePoints, STRING_LENGTH, useFastStringLength } from '../src/string-length.ts';
import { spec } from './support.ts';

// Strings mixing one-unit characters, astral ones (two units each) and lone surrogates of either half.
const UNITS = ['a', 'é', '\u{1F600}', '\u{10FFFF}', '\ud83d', '\ude00', '\u0000'];
const text = fc
  .array(fc.constantFrom(...UNITS), { maxLength: 24, size: 'max' })
  .map((parts) => parts.join(''));

function pair(keyword: 'maxLength' | 'minLength', limit: number) {
  const schema = { type: 'string', [keyword]: limit };
  const theirs = new Ajv2020({ allErrors: true }).compile(schema);
  const fast = new Ajv2020({ allErrors: true });
  useFastStringLength(fast);
  return { theirs, ours: fast.compile(schema) };
}

describe('maxLength and minLength', () => {
  it('count code points as ajv does, lone surrogates included', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(codePoints(value)).toBe([...value].length);
      }),
      { numRuns: 5_000, seed: 3 },
    );
  });

  it.each([
    ['maxLength', 0],
    ['maxLength', 1],
    ['maxLength', 5],
    ['maxLength', 12],
    ['minLength', 1],
    ['minLength', 5],
    ['minLength', 12],
  ] as const)('%s %i gives the verdicts and errors of ajv’s own keyword', (keyword, limit) => {
    const { theirs, ours } = pair(keyword, limit);
    let refused = 0;
    fc.assert(
      fc.property(text, (value) => {
        const verdict = theirs(value);
        if (!verdict) refused++;
        expect(ours(value)).toBe(verdict);
        expect(ours.errors ?? null).toEqual(theirs.errors ?? null);
      }),
      { numRuns: 3_000, seed: limit },
    );
    // Both verdicts occur, so the comparison means something.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(3_000);
  });

  it('keep ajv’s order among the other string keywords (the first error is what a refusal reports)', () => {
    const schema = { type: 'string', maxLength: 6, minLength: 3, pattern: '^a+$', format: 'date-time' };
    const theirs = new Ajv2020({ allErrors: true });
    const fast = new Ajv2020({ allErrors: true });
    addFormats.default(theirs);
    addFormats.default(fast);
    useFastStringLength(fast);
    const [expected, actual] = [theirs.compile(schema), fast.compile(schema)];
    for (const value of ['bb', 'bbbbbbbb', 'aaaaaaaa', 'a\u{1F600}']) {
      expected(value);
      actual(value);
      expect(actual.errors?.map((e) => e.keyword)).toEqual(expected.errors?.map((e) => e.keyword));
    }
  });

  it('are the keywords the compiled spec checks', () => {
    const compiled = compileSpec(spec);
    const check = compiled.ajv.compile({ type: 'string', maxLength: 2 });
    expect(check('\u{1F600}\u{1F600}')).toBe(true);
    expect(check('abc')).toBe(false);
    // ajv keeps a normalised copy of a definition; its code function is ours or ajv's own.
    expect(compiled.ajv.getKeyword('maxLength')).toMatchObject({ code: STRING_LENGTH.code });
    expect(compiled.ajv.getKeyword('minLength')).toMatchObject({ code: STRING_LENGTH.code });
  });
});
