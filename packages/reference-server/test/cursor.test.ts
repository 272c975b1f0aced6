// The list cursor is decoded without Buffer (the in-browser mock has none), yet must accept and refuse
// exactly what the Buffer-based decoding did: that decoding is kept here as the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/store/cursor.ts';

const CURSOR = /^(\d{1,16})\.(phone_[0-7][0-9a-hjkmnp-tv-z]{25})$/;

/** The decoding before the move off Buffer, verbatim. */
function bufferDecode(cursor: string) {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const ms = Number(match[1]);
  if (ms > 8_640_000_000_000_000) return undefined;
  return { createdAt: new Date(ms), id: match[2] as string };
}

const ID = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';
const b64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64url');

describe('list cursors without Buffer', () => {
  it.each([
    ['an issued cursor', b64(`1764000000000.${ID}`)],
    [
      'an issued cursor in the standard alphabet, padded',
      Buffer.from(`1764000000123.${ID}`).toString('base64'),
    ],
    ['an issued cursor with junk characters inside', b64(`1764000000000.${ID}`).replace(/(.{5})/, '$1 %')],
    [
      'an issued cursor with trailing junk after padding',
      `${Buffer.from(`17.${ID}`).toString('base64')}=xyz`,
    ],
    ['a time out of range', b64(`9999999999999999.${ID}`)],
    ['the last representable time', b64(`8640000000000000.${ID}`)],
    ['not a cursor', 'bm90LWEtY3Vyc29y'],
    ['a BOM before the text', b64(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`1.${ID}`)]))],
    ['malformed UTF-8 in the id', b64(new Uint8Array([...Buffer.from(`1.${ID.slice(0, -1)}`), 0xc3]))],
    ['the empty string', ''],
    ['one character', 'M'],
  ])('%s: same verdict as Buffer', (_, cursor) => {
    expect(decodeCursor(cursor)).toEqual(bufferDecode(cursor));
  });

  it('gives the same verdict as Buffer on cursors cut, padded or with characters swapped', () => {
    const issued = fc
      .tuple(fc.stringMatching(/^\d{1,17}$/), fc.constantFrom(ID, `${ID.slice(0, -1)}8`))
      .map(([ms, id]) => b64(`${ms}.${id}`));
    const mangled = fc
      .tuple(
        issued,
        fc.nat(),
        fc.nat({ max: 3 }),
        fc.constantFrom('', '=', '==', ' ', '+', '/', '-', '_', 'A', 'é'),
      )
      .map(([text, at, cut, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + cut);
      });
    fc.assert(
      fc.property(fc.oneof(issued, mangled), (cursor) => {
        expect(decodeCursor(cursor)).toEqual(bufferDecode(cursor));
      }),
      { numRuns: 3000 },
    );
  });

  it('encodes as Buffer did', () => {
    const at = new Date(1_764_000_000_000);
    expect(encodeCursor(at, ID)).toBe(b64(`${at.getTime()}.${ID}`));
    expect(decodeCursor(encodeCursor(at, ID))).toEqual({ createdAt: at, id: ID });
  });
});
