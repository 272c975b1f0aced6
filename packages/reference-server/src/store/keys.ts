/**
 * API keys: a new one's stored row (hashed), and finding the workspace a presented key opens. A key's row
 * is found by its non-secret lookup id and checked by comparing SHA-256 hashes in constant time; a
 * verified row is cached for {@link KeyState.keyCacheMs}, and a keep-alive connection remembers the last
 * key it proved (see {@link authenticate}). Where rows live is the store's business ({@link
 * KeyState.findKey}), so both stores share these rules; nothing here needs `node:`.
 */
import { type KeyCrypto, lookupIdOf, sameKey } from '../api-keys.ts';
import type { Surface, Workspace } from './types.ts';

/** A verified API key's row, cached until `until` (epoch ms). */
export interface KeyEntry {
  workspace: Workspace;
  hash: Uint8Array;
  until: number;
}

/** What a connection proved: a key, on a surface, against a cached row that must still be valid. */
export interface Proof {
  surface: Surface;
  key: string;
  entry: KeyEntry;
}

/** An API key as stored: its lookup id and its hash, never the key. */
export interface KeyRow {
  lookup_id: string;
  workspace_id: string;
  surface: Surface;
  key_hash: Uint8Array;
}

/** The state authentication works on (a store holds it; see its `authenticate`). */
export interface KeyState {
  /** The workspace and hash of the live (unrevoked) key with this lookup id on this surface, if any. */
  findKey(
    lookupId: string,
    surface: Surface,
  ): Promise<{ workspace_id: string; key_hash: Uint8Array } | undefined>;
  /** Hashing and constant-time comparison (`node:crypto`'s, or a pure one where there is no `node:`). */
  readonly keyCrypto: KeyCrypto;
  /** Verified keys' rows by `surface:lookupId`. */
  readonly keyCache: Map<string, KeyEntry>;
  /** Per connection, the last key it proved; gone with the connection. */
  readonly proven: WeakMap<object, Proof>;
  /** How long a verified key stays cached, in ms (a revoked key works at most this long). */
  readonly keyCacheMs: number;
}

/** The cache holds at most this many keys; past it, it starts again empty. */
const MAX_CACHED_KEYS = 10_000;

/**
 * The workspace a key belongs to on a surface, or `undefined`. Answered at once (no promise) when the key's
 * row is cached, which is nearly every request.
 *
 * `connection` (the request's socket) lets a keep-alive connection skip the hash: it remembers the last
 * key it proved and the cached key row that proved it, and a later request on the same connection
 * presenting the same key (compared in constant time, since behind a proxy one connection carries many
 * clients) is accepted while that row is still valid. So a revoked key stops working on every connection
 * within the same {@link KeyState.keyCacheMs} as before. The remembered key lives in memory with its
 * connection. Hashing was about a tenth of a PATCH's time.
 *
 * `this` is the store: the function is the store's own `authenticate` method, so that the check of a
 * proven connection is no call deeper than when it was written inside the store.
 */
export function authenticate(
  this: KeyState,
  surface: Surface,
  key: string,
  connection?: object,
): Workspace | undefined | Promise<Workspace | undefined> {
  if (connection !== undefined) {
    const proof = this.proven.get(connection);
    if (
      proof !== undefined &&
      proof.surface === surface &&
      proof.entry.until > Date.now() &&
      sameKey(key, proof.key)
    )
      return proof.entry.workspace;
  }
  const lookupId = lookupIdOf(key);
  if (lookupId === undefined) return undefined;
  const cacheKey = `${surface}:${lookupId}`;
  const cached = this.keyCache.get(cacheKey);
  if (cached && cached.until > Date.now()) {
    if (!this.keyCrypto.keyMatches(key, cached.hash)) return undefined;
    prove(this, connection, surface, key, cached);
    return cached.workspace;
  }
  return authenticateStored(this, surface, key, lookupId, cacheKey, connection);
}

/** {@link authenticate} of a key whose row is not cached: read, checked, then cached. */
async function authenticateStored(
  state: KeyState,
  surface: Surface,
  key: string,
  lookupId: string,
  cacheKey: string,
  connection: object | undefined,
): Promise<Workspace | undefined> {
  const row = await state.findKey(lookupId, surface);
  if (!row) return undefined;
  const hash = row.key_hash;
  if (!state.keyCrypto.keyMatches(key, hash)) return undefined;
  const workspace = { id: row.workspace_id };
  const entry = { workspace, hash, until: Date.now() + state.keyCacheMs };
  if (state.keyCache.size > MAX_CACHED_KEYS) state.keyCache.clear();
  state.keyCache.set(cacheKey, entry);
  prove(state, connection, surface, key, entry);
  return workspace;
}

/** Remembers that `connection` proved `key` against `entry` (see {@link authenticate}). */
function prove(
  state: KeyState,
  connection: object | undefined,
  surface: Surface,
  key: string,
  entry: KeyEntry,
): void {
  if (connection !== undefined) state.proven.set(connection, { surface, key, entry });
}

/** The row that stores a workspace's key for a surface: its lookup id and its hash, never the key. */
export function keyRow(crypto: KeyCrypto, workspaceId: string, surface: Surface, key: string): KeyRow {
  const lookupId = lookupIdOf(key);
  if (lookupId === undefined) throw new Error('API keys must look like sk_ + at least 13 characters');
  return { lookup_id: lookupId, workspace_id: workspaceId, surface, key_hash: crypto.hashKey(key) };
}

/**
 * Ends every cached key and every connection's proof at once (they share the cache's entries), for a store
 * whose keys were just deleted.
 */
export function forgetKeys(state: KeyState): void {
  for (const entry of state.keyCache.values()) entry.until = 0;
  state.keyCache.clear();
}
