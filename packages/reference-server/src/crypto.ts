/**
 * Secrets at rest and API keys, over `node:crypto`. Provider credentials are sealed with AES-256-GCM (they
 * would be needed to call the provider later, so they are encrypted rather than hashed); API keys are only
 * ever compared, so only their SHA-256 is stored and compared in constant time (their format, and the same
 * operations without `node:`, are in `api-keys.ts`).
 */
import { createCipheriv, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyCrypto } from './api-keys.ts';
import type { Sealer } from './sealer.ts';

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

/** The handlers' {@link Sealer} on Node: {@link seal} with `key`. */
export function aesSealer(key: SecretsKey): Sealer {
  return (plaintext) => seal(key, plaintext);
}

/** {@link KeyCrypto} over `node:crypto`: the one-shot native hash and `timingSafeEqual` (the SQL store's). */
export const nodeKeyCrypto: KeyCrypto = {
  // The one-shot hash: it skips the Hash object createHash() builds (a third of a request's auth time).
  hashKey: (key) => hash('sha256', key, 'buffer'),
  keyMatches(key, storedHash) {
    const presented = hash('sha256', key, 'buffer');
    return storedHash.length === presented.length && timingSafeEqual(presented, storedHash);
  },
};
