/**
 * Secrets at rest and API keys. Provider credentials are sealed with AES-256-GCM (they would be needed to
 * call the provider later, so they are encrypted rather than hashed); API keys are only ever compared, so
 * only their SHA-256 is stored and compared in constant time.
 */
import { createCipheriv, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A 32-byte key for {@link seal}. */
export type SecretsKey = Buffer;

/**
 * The sealing key: `PHONE_API_SECRETS_KEY` (64 hex chars) when set, else a random per-process key. This
 * server never reads secrets back, so a random key only means old ciphertexts cannot be opened later.
 */
export function secretsKeyFromEnv(env: NodeJS.ProcessEnv = process.env): SecretsKey {
  const hex = env.PHONE_API_SECRETS_KEY;
  if (hex === undefined || hex === '') return randomBytes(32);
  // A set but malformed key must not silently become a random one: secrets sealed with it would be lost.
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new Error('PHONE_API_SECRETS_KEY must be 64 hex characters (32 bytes)');
  return Buffer.from(hex, 'hex');
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function seal(key: SecretsKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** `sk_` + 12 lookup characters; the rest of the key (32 characters) is the secret part. */
export const LOOKUP_LENGTH = 15;

/** A new API key, `sk_` + 44 random alphanumerics (about 260 bits). */
export function newApiKey(): string {
  const bytes = randomBytes(44);
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

/** SHA-256 of a key, as stored. */
export function hashKey(key: string): Buffer {
  // The one-shot hash: it skips the Hash object createHash() builds (a third of a request's auth time).
  return hash('sha256', key, 'buffer');
}

/** Constant-time comparison of a presented key against a stored hash. */
export function keyMatches(key: string, storedHash: Uint8Array): boolean {
  const presented = hashKey(key);
  return storedHash.length === presented.length && timingSafeEqual(presented, storedHash);
}

/** Whether a presented key is `known` (its bytes), compared in constant time. */
export function sameKey(key: string, known: Buffer): boolean {
  return Buffer.byteLength(key) === known.length && timingSafeEqual(Buffer.from(key), known);
}
