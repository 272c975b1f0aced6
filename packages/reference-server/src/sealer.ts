/**
 * How provider secrets (Twilio tokens, trunk passwords) are kept: sealed by a {@link Sealer} before they
 * reach the store, which holds them and nothing else reads them back; no reply of the API ever carries one.
 */

/** Turns a secret into what the store keeps. Synchronous: the handlers seal in the middle of a write. */
export type Sealer = (plaintext: string) => string;

/**
 * The in-browser mock's sealer: it keeps no trace of the secret, only that one was given. Encryption would
 * protect nothing there: the store lives in the memory of the page that sent the plaintext, a key would sit
 * beside it, and secrets are never read back or returned. (Web Crypto's AES-GCM is asynchronous only,
 * which the handlers' synchronous sealing cannot wait for.) The server on Node seals with AES-256-GCM
 * (`aesSealer` in `crypto.ts`).
 */
export const withholdSecrets: Sealer = () => 'v0.withheld';
