/**
 * One small SQL interface over the two stores: SQLite in-process (the runtime's `node:sqlite`, persisted to one file)
 * and PostgreSQL through `pg`. Queries are written once, with PostgreSQL-style `$1` placeholders, which
 * SQLite also reads (as parameters named `1`, `2`, ...). Where the dialects really differ (column types,
 * JSON operators, timestamp arithmetic) the store asks {@link Dialect} for the fragment, and rows are
 * normalised by the store, so everything above this file behaves the same on both.
 */

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { isBusy, isUniqueViolation, openSqlite, type SqliteStatement } from './sqlite.ts';

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** SQL fragments that differ between the two databases. `$n` arguments are placeholder names. */
export interface Dialect {
  /** A JSON value bound as text, read back as a JSON document. */
  json(param: string): string;
  /** `updated_at` for a write at `now`: strictly after the current value, even if the clock went back. */
  nextUpdatedAt(now: string): string;
  /** The `secrets` object without the keys in the JSON array `drop`, merged with the JSON object `set`. */
  mergeSecrets(drop: string, set: string): string;
  /** Whether an error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
}

/** An open database of either kind. */
export interface Database extends Sql {
  readonly kind: 'embedded' | 'postgres';
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Inside `fn`, use
   * only `tx`: on the embedded store a `db.query` made from inside waits for the transaction to end, which
   * never happens (on PostgreSQL it would run outside the transaction).
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs one data-changing statement: the number of rows it changed, and `committed`, which settles once
   * that change is durable (or rejects if its commit failed); a caller must await `committed` before
   * acknowledging the write. On the embedded store, when no transaction is open, the statement runs at
   * once in the open group commit and the result is returned synchronously, before the group commits;
   * otherwise (PostgreSQL, or a transaction in the way) it is a promise and `committed` is already settled.
   */
  write(text: string, params?: unknown[]): Written | Promise<Written>;
  /**
   * Registers `listener` to be called synchronously when a group commit is rolled back as a whole (an I/O
   * error, say), before any of its writers hears of it: rows the caller derived from the group's writes
   * are then no longer in the database. Never called on PostgreSQL, which has no group commit.
   */
  onGroupRollback(listener: () => void): void;
  close(): Promise<void>;
}

/** What {@link Database.write} did. */
export interface Written {
  changes: number;
  committed: Promise<void>;
}

/** Where the data lives: an embedded directory (none: a temporary one) or a PostgreSQL URL. */
export type DatabaseConfig =
  | { kind: 'embedded'; dataDir?: string }
  | { kind: 'postgres'; url: string; poolSize?: number };

/** The embedded store's file inside its data directory. */
export const EMBEDDED_FILE = 'phone-api.sqlite3';

/**
 * Empties the embedded store in `dataDir` (the stateful mock's `--reset`): its SQLite file and WAL are
 * deleted, so the next start migrates (and seeds) afresh. Refuses while a server has the store open.
 */
export async function resetEmbedded(dataDir: string): Promise<void> {
  if (!existsSync(join(dataDir, EMBEDDED_FILE))) return;
  // Opening takes the file's exclusive lock: it fails here if a running server holds the store.
  const db = await openEmbedded(dataDir);
  await db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, EMBEDDED_FILE + suffix), { force: true });
}

/** Opens a database. Migrations are not applied here. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.url, config.poolSize)
    : openEmbedded(config.dataDir);
}

const POSTGRES: Dialect = {
  json: (param) => `${param}::jsonb`,
  nextUpdatedAt: (now) => `greatest(${now}::timestamptz, p.updated_at + interval '1 millisecond')`,
  mergeSecrets: (drop, set) =>
    `(p.secrets - array(select jsonb_array_elements_text(${drop}::jsonb))) || ${set}::jsonb`,
  isUniqueViolation: (error) => errorCode(error) === '23505',
};

// Timestamps are integer milliseconds since the epoch (exact, ordered, cheap to compare); JSON is text.
const SQLITE: Dialect = {
  json: (param) => param,
  nextUpdatedAt: (now) => `max(${now}, p.updated_at + 1)`,
  mergeSecrets: (drop, set) =>
    `json_patch((select json_group_object(e.key, e.value) from json_each(p.secrets) e
      where e.key not in (select d.value from json_each(${drop}) d)), ${set})`,
  isUniqueViolation,
};

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection emits 'error'; without a listener that kills the process.
  pool.on('error', () => {});
  await pool.query('select 1');
  return {
    kind: 'postgres',
    dialect: POSTGRES,
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params as unknown[])).rows as T[];
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
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
    },
    async write(text: string, params?: unknown[]) {
      const result = await pool.query(text, params as unknown[]);
      return { changes: result.rowCount ?? 0, committed: Promise.resolve() };
    },
    onGroupRollback() {},
    async close() {
      await pool.end();
    },
  };
}

/** An open group commit: its statements' callers, told when it commits (or fails to). */
interface Group {
  settle: (() => void)[];
  fail: ((error: unknown) => void)[];
}

/** A group commit takes at most this many statements... */
const GROUP_MAX_STATEMENTS = 64;
/** ...and stays open at most this long (ms) while statements keep arriving. */
const GROUP_MAX_MS = 1;

/**
 * SQLite runs synchronously on the calling thread: a primary-key UPDATE costs a few microseconds, which is
 * what lets the embedded store answer writes at HTTP speed (WASM PostgreSQL took 0.3-0.8 ms per UPDATE).
 *
 * - WAL with `synchronous = NORMAL`: a commit is in the WAL file (the OS's page cache) before any reply that
 *   depends on it is sent, so a killed process loses nothing it acknowledged; a power cut may lose the last
 *   commits, never consistency (the README says so).
 * - Group commit: the commit (a write() of the WAL) is most of a small write's cost. Writes run at once
 *   inside one open transaction; after each turn of the event loop (`setImmediate`) the group commits,
 *   unless that turn added statements and it holds more than one, in which case it waits one more turn,
 *   up to 64 statements or 1 ms. Each write's promise settles only after the commit, so nothing is
 *   acknowledged before it is durable. A failing statement is undone alone (SQLite's statement rollback);
 *   the others still commit. Committing after every turn gave groups of about 5 of the 10 benchmark
 *   connections; waiting while the group grows gives groups of about all of them (PATCH +12%, p99
 *   unchanged at under 1 ms).
 * - `locking_mode = EXCLUSIVE`: one process owns the file. The store's read cache relies on being the only
 *   writer, and a second server on the same directory fails at start instead of serving stale reads.
 * - Transactions: `transaction()` waits for the pending group to commit, then runs alone; while it is open
 *   (its body may await), every other statement waits for it, so nothing interleaves with it.
 */
async function openEmbedded(dataDir: string | undefined): Promise<Database> {
  const temporary = dataDir === undefined;
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'phone-api-sqlite-'));
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, 'PG_VERSION')) && !existsSync(join(dir, EMBEDDED_FILE))) {
    // Earlier versions kept the embedded store as a PGlite (WASM PostgreSQL) cluster here. Starting an
    // empty SQLite file beside it would make every stored number silently vanish from the API.
    throw new Error(
      `${dir} holds a PGlite cluster from an earlier version of this server, which the SQLite store does ` +
        'not read. Move it away (or pass another --data-dir) to start with an empty store.',
    );
  }
  // A short busy timeout: the only contention is another process holding the file, which will not pass.
  const db = openSqlite(join(dir, EMBEDDED_FILE), 250);
  try {
    db.exec('pragma locking_mode = EXCLUSIVE');
    db.exec('pragma journal_mode = WAL');
    db.exec('pragma synchronous = NORMAL');
    db.exec('pragma foreign_keys = ON');
    // Takes the exclusive lock now, so a second process fails here rather than on its first write.
    db.exec('begin immediate; commit');
  } catch (error) {
    db.close();
    if (isBusy(error))
      throw new Error(`The embedded store in ${dir} is in use by another process.`, { cause: error });
    throw error;
  }

  // Prepared once: exec() would parse these again for every group.
  const begin = db.prepare('begin immediate');
  const commit = db.prepare('commit');
  const statements = new Map<string, Prepared>();
  const prepare = (text: string): Prepared => {
    let prepared = statements.get(text);
    if (!prepared) {
      const { sql, order } = positional(text);
      prepared = { statement: db.prepare(sql), order };
      // Queries are the store's own fixed texts plus a few shapes of dynamic ones; the bound is a guard.
      if (statements.size > 500) statements.clear();
      statements.set(text, prepared);
    }
    return prepared;
  };
  const execute = <T>({ statement, order }: Prepared, params: unknown[] | undefined): T[] => {
    const bound = bind(params, order);
    if (statement.reader) return statement.all<T>(bound);
    statement.run(bound);
    return [];
  };

  // The open group: its transaction is begun, and these settle when it commits (or fails to).
  let group: Group | undefined;
  const rollbackListeners: (() => void)[] = [];
  /** A group is gone as a whole: listeners first, then every writer in it hears `error`. */
  const groupFailed = (current: Group, error: unknown) => {
    try {
      for (const listener of rollbackListeners) listener();
    } finally {
      for (const fail of current.fail) fail(error);
    }
  };
  const commitGroup = () => {
    const current = group;
    if (!current) return;
    group = undefined;
    try {
      commit.run();
    } catch (error) {
      try {
        if (db.inTransaction) db.exec('rollback');
      } finally {
        // Even if the rollback throws too, every waiter hears of the failure (none is left hanging).
        groupFailed(current, error);
      }
      return;
    }
    for (const settle of current.settle) settle();
  };
  /** The open group, begun now if there is none. */
  const openGroup = () => {
    if (!group) {
      begin.run();
      const opened: Group = { settle: [], fail: [] };
      group = opened;
      const started = performance.now();
      let seen = 0;
      // After each turn's callbacks: while the turn brought more statements, and there is more than one,
      // the group stays open for the next turn (bounded), else it commits. Under load every connection's
      // request joins one commit instead of the few that happened to be ready in one poll; a lone
      // statement commits at once (holding it made two connections 25% slower: each waited for the other).
      const settleOrExtend = () => {
        if (group !== opened) return; // already committed (by a transaction or close) or rolled back
        const size = opened.fail.length;
        const growing = size > seen && size > 1;
        if (growing && size < GROUP_MAX_STATEMENTS && performance.now() - started < GROUP_MAX_MS) {
          seen = size;
          setImmediate(settleOrExtend);
        } else commitGroup();
      };
      setImmediate(settleOrExtend);
    }
    return group;
  };
  /** A statement of group `current` threw: what its caller hears, and when. */
  const refused = <T>(error: unknown, current: Group): Promise<T> => {
    if (!db.inTransaction && group === current) {
      // Some errors (I/O, disk full) make SQLite roll back the whole transaction: the group's earlier
      // writes are gone, so they fail now rather than being reported as committed.
      group = undefined;
      groupFailed(current, error);
      return Promise.reject(error);
    }
    // Otherwise (a constraint, say) only this statement was undone and the group goes on. Its refusal may
    // rest on the group's uncommitted writes (a duplicate of a row inserted in the same turn), so it is
    // reported after the commit; if the commit fails, with the commit's error instead.
    return new Promise<T>((_, reject) => {
      current.settle.push(() => reject(error));
      current.fail.push(reject);
    });
  };
  const inGroup = <T>(prepared: Prepared, params: unknown[] | undefined): Promise<T[]> => {
    const current = openGroup();
    let rows: T[];
    try {
      rows = execute<T>(prepared, params);
    } catch (error) {
      return refused(error, current);
    }
    return new Promise<T[]>((resolve, reject) => {
      current.settle.push(() => resolve(rows));
      current.fail.push(reject);
    });
  };
  /** The number of rows a data-changing statement changed. */
  const run = ({ statement, order }: Prepared, params: unknown[] | undefined): number =>
    statement.run(bind(params, order));

  // The tail of the queue of work waiting for an open transaction; `busy` counts what is queued or running.
  let tail: Promise<unknown> = Promise.resolve();
  let busy = 0;
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    busy += 1;
    const result = tail.then(work);
    tail = result.then(
      () => {
        busy -= 1;
      },
      () => {
        busy -= 1;
      },
    );
    return result;
  };
  let closing: Promise<void> | undefined;
  return {
    kind: 'embedded',
    dialect: SQLITE,
    query<T>(text: string, params?: unknown[]) {
      if (busy > 0) return enqueue(async () => execute<T>(prepare(text), params));
      try {
        const prepared = prepare(text);
        // A read outside a group sees only committed data and needs no commit; anything else joins the
        // group (a read inside it may see the group's writes, so it too waits for their commit).
        if (prepared.statement.readonly && !group) return Promise.resolve(execute<T>(prepared, params));
        return inGroup<T>(prepared, params);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    write(text: string, params?: unknown[]) {
      // While a transaction is open or queued the statement waits its turn, then commits on its own.
      if (busy > 0) {
        return enqueue(async () => ({ changes: run(prepare(text), params), committed: Promise.resolve() }));
      }
      try {
        const prepared = prepare(text);
        const current = openGroup();
        let changes: number;
        try {
          changes = run(prepared, params);
        } catch (error) {
          return refused(error, current);
        }
        const committed = new Promise<void>((resolve, reject) => {
          current.settle.push(resolve);
          current.fail.push(reject);
        });
        // A caller whose statement changed nothing has nothing to wait for and may drop `committed`; if the
        // group then fails, an unobserved rejection would end the process. Awaiting it still rejects.
        committed.catch(() => {});
        return { changes, committed };
      } catch (error) {
        return Promise.reject(error);
      }
    },
    onGroupRollback(listener: () => void) {
      rollbackListeners.push(listener);
    },
    transaction<T>(fn: (tx: Sql) => Promise<T>) {
      // Commits the open group now; from here `busy` sends every other statement to the queue, so no new
      // group can open before this transaction has run.
      commitGroup();
      return enqueue(async () => {
        db.exec('begin immediate');
        // The handle works only while its transaction is open: a query left running past the end would
        // otherwise land in autocommit or in a later group, outside the transaction it was written for.
        let open = true;
        const tx: Sql = {
          async query<R>(text: string, params?: unknown[]) {
            if (!open) throw new Error('transaction handle used after its transaction ended');
            return execute<R>(prepare(text), params);
          },
        };
        try {
          const result = await fn(tx);
          open = false;
          db.exec('commit');
          return result;
        } catch (error) {
          open = false;
          try {
            if (db.inTransaction) db.exec('rollback');
          } catch {
            // The original error is the one worth reporting; the connection is closed on shutdown.
          }
          throw error;
        }
      });
    },
    close() {
      // Every caller waits for the same close: the file is unlocked only once it resolves.
      closing ??= (async () => {
        commitGroup();
        await tail;
        commitGroup();
        db.close();
        if (temporary) rmSync(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

/** A prepared statement and, for each of its `?`, the index of the parameter it takes. */
interface Prepared {
  statement: SqliteStatement;
  order: number[];
}

/**
 * A query's `$n` placeholders as SQLite's anonymous `?`, and which parameter each one takes (a `$n` may
 * appear twice, or out of order). Anonymous parameters bound in order are cheaper than named ones (`$n`
 * is a named parameter to SQLite, looked up by name on every bind). Quoted strings, quoted
 * identifiers and comments are copied as they are.
 */
export function positional(text: string): { sql: string; order: number[] } {
  let sql = '';
  const order: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      let end = i + 1;
      while (end < text.length && !(text[end] === c && text[end + 1] !== c)) end += text[end] === c ? 2 : 1;
      sql += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      sql += text.slice(i, stop);
      i = stop;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      sql += text.slice(i, stop);
      i = stop;
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let end = i + 1;
      while (end < text.length && /[0-9]/.test(text[end] as string)) end++;
      order.push(Number(text.slice(i + 1, end)) - 1);
      sql += '?';
      i = end;
    } else {
      sql += c;
      i++;
    }
  }
  return { sql, order };
}

/**
 * The values for a statement's `?`s, in `order`. SQLite binds numbers, strings, bigints, buffers and null:
 * dates become epoch milliseconds, booleans 0/1, arrays and objects JSON (the columns that hold them are
 * JSON text). A placeholder without a value is an error, as a missing named parameter was.
 */
function bind(params: unknown[] | undefined, order: number[]): unknown[] {
  const bound = new Array<unknown>(order.length);
  for (let k = 0; k < order.length; k++) {
    const index = order[k] as number;
    if (index < 0) throw new RangeError('placeholders are numbered from $1');
    if (params === undefined || index >= params.length)
      throw new RangeError(`no value for placeholder $${index + 1}`);
    const value = params[index];
    bound[k] =
      value instanceof Date
        ? value.getTime()
        : typeof value === 'boolean'
          ? Number(value)
          : value === undefined
            ? null
            : typeof value === 'object' && value !== null && !Buffer.isBuffer(value)
              ? JSON.stringify(value)
              : value;
  }
  return bound;
}
