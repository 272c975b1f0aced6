import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64url, fromBase64url } from '../src/base64url.ts';

// Text over the base64 alphabets, padding and the junk Node's decoder skips (one-byte characters only:
// see fromBase64url on two-byte strings).
const LATIN1 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=  \n.%é\u00ff\u0000';
const base64ish = fc.string({
  unit: fc.constantFrom(...LATIN1),
  maxLength: 64,
});

describe('base64url (without Buffer)', () => {
  it('encodes any bytes and any slice of them as Buffer does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        expect(base64url(bytes, start, end)).toBe(Buffer.from(bytes).toString('base64url', start, end));
      }),
    );
  });

  it('decodes whatever it encoded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fromBase64url(base64url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('decodes malformed text (junk, padding, a lone last character) as Buffer does', () => {
    fc.assert(
      fc.property(base64ish, (text) => {
        expect([...fromBase64url(text)]).toEqual([...Buffer.from(text, 'base64url')]);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['standard alphabet', 'Q+/B'],
    ['url alphabet', 'Q-_B'],
    ['padding ends the data', 'QU=FB'],
    ['spaces are skipped', 'Q U F B'],
    ['a lone last character is dropped', 'QUFBQ'],
  ])('%s', (_, text) => {
    expect([...fromBase64url(text)]).toEqual([...Buffer.from(text, 'base64url')]);
  });
});
