/**
 * API keys without `node:`: their format (a new key, the lookup id that finds its row) and the byte-level
 * operations authentication needs, as {@link KeyCrypto}. The SQL store takes `node:crypto`'s operations
 * (`crypto.ts`, native and measured on the request path); the in-memory store, which must also run in a
 * browser, takes {@link pureKeyCrypto}. Both store the same SHA-256 of a key.
 */
import { sha256 } from './sha256.ts';

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** `sk_` + 12 lookup characters; the rest of the key (32 characters) is the secret part. */
export const LOOKUP_LENGTH = 15;

/** A new API key, `sk_` + 44 random alphanumerics (about 260 bits). */
export function newApiKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(44));
  let out = 'sk_';
  for (const b of bytes) out += KEY_ALPHABET[b % KEY_ALPHABET.length];
  return out;
}

/** The non-secret part of a key used to find its row; `undefined` when the key cannot be one of ours. */
export function lookupIdOf(key: string): string | undefined {
  return key.length > LOOKUP_LENGTH && key.length <= 128 && key.startsWith('sk_')
    ? key.slice(0, LOOKUP_LENGTH)
    : undefined;
}

/** The operations on a key's bytes that storing and authenticating a key need. */
export interface KeyCrypto {
  /** SHA-256 of a key, as stored. */
  hashKey(key: string): Uint8Array;
  /** Constant-time comparison of a presented key against a stored hash. */
  keyMatches(key: string, storedHash: Uint8Array): boolean;
}

/**
 * Whether a presented key is the `known` one a connection proved, in time that depends only on their
 * length. Compares the strings' UTF-16 units in plain JavaScript, on every runtime: this runs on every
 * request of a keep-alive connection, and encoding the key to bytes for `timingSafeEqual` there cost
 * more than the comparison itself.
 */
export function sameKey(presented: string, known: string): boolean {
  if (presented.length !== known.length) return false;
  let diff = 0;
  for (let i = 0; i < known.length; i++) diff |= presented.charCodeAt(i) ^ known.charCodeAt(i);
  return diff === 0;
}

/** Whether two byte strings are equal, in time that depends only on their length. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** {@link KeyCrypto} in plain JavaScript, for the in-memory store (and so a browser). */
export const pureKeyCrypto: KeyCrypto = {
  hashKey: sha256,
  keyMatches: (key, storedHash) => constantTimeEqual(sha256(key), storedHash),
};
