import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { secretsKeyFromEnv } from '../src/crypto.ts';
import {
  type Database,
  MIGRATIONS,
  migrate,
  openDatabase,
  resetEmbedded,
  startReferenceServer,
} from '../src/index.ts';
import { positional } from '../src/store/placeholders.ts';
import { client, e164, SQL_STORES, STORES, sqlOf } from './helpers.ts';

describe.each(SQL_STORES)('storage (%s store)', (kind) => {
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
      expect(await tableNames(db)).toEqual(
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
          sql: {
            postgres: 'create table half_done (x int);\nselect * from no_such_table;',
            sqlite: 'create table half_done (x int);\nselect * from no_such_table;',
          },
        },
      ];
      await expect(migrate(db, bad)).rejects.toThrow();
      expect(await tableNames(db)).not.toContain('half_done');
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
});

describe.each(STORES)('demo seed (%s store)', (kind) => {
  const database = () => (kind === 'postgres' ? inject('databaseUrl') : kind);

  it('seeds a demo workspace with a number of every source and provider', async () => {
    const server = await startReferenceServer({ port: 0, database: database(), seed: true });
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

/** Runs `fn` with a new temporary directory, removed afterwards whatever happens. */
async function inTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The tables of a database, from its own catalogue. */
async function tableNames(db: Database): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    db.kind === 'postgres'
      ? "select table_name as name from information_schema.tables where table_schema = 'public' order by 1"
      : "select name from sqlite_schema where type = 'table' order by 1",
  );
  return rows.map((r) => r.name);
}

/** Every table's column names, sorted, from the database's own catalogue. */
async function columnsByTable(db: Database): Promise<Record<string, string[]>> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    db.kind === 'postgres'
      ? "select table_name, column_name from information_schema.columns where table_schema = 'public'"
      : "select t.name as table_name, c.name as column_name from sqlite_schema t, pragma_table_info(t.name) c where t.type = 'table'",
  );
  const tables: Record<string, string[]> = {};
  for (const row of rows) {
    const columns = tables[row.table_name] ?? [];
    columns.push(row.column_name);
    tables[row.table_name] = columns;
  }
  for (const columns of Object.values(tables)) columns.sort();
  return tables;
}

describe('one schema on both stores', () => {
  it('has the same tables and columns after migrating the embedded store and PostgreSQL', async () => {
    const embedded = await openDatabase({ kind: 'embedded' });
    const postgres = await openDatabase({ kind: 'postgres', url: inject('databaseUrl') });
    try {
      await migrate(embedded);
      await migrate(postgres);
      const fromEmbedded = await columnsByTable(embedded);
      expect(Object.keys(fromEmbedded)).toContain('phone_numbers');
      expect(fromEmbedded).toEqual(await columnsByTable(postgres));
    } finally {
      await embedded.close();
      await postgres.close();
    }
  });

  it('keeps the embedded file to one process: a second server on the same directory fails to start', async () => {
    await inTempDir('phone-api-lock-', async (dataDir) => {
      const first = await openDatabase({ kind: 'embedded', dataDir });
      try {
        await migrate(first);
        await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(
          /in use by another process/,
        );
      } finally {
        await first.close();
      }
      // Released on close: the directory opens again.
      const again = await openDatabase({ kind: 'embedded', dataDir });
      await again.close();
    });
  });
});

describe('embedded store group commit', () => {
  it('commits writes issued together as one group; a failing one is undone alone, the others persist', async () => {
    await inTempDir('phone-api-group-', async (dataDir) => {
      const db = await openDatabase({ kind: 'embedded', dataDir });
      await migrate(db);
      await db.query('insert into workspaces (id, name) values ($1, $2)', ['ws_group', 'Group']);
      const insert = (id: string) =>
        db.query('insert into agents (id, workspace_id, name) values ($1, $2, $3)', [id, 'ws_group', id]);
      // Same turn of the event loop: one group. The duplicate key fails; its neighbours must not.
      const order: string[] = [];
      const track = (name: string, p: Promise<unknown>) =>
        p.then(
          () => order.push(`${name} ok`),
          () => order.push(`${name} refused`),
        );
      const writes = [insert('agent_a'), insert('agent_a'), insert('agent_b')];
      await Promise.all(writes.map((p, i) => track(`write ${i + 1}`, p)));
      const results = await Promise.allSettled(writes);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      // The refusal rests on write 1, which was not committed yet: it is reported after the commit, not
      // before (had the commit failed, write 2 would get the commit's error instead).
      expect(order).toEqual(['write 1 ok', 'write 2 refused', 'write 3 ok']);
      expect(db.dialect.isUniqueViolation((results[1] as PromiseRejectedResult).reason)).toBe(true);
      // A transaction started while a group is open runs after it, seeing its writes.
      const pending = insert('agent_c');
      const seen = await db.transaction(async (tx) =>
        (await tx.query<{ id: string }>('select id from agents order by id')).map((r) => r.id),
      );
      await pending;
      expect(seen).toEqual(['agent_a', 'agent_b', 'agent_c']);
      await db.close();
      // Durable: a new process-level open of the file sees every acknowledged write.
      const reopened = await openDatabase({ kind: 'embedded', dataDir });
      try {
        const rows = await reopened.query<{ id: string }>('select id from agents order by id');
        expect(rows.map((r) => r.id)).toEqual(['agent_a', 'agent_b', 'agent_c']);
      } finally {
        await reopened.close();
      }
    });
  });
});

describe('stateful mock reset', () => {
  it('empties the embedded store (the seed comes back) and refuses while a server holds it', async () => {
    await inTempDir('phone-api-reset-', async (dataDir) => {
      const first = await startReferenceServer({ port: 0, dataDir, seed: true });
      const api = client(first, first.apiKeys);
      const created = await api.agents('POST', '', { source: 'livekit', e164: e164(), label: 'Temporary' });
      expect(created.status).toBe(201);
      const seeded = (await api.agents('GET', '?limit=200')).body.numbers.length;
      await expect(resetEmbedded(dataDir)).rejects.toThrow(/in use by another process/);
      await first.close();

      await resetEmbedded(dataDir);
      const second = await startReferenceServer({ port: 0, dataDir, seed: true });
      try {
        const api2 = client(second, second.apiKeys);
        expect((await api2.agents('GET', `/${created.body.id}`)).status).toBe(404);
        expect((await api2.agents('GET', '?limit=200')).body.numbers.length).toBe(seeded - 1);
      } finally {
        await second.close();
      }
    });
  });
});

describe('upgrades and precision', () => {
  it('refuses a data directory that holds an earlier PGlite cluster instead of starting empty', async () => {
    await inTempDir('phone-api-pglite-', async (dataDir) => {
      writeFileSync(join(dataDir, 'PG_VERSION'), '17\n');
      await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(/holds a PGlite cluster/);
    });
  });

  it('pages through rows whose PostgreSQL timestamps had sub-millisecond parts without skipping any', async () => {
    const server = await startReferenceServer({ port: 0, database: inject('databaseUrl') });
    try {
      const api = client(server, server.apiKeys);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await api.agents('POST', '', { source: 'livekit', e164: e164(), label: `Sub-ms ${i}` });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      // Written by SQL, not by the server: microsecond parts that a millisecond cursor cannot carry.
      for (const [i, micros] of ['001900', '001500', '001100'].entries()) {
        const at = `2026-01-01T00:00:00.${micros}Z`;
        await sqlOf(server).query('update phone_numbers set created_at = $1, updated_at = $1 where id = $2', [
          at,
          ids[i],
        ]);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res: { body: { numbers: { id: string }[]; next_cursor: string | null } } = await api.agents(
          'GET',
          `?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...res.body.numbers.map((n) => n.id));
        cursor = res.body.next_cursor;
        if (!cursor) break;
      }
      expect([...seen].sort()).toEqual([...ids].sort());
    } finally {
      await server.close();
    }
  });
});

/**
 * An embedded store with a `notes` table whose trigger rolls back the whole transaction on `v = 'abort'`
 * (RAISE(ROLLBACK) undoes it as an I/O error or a full disk would), and an insert into it.
 */
async function withNotes(fn: (db: Database, insert: (v: string) => Promise<unknown>) => Promise<void>) {
  const db = await openDatabase({ kind: 'embedded' });
  try {
    await db.query('create table notes (v text not null)');
    await db.query(
      "create trigger notes_abort before insert on notes when new.v = 'abort' begin select raise(rollback, 'aborted'); end",
    );
    await fn(db, (v) => db.query('insert into notes (v) values ($1)', [v]));
  } finally {
    await db.close();
  }
}

describe('embedded store group commit, whole-transaction rollback', () => {
  it('fails the writes a rolled-back group had made, and carries on with a new group', async () => {
    await withNotes(async (db, insert) => {
      const results = await Promise.allSettled([insert('before'), insert('abort'), insert('after')]);
      // 'before' shared the group that was rolled back: it must not be reported as written.
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
      const rows = await db.query<{ v: string }>('select v from notes order by v');
      expect(rows.map((r) => r.v)).toEqual(['after']);
    });
  });
});

describe('embedded store group commit across turns', () => {
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('keeps a group open while each turn adds writes (one rollback takes them all)', async () => {
    await withNotes(async (db, insert) => {
      const a = [insert('a1'), insert('a2')];
      await nextTurn();
      const b = insert('b');
      await nextTurn();
      const abort = insert('abort');
      const results = await Promise.allSettled([...a, b, abort]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      expect(await db.query('select v from notes')).toEqual([]);
    });
  });

  it('commits a lone write at the end of its turn (it is not held for company)', async () => {
    await withNotes(async (_db, insert) => {
      let committed = false;
      const write = insert('alone').then(() => {
        committed = true;
      });
      await nextTurn();
      expect(committed).toBe(true);
      await write;
    });
  });

  it('commits a group that keeps growing after a bounded number of writes, not when the stream ends', async () => {
    await withNotes(async (db, insert) => {
      let issued = 0;
      let committedAfter = 0;
      const first = insert('w0').then(() => {
        committedAfter = issued;
      });
      const rest: Promise<unknown>[] = [insert('w1')];
      issued = 2;
      for (let i = 2; i < 200; i += 2) {
        await nextTurn();
        rest.push(insert(`w${i}`), insert(`w${i + 1}`));
        issued = i + 2;
      }
      await Promise.all([first, ...rest]);
      // Held past its first turn (the stream kept adding to it), but committed long before the stream
      // ended: by the 64-statement or 1 ms bound, whichever came first.
      expect(committedAfter).toBeGreaterThanOrEqual(4);
      expect(committedAfter).toBeLessThanOrEqual(66);
      expect(await db.query('select count(*) as n from notes')).toEqual([{ n: 200 }]);
    });
  });
});

describe('embedded store placeholders', () => {
  it('binds $n placeholders by position: repeated, out of order, never inside quotes or comments', async () => {
    expect(positional(`select $2 as "b$1", $1 as a, '$1''s' as literal, $2 || $1 as both -- $3\n`)).toEqual({
      sql: `select ? as "b$1", ? as a, '$1''s' as literal, ? || ? as both -- $3\n`,
      order: [1, 0, 1, 0],
    });
    const db = await openDatabase({ kind: 'embedded' });
    try {
      expect(
        await db.query(`select $2 as b, $1 as a, '$1' as literal, $2 || $1 as both`, ['x', 'y']),
      ).toEqual([{ b: 'y', a: 'x', literal: '$1', both: 'yx' }]);
      await expect(db.query('select $2 as b', ['x'])).rejects.toThrow(/no value for placeholder \$2/);
      await expect(db.query('select $0 as z', ['x'])).rejects.toThrow(/numbered from \$1/);
      expect(await db.query('select /* $2 */ $1 as a', ['x'])).toEqual([{ a: 'x' }]);
    } finally {
      await db.close();
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
