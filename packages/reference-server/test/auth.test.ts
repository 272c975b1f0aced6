// API keys at the store: a keep-alive connection may skip re-hashing the key it already proved, but never
// for another key, another surface, or past the key cache's lifetime (revocation still takes effect).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sameKey } from '../src/api-keys.ts';
import { MemoryStore, migrate, openDatabase, Store } from '../src/index.ts';

// The rules live in keys.ts and are the same over SQL (node:crypto) and in memory (pure SHA-256); the
// embedded store stands for both SQL stores, which share every line of it.
describe.each(['embedded', 'memory'] as const)(
  'authenticate, with and without a connection (%s store)',
  (kind) => {
    let store: Store | MemoryStore;
    let keys: { agents: string; convai: string };
    let other: { agents: string; convai: string };
    let ids: { mine: string; other: string };

    /** Revokes every key of a workspace, behind the key cache's back. */
    const revoke = async (workspaceId: string) => {
      if (store instanceof MemoryStore) {
        for (const row of store.tables.apiKeys.values())
          if (row.workspace_id === workspaceId) row.revoked_at = new Date();
      } else {
        await store.db.query('update api_keys set revoked_at = $1 where workspace_id = $2', [
          new Date(),
          workspaceId,
        ]);
      }
    };

    beforeEach(async () => {
      if (kind === 'memory') store = new MemoryStore({ keyCacheMs: 100 });
      else {
        const db = await openDatabase({ kind: 'embedded' });
        await migrate(db);
        store = new Store(db, { keyCacheMs: 100 });
      }
      const mine = await store.createWorkspace('Mine');
      const theirs = await store.createWorkspace('Theirs');
      keys = mine.apiKeys;
      other = theirs.apiKeys;
      ids = { mine: mine.id, other: theirs.id };
    });
    afterEach(() => store.close());

    it('accepts the proven key again on its connection, and judges every other key on its own', async () => {
      const connection = {};
      expect(await store.authenticate('agents', keys.agents, connection)).toEqual({ id: ids.mine });
      expect(await store.authenticate('agents', keys.agents, connection)).toEqual({ id: ids.mine });
      // The same length, one character off: not the proven key.
      const forged = `${keys.agents.slice(0, -1)}${keys.agents.endsWith('a') ? 'b' : 'a'}`;
      expect(await store.authenticate('agents', forged, connection)).toBeUndefined();
      // Another workspace's key on the same connection (a proxy carrying two clients) is that workspace's.
      expect(await store.authenticate('agents', other.agents, connection)).toEqual({ id: ids.other });
      expect(await store.authenticate('agents', keys.agents, connection)).toEqual({ id: ids.mine });
      // A key proven on one surface is not a key of the other.
      expect(await store.authenticate('convai', keys.agents, connection)).toBeUndefined();
      expect(await store.authenticate('convai', keys.convai, connection)).toEqual({ id: ids.mine });
      // Without a connection, or on a new one, the same answers.
      expect(await store.authenticate('agents', keys.agents)).toEqual({ id: ids.mine });
      expect(await store.authenticate('agents', forged, {})).toBeUndefined();
    });

    it('stops accepting a revoked key on a connection that had proven it, once the key cache expires', async () => {
      const connection = {};
      expect(await store.authenticate('agents', keys.agents, connection)).toEqual({ id: ids.mine });
      await revoke(ids.mine);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await store.authenticate('agents', keys.agents, connection)).toBeUndefined();
      expect(await store.authenticate('agents', keys.agents)).toBeUndefined();
    });
  },
);

describe("sameKey (a connection's proven key against the one presented)", () => {
  const known = 'sk_demoagents00publicdemokeynotforproduction';

  it('is true only for the very same key', () => {
    expect(sameKey(known, known)).toBe(true);
    expect(sameKey(`${known}`.slice(0), known)).toBe(true);
    expect(sameKey('', '')).toBe(true);
  });

  it('is false for a key one character off at any position, or one character longer or shorter', () => {
    for (let i = 0; i < known.length; i++) {
      const code = known.charCodeAt(i);
      for (const other of [code ^ 1, code ^ 0x80, code + 0x10000 - 1]) {
        const off = `${known.slice(0, i)}${String.fromCharCode(other & 0xffff)}${known.slice(i + 1)}`;
        expect(sameKey(off, known)).toBe(false);
      }
    }
    expect(sameKey(known.slice(0, -1), known)).toBe(false);
    expect(sameKey(`${known}x`, known)).toBe(false);
    expect(sameKey('', known)).toBe(false);
  });
});
