import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { secretsKeyFromEnv } from '../src/crypto.ts';
import { MIGRATIONS, migrate, openDatabase, startReferenceServer } from '../src/index.ts';
import { client, e164, STORES } from './helpers.ts';

describe.each(STORES)('storage (%s store)', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phone-api-store-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const database = () => (kind === 'postgres' ? inject('databaseUrl') : 'embedded');
  const config = () =>
    kind === 'postgres' ? ({ kind, url: inject('databaseUrl') } as const) : ({ kind, dataDir } as const);

  it('records applied migrations and applies each only once, even when started concurrently', async () => {
    const dbs =
      kind === 'postgres'
        ? await Promise.all([1, 2, 3].map(() => openDatabase(config())))
        : [await openDatabase(config())];
    try {
      await Promise.all(dbs.map((db) => migrate(db)));
      const db = dbs[0];
      if (!db) throw new Error('no database');
      const rows = await db.query<{ version: number; name: string }>(
        'select version, name from schema_migrations order by version',
      );
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
      const tables = await db.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining([
          'agents',
          'api_keys',
          'idempotency_keys',
          'phone_numbers',
          'schema_migrations',
          'workspaces',
        ]),
      );
    } finally {
      for (const db of dbs) await db.close();
    }
  });

  it('rolls back a failing migration completely', async () => {
    const db = await openDatabase(config());
    try {
      await migrate(db);
      const bad = [
        ...MIGRATIONS,
        {
          version: 999,
          name: 'broken',
          sql: 'create table half_done (x int);\nselect * from no_such_table;',
        },
      ];
      await expect(migrate(db, bad)).rejects.toThrow();
      expect(
        await db.query("select 1 from information_schema.tables where table_name = 'half_done'"),
      ).toEqual([]);
      expect(await db.query('select 1 from schema_migrations where version = 999')).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('keeps numbers across a restart on the same data', async () => {
    const first = await startReferenceServer({ port: 0, database: database(), dataDir, seed: true });
    const api = client(first, first.apiKeys);
    const created = await api.agents('POST', '', { source: 'livekit', e164: e164(), label: 'Survives' });
    expect(created.status).toBe(201);
    const seeded = (await api.agents('GET', '?limit=200')).body.numbers.length;
    await first.close();
    const second = await startReferenceServer({ port: 0, database: database(), dataDir, seed: true });
    try {
      const api2 = client(second, second.apiKeys);
      expect((await api2.agents('GET', `/${created.body.id}`)).body).toEqual(created.body);
      // Seeding happens only on the first start.
      expect((await api2.agents('GET', '?limit=200')).body.numbers.length).toBe(seeded);
    } finally {
      await second.close();
    }
  });

  it('seeds a demo workspace with a number of every source and provider', async () => {
    const server = await startReferenceServer({ port: 0, database: database(), dataDir, seed: true });
    try {
      const api = client(server, server.apiKeys);
      const numbers = (await api.agents('GET', '?limit=200')).body.numbers as { source: string }[];
      expect(new Set(numbers.map((n) => n.source))).toEqual(
        new Set(['livekit', 'twilio', 'byoc', 'twilio_purchased', 'verified_caller_id', 'exotel']),
      );
      const providers = (await api.convai('GET', '')).body.map((n: { provider: string }) => n.provider);
      expect(new Set(providers)).toEqual(new Set(['twilio', 'exotel', 'sip_trunk']));
    } finally {
      await server.close();
    }
  });
});

describe('secrets key', () => {
  it.each([
    ['unset: a random per-process key', {}, 32],
    ['64 hex characters: that key', { PHONE_API_SECRETS_KEY: 'ab'.repeat(32) }, 32],
  ] as const)('%s', (_name, env, bytes) => {
    expect(secretsKeyFromEnv(env)).toHaveLength(bytes);
  });

  it('refuses a malformed key instead of falling back to a random one', () => {
    expect(() => secretsKeyFromEnv({ PHONE_API_SECRETS_KEY: 'not-hex' })).toThrow(/64 hex characters/);
  });
});
