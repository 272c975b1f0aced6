import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequestValidator } from '../src/index.ts';
import { AGENTS_KEY, KNOWN_ID, spec } from './support.ts';

// The validator decodes a Buffer (the node adapter's body) or a plain Uint8Array (a runtime without
// Buffer, the in-browser mock); both must read the same text, malformed bytes and BOM included.

const validate = createRequestValidator(spec);

function patch(body: Uint8Array) {
  return validate(
    {
      method: 'PATCH',
      url: `/v1/agents/phone-numbers/${KNOWN_ID}`,
      headers: { authorization: `Bearer ${AGENTS_KEY}`, 'content-type': 'application/json' },
      body,
    },
    'req_test0000',
  );
}

/** The same bytes in a plain Uint8Array that is not a Buffer, at an offset into a larger buffer. */
function plain(bytes: Uint8Array): Uint8Array {
  const backing = new Uint8Array(bytes.length + 3);
  backing.set(bytes, 3);
  return backing.subarray(3);
}

const encoder = new TextEncoder();

describe('request bodies as Buffer or Uint8Array', () => {
  it.each([
    ['a valid body', encoder.encode('{"label":"Front desk"}')],
    ['a body with a leading BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('{"label":"x"}')])],
    [
      'malformed UTF-8 inside a string',
      new Uint8Array([...encoder.encode('{"label":"a'), 0xc3, 0x28, 0x22, 0x7d]),
    ],
    ['a truncated multi-byte sequence', new Uint8Array([...encoder.encode('{"label":"'), 0xe2, 0x82])],
    ['not JSON', encoder.encode('label=x')],
  ])('%s gets the same answer', (_, bytes) => {
    expect(plain(bytes)).not.toBeInstanceOf(Buffer);
    expect(patch(plain(bytes))).toEqual(patch(Buffer.from(bytes)));
  });

  it('TextDecoder (no BOM stripping, not fatal) reads any bytes as Buffer#toString does', () => {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
        expect(decoder.decode(bytes)).toBe(Buffer.from(bytes).toString('utf8'));
      }),
      { numRuns: 2000 },
    );
  });
});
