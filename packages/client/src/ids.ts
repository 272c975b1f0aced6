/**
 * Prefixed ids in the TypeID form the spec uses: `<prefix>_<26 chars>`, where the 26 characters are the
 * lowercase Crockford base32 encoding of a 128-bit UUID (a UUIDv7 for ids this platform mints). 26 chars
 * carry 130 bits, so the first character only holds the top 2 (+ 1 spare) bits and must be `0`-`7`.
 */

/** The id prefixes of the phone-number API. */
export type IdPrefix = 'phone' | 'agent' | 'trunk';
/** `phone_<26 chars>`: a phone number id. */
export type PhoneNumberId = `phone_${string}`;
/** `agent_<26 chars>`: an agent id. */
export type AgentId = `agent_${string}`;
/** `trunk_<26 chars>`: a SIP trunk id. */
export type TrunkId = `trunk_${string}`;
/** The id type of a prefix. */
export type IdOf<P extends IdPrefix> = `${P}_${string}`;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const PREFIXES: readonly IdPrefix[] = ['phone', 'agent', 'trunk'];
const SUFFIX_RE = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown for a malformed id; the message says what is wrong and what the form is. */
export class InvalidIdError extends TypeError {
  override name = 'InvalidIdError';
}

function form(prefix: IdPrefix | undefined): string {
  const p = prefix ?? '<phone|agent|trunk>';
  return `expected ${p}_ followed by 26 characters of lowercase Crockford base32 (0-9 and a-z without i, l, o, u; first character 0-7), e.g. ${prefix ?? 'phone'}_01kwjrp1xpa7z3dj8fssz5awsh`;
}

/** Why `input` is not a valid id (of `prefix`, if given), or undefined when it is one. */
export function checkId(input: unknown, prefix?: IdPrefix): string | undefined {
  const shown = typeof input === 'string' ? JSON.stringify(input) : String(input);
  const bad = (why: string) => `Invalid id ${shown}: ${why}; ${form(prefix)}`;
  if (typeof input !== 'string') return bad(`not a string but ${typeof input}`);
  if (UUID_RE.test(input)) return bad('a bare UUID (legacy id) is not an id');
  const sep = input.lastIndexOf('_');
  if (sep < 0) return bad('no prefix');
  const got = input.slice(0, sep);
  const suffix = input.slice(sep + 1);
  if (prefix !== undefined && got !== prefix) return bad(`prefix is "${got}", not "${prefix}"`);
  if (!PREFIXES.includes(got as IdPrefix)) return bad(`unknown prefix "${got}"`);
  if (suffix.length !== 26) return bad(`the part after "${got}_" has ${suffix.length} characters, not 26`);
  if (suffix !== suffix.toLowerCase()) return bad('uppercase characters');
  for (let i = 0; i < suffix.length; i++) {
    if (!ALPHABET.includes(suffix.charAt(i))) {
      return bad(`character "${suffix.charAt(i)}" at position ${i + 1} of the suffix is not in the alphabet`);
    }
  }
  if (!SUFFIX_RE.test(suffix))
    return bad(`the first character "${suffix.charAt(0)}" is above 7 (the value would exceed 128 bits)`);
  return undefined;
}

/** Whether `input` is a well-formed id (of `prefix`, if given). */
export function isId<P extends IdPrefix>(input: unknown, prefix?: P): input is IdOf<P> {
  return checkId(input, prefix) === undefined;
}

/** Whether `input` is a well-formed `phone_...` id. */
export const isPhoneNumberId = (input: unknown): input is PhoneNumberId => isId(input, 'phone');
/** Whether `input` is a well-formed `agent_...` id. */
export const isAgentId = (input: unknown): input is AgentId => isId(input, 'agent');
/** Whether `input` is a well-formed `trunk_...` id. */
export const isTrunkId = (input: unknown): input is TrunkId => isId(input, 'trunk');

/** Throws {@link InvalidIdError} unless `input` is a well-formed id (of `prefix`, if given). */
export function assertId<P extends IdPrefix>(input: unknown, prefix?: P): asserts input is IdOf<P> {
  const problem = checkId(input, prefix);
  if (problem !== undefined) throw new InvalidIdError(problem);
}

/**
 * Splits an id into its prefix and the UUID it encodes (lowercase, hyphenated).
 * @throws InvalidIdError when the id is malformed or its prefix is not `expected`.
 */
export function parseId<P extends IdPrefix = IdPrefix>(
  id: string,
  expected?: P,
): { prefix: P; uuid: string } {
  assertId(id, expected);
  const sep = id.lastIndexOf('_');
  let value = 0n;
  for (const char of id.slice(sep + 1)) value = (value << 5n) | BigInt(ALPHABET.indexOf(char));
  const hex = value.toString(16).padStart(32, '0');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { prefix: id.slice(0, sep) as P, uuid };
}

/**
 * Encodes a UUID (any version, hyphenated or not) as an id of `prefix`.
 * @throws InvalidIdError when `uuid` is not a UUID or `prefix` is unknown.
 */
export function idFromUuid<P extends IdPrefix>(prefix: P, uuid: string): IdOf<P> {
  if (!PREFIXES.includes(prefix))
    throw new InvalidIdError(`Unknown id prefix "${prefix}"; use one of ${PREFIXES.join(', ')}`);
  const hex = uuid.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
    throw new InvalidIdError(
      `Invalid UUID ${JSON.stringify(uuid)}: expected 32 hex digits, optionally hyphenated 8-4-4-4-12`,
    );
  }
  let value = BigInt(`0x${hex}`);
  let suffix = '';
  for (let i = 0; i < 26; i++) {
    suffix = ALPHABET.charAt(Number(value & 31n)) + suffix;
    value >>= 5n;
  }
  return `${prefix}_${suffix}`;
}

/**
 * A new UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version 7, 74 random bits. Ids minted from it sort by
 * creation time.
 */
export function uuidv7(now: number = Date.now(), random?: (bytes: Uint8Array) => void): string {
  const bytes = new Uint8Array(16);
  // Web Crypto fills the array made here, which TypeScript knows is backed by a plain ArrayBuffer:
  // `crypto.getRandomValues` refuses views of shared memory, and newer DOM typings (TS 7) reject a bare
  // `Uint8Array`, which may be one. The public signature keeps the bare `Uint8Array`, which older
  // compilers (no generic typed arrays before TS 5.7) can read in the emitted declarations.
  if (random) random(bytes);
  else crypto.getRandomValues(bytes);
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A fresh id of `prefix` encoding a new UUIDv7, e.g. `generateId('phone')`. */
export function generateId<P extends IdPrefix>(prefix: P): IdOf<P> {
  return idFromUuid(prefix, uuidv7());
}
