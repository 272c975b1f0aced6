/**
 * Base64url without Buffer, for code that also runs in a browser (the in-browser mock): the request ids,
 * the list cursors, the ids the reference handlers make. Both directions give exactly what Node's
 * `Buffer` gives for the same input (`test/base64url.test.ts` checks it against Buffer).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The value of each character code below 256; 255 for none. Both alphabets, as Node's decoder. */
const VALUES = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
VALUES['+'.charCodeAt(0)] = 62;
VALUES['/'.charCodeAt(0)] = 63;

const EQUALS = '='.charCodeAt(0);

/** Unpadded base64url of `bytes[start, end)`, as `Buffer#toString('base64url', start, end)`. */
export function base64url(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  let i = start;
  for (; i + 2 < end; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out +=
      ALPHABET.charAt(n >>> 18) +
      ALPHABET.charAt((n >>> 12) & 63) +
      ALPHABET.charAt((n >>> 6) & 63) +
      ALPHABET.charAt(n & 63);
  }
  if (i + 1 === end) {
    const n = (bytes[i] as number) << 16;
    out += ALPHABET.charAt(n >>> 18) + ALPHABET.charAt((n >>> 12) & 63);
  } else if (i + 2 === end) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += ALPHABET.charAt(n >>> 18) + ALPHABET.charAt((n >>> 12) & 63) + ALPHABET.charAt((n >>> 6) & 63);
  }
  return out;
}

/**
 * The bytes of base64 or base64url text, as lenient as `Buffer.from(text, 'base64url')`: characters of
 * neither alphabet (spaces, `%`, ...) are skipped, the first `=` ends the data, and a last lone character
 * is dropped. Characters above U+00FF are skipped too: Node's decoder reads such (two-byte) strings in a
 * way that is not base64 at all, and nothing that decodes them is ever one of ours.
 */
export function fromBase64url(text: string): Uint8Array {
  const out = new Uint8Array(Math.ceil((text.length * 3) / 4));
  let size = 0;
  let group = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 256 ? (VALUES[code] as number) : 255;
    if (value === 255) {
      if (code === EQUALS) break;
      continue;
    }
    group = (group << 6) | value;
    if (++count === 4) {
      out[size++] = group >>> 16;
      out[size++] = (group >>> 8) & 255;
      out[size++] = group & 255;
      group = 0;
      count = 0;
    }
  }
  if (count === 2) out[size++] = group >>> 4;
  else if (count === 3) {
    out[size++] = group >>> 10;
    out[size++] = (group >>> 2) & 255;
  }
  return out.subarray(0, size);
}
