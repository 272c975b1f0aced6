/** The PostgreSQL database, through a `pg` pool: every statement commits on its own unless in a transaction. */
import pg from 'pg';
import type { Database, Dialect, Sql } from './db.ts';

/** PostgreSQL's fragments: JSON is `jsonb`, timestamps are `timestamptz(3)`. */
const POSTGRES: Dialect = {
  json: (param) => `${param}::jsonb`,
  nextUpdatedAt: (now) => `greatest(${now}::timestamptz, p.updated_at + interval '1 millisecond')`,
  mergeSecrets: (drop, set) =>
    `(p.secrets - array(select jsonb_array_elements_text(${drop}::jsonb))) || ${set}::jsonb`,
  isUniqueViolation: (error) => errorCode(error) === '23505',
};

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** Opens a pool of `poolSize` connections to `url` and checks that it answers. */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  let ended: Promise<void> | undefined;
  // An idle client that loses its connection emits 'error'; without a listener that kills the process.
  pool.on('error', () => {});
  await pool.query('select 1');
  return {
    kind: 'postgres',
    dialect: POSTGRES,
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params as unknown[])).rows as T[];
    },
    transaction: (fn) => transaction(pool, fn),
    async write(text: string, params?: unknown[]) {
      const result = await pool.query(text, params as unknown[]);
      return { changes: result.rowCount ?? 0, committed: Promise.resolve() };
    },
    onGroupRollback() {},
    // Every caller waits for the same end, as with the embedded store: pg's Pool refuses a second end().
    close() {
      ended ??= pool.end();
      return ended;
    },
  };
}

/** Runs `fn` on one connection of `pool` between `begin` and `commit`, or `rollback` if it throws. */
async function transaction<T>(pool: pg.Pool, fn: (tx: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const tx: Sql = {
      async query<R>(text: string, params?: unknown[]) {
        return (await client.query(text, params as unknown[])).rows as R[];
      },
    };
    const result = await fn(tx);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
