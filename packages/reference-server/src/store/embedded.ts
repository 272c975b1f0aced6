/**
 * The embedded database: SQLite in this process (through the adapter in `sqlite.ts`), persisted to one
 * file, with a group commit and exclusive transactions on top.
 *
 * SQLite runs synchronously on the calling thread: a primary-key UPDATE costs a few microseconds, which is
 * what lets the embedded store answer writes at HTTP speed.
 *
 * - WAL with `synchronous = NORMAL`: a commit is in the WAL file (the OS's page cache) before any reply that
 *   depends on it is sent, so a killed process loses nothing it acknowledged; a power cut may lose the last
 *   commits, never consistency (the README says so).
 * - Group commit: the commit (a write() of the WAL) is most of a small write's cost. Writes run at once
 *   inside one open transaction; after each turn of the event loop the group commits, unless that turn
 *   added statements and it holds more than one, in which case it waits one more turn, up to
 *   {@link GROUP_MAX_STATEMENTS} or {@link GROUP_MAX_MS}. Each write's promise settles only after the
 *   commit, so nothing is acknowledged before it is durable. A failing statement is undone alone (SQLite's
 *   statement rollback); the others still commit.
 * - `locking_mode = EXCLUSIVE`: one process owns the file. The store's row cache relies on being the only
 *   writer, and a second server on the same directory fails at start instead of serving stale reads.
 * - Transactions: `transaction()` commits the pending group, then runs alone; while it is open (its body
 *   may await), every other statement waits for it, so nothing interleaves with it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Dialect, Sql, Written } from './db.ts';
import { bind, positional } from './placeholders.ts';
import {
  isBusy,
  isUniqueViolation,
  openSqlite,
  type SqliteConnection,
  type SqliteStatement,
} from './sqlite.ts';

/** The embedded store's file inside its data directory. */
export const EMBEDDED_FILE = 'phone-api.sqlite3';

/** A group commit takes at most this many statements... */
const GROUP_MAX_STATEMENTS = 64;
/** ...and stays open at most this long (ms) while statements keep arriving. */
const GROUP_MAX_MS = 1;

// Timestamps are integer milliseconds since the epoch (exact, ordered, cheap to compare); JSON is text.
const SQLITE: Dialect = {
  json: (param) => param,
  nextUpdatedAt: (now) => `max(${now}, p.updated_at + 1)`,
  mergeSecrets: (drop, set) =>
    `json_patch((select json_group_object(e.key, e.value) from json_each(p.secrets) e
      where e.key not in (select d.value from json_each(${drop}) d)), ${set})`,
  isUniqueViolation,
};

/** A prepared statement and, for each of its `?`, the index of the parameter it takes. */
interface Prepared {
  statement: SqliteStatement;
  order: number[];
}

/** An open group commit: its transaction is begun, and its statements' callers hear when it commits. */
interface Group {
  /**
   * Settles when the group commits (rejects with what ended it if it fails): every statement's caller
   * hears through it, a write as its `committed`, a read or a refused statement after it.
   */
  committed: Promise<void>;
  commit: () => void;
  abort: (error: unknown) => void;
  /** How many statements it holds. */
  size: number;
  /** When it opened (`performance.now()`), for {@link GROUP_MAX_MS}. */
  started: number;
  /** How many statements it held at the end of the previous turn. */
  seen: number;
  /** {@link endOfTurn} for this group, made once so that each turn schedules it without allocating. */
  endOfTurn: () => void;
}

/** The state of an open embedded database, which every function below works on. */
interface Embedded {
  readonly sqlite: SqliteConnection;
  readonly dir: string;
  /** Whether `dir` is a temporary directory, deleted on close. */
  readonly temporary: boolean;
  // Prepared once: exec() would parse these again for every group.
  readonly begin: SqliteStatement;
  readonly commit: SqliteStatement;
  /** Prepared statements by query text. */
  readonly statements: Map<string, Prepared>;
  /** The open group commit, if any. */
  group: Group | undefined;
  readonly rollbackListeners: (() => void)[];
  /** The tail of the queue of work waiting for an open transaction... */
  tail: Promise<unknown>;
  /** ...and how much of it is queued or running: while above 0, every statement queues. */
  busy: number;
  closing: Promise<void> | undefined;
}

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

/** Opens the embedded store in `dataDir`, or in a temporary directory deleted on close. */
export async function openEmbedded(dataDir: string | undefined): Promise<Database> {
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
  const sqlite = openLocked(dir);
  return embeddedDatabase({
    sqlite,
    dir,
    temporary,
    begin: sqlite.prepare('begin immediate'),
    commit: sqlite.prepare('commit'),
    statements: new Map(),
    group: undefined,
    rollbackListeners: [],
    tail: Promise.resolve(),
    busy: 0,
    closing: undefined,
  });
}

/** Opens the SQLite file in `dir` with the settings above, holding its exclusive lock. */
function openLocked(dir: string): SqliteConnection {
  // A short busy timeout: the only contention is another process holding the file, which will not pass.
  const sqlite = openSqlite(join(dir, EMBEDDED_FILE), 250);
  try {
    sqlite.exec('pragma locking_mode = EXCLUSIVE');
    sqlite.exec('pragma journal_mode = WAL');
    sqlite.exec('pragma synchronous = NORMAL');
    sqlite.exec('pragma foreign_keys = ON');
    // Takes the exclusive lock now, so a second process fails here rather than on its first write.
    sqlite.exec('begin immediate; commit');
  } catch (error) {
    sqlite.close();
    if (isBusy(error))
      throw new Error(`The embedded store in ${dir} is in use by another process.`, { cause: error });
    throw error;
  }
  return sqlite;
}

/**
 * The {@link Database} over `e`. `query` and `write` are written out here rather than forwarded to
 * module functions: they are the path of every request, and a forwarding call would add a frame to each.
 */
function embeddedDatabase(e: Embedded): Database {
  return {
    kind: 'embedded',
    dialect: SQLITE,
    query<T>(text: string, params?: unknown[]) {
      if (e.busy > 0) return enqueue(e, async () => execute<T>(prepare(e, text), params));
      try {
        const prepared = prepare(e, text);
        // A read outside a group sees only committed data and needs no commit; anything else joins the
        // group (a read inside it may see the group's writes, so it too waits for their commit).
        if (prepared.statement.readonly && !e.group) return Promise.resolve(execute<T>(prepared, params));
        return inGroup<T>(e, prepared, params);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    write(text: string, params?: unknown[]): Written | Promise<Written> {
      // While a transaction is open or queued the statement waits its turn, then commits on its own.
      if (e.busy > 0) {
        return enqueue(e, async () => ({
          changes: run(prepare(e, text), params),
          committed: Promise.resolve(),
        }));
      }
      try {
        const prepared = prepare(e, text);
        const current = openGroup(e);
        let changes: number;
        try {
          changes = run(prepared, params);
        } catch (error) {
          return refused(e, error, current);
        }
        current.size += 1;
        return { changes, committed: current.committed };
      } catch (error) {
        return Promise.reject(error);
      }
    },
    onGroupRollback(listener: () => void) {
      e.rollbackListeners.push(listener);
    },
    transaction: (fn) => transaction(e, fn),
    close: () => close(e),
  };
}

/** The prepared statement for `text`, prepared on first use. */
function prepare(e: Embedded, text: string): Prepared {
  let prepared = e.statements.get(text);
  if (!prepared) {
    const { sql, order } = positional(text);
    prepared = { statement: e.sqlite.prepare(sql), order };
    // Queries are the store's own fixed texts plus a few shapes of dynamic ones; the bound is a guard.
    if (e.statements.size > 500) e.statements.clear();
    e.statements.set(text, prepared);
  }
  return prepared;
}

/** Runs a statement: its rows if it returns any, else none. */
function execute<T>({ statement, order }: Prepared, params: unknown[] | undefined): T[] {
  const bound = bind(params, order);
  if (statement.reader) return statement.all<T>(bound);
  statement.run(bound);
  return [];
}

/** Runs a data-changing statement: the number of rows it changed. */
function run({ statement, order }: Prepared, params: unknown[] | undefined): number {
  return statement.run(bind(params, order));
}

/** The open group, begun now if there is none. */
function openGroup(e: Embedded): Group {
  if (e.group) return e.group;
  e.begin.run();
  let commit: () => void = () => {};
  let abort: (error: unknown) => void = () => {};
  const committed = new Promise<void>((resolve, reject) => {
    commit = resolve;
    abort = reject;
  });
  // A writer whose statement changed nothing has nothing to wait for and may drop `committed`; if the
  // group then fails, an unobserved rejection would end the process. Awaiting it still rejects.
  committed.catch(() => {});
  const group: Group = {
    committed,
    commit,
    abort,
    size: 0,
    started: performance.now(),
    seen: 0,
    endOfTurn: () => endOfTurn(e, group),
  };
  e.group = group;
  setImmediate(group.endOfTurn);
  return group;
}

/**
 * After each turn's callbacks: while the turn brought more statements, and there is more than one, the
 * group stays open for the next turn (bounded), else it commits. Under load every connection's request
 * joins one commit instead of the few that happened to be ready in one poll; a lone statement commits at
 * once (holding it made two connections 25% slower: each waited for the other).
 */
function endOfTurn(e: Embedded, group: Group): void {
  if (e.group !== group) return; // already committed (by a transaction or close) or rolled back
  const size = group.size;
  const growing = size > group.seen && size > 1;
  if (growing && size < GROUP_MAX_STATEMENTS && performance.now() - group.started < GROUP_MAX_MS) {
    group.seen = size;
    setImmediate(group.endOfTurn);
  } else commitGroup(e);
}

/** Commits the open group, if any, and tells its writers; if the commit fails, every writer hears why. */
function commitGroup(e: Embedded): void {
  const current = e.group;
  if (!current) return;
  e.group = undefined;
  try {
    e.commit.run();
  } catch (error) {
    try {
      if (e.sqlite.inTransaction) e.sqlite.exec('rollback');
    } finally {
      // Even if the rollback throws too, every waiter hears of the failure (none is left hanging).
      groupFailed(e, current, error);
    }
    return;
  }
  current.commit();
}

/** A group is gone as a whole: listeners first, then every statement's caller hears `error`. */
function groupFailed(e: Embedded, group: Group, error: unknown): void {
  try {
    for (const listener of e.rollbackListeners) listener();
  } finally {
    group.abort(error);
  }
}

/** A statement of group `current` threw: what its caller hears, and when. */
function refused<T>(e: Embedded, error: unknown, current: Group): Promise<T> {
  if (!e.sqlite.inTransaction && e.group === current) {
    // Some errors (I/O, disk full) make SQLite roll back the whole transaction: the group's earlier
    // writes are gone, so they fail now rather than being reported as committed.
    e.group = undefined;
    groupFailed(e, current, error);
    return Promise.reject(error);
  }
  // Otherwise (a constraint, say) only this statement was undone and the group goes on. Its refusal may
  // rest on the group's uncommitted writes (a duplicate of a row inserted in the same turn), so it is
  // reported after the commit; if the commit fails, with the commit's error instead.
  current.size += 1;
  return current.committed.then(() => {
    throw error;
  });
}

/** Runs a statement in the open group: its rows, once the group has committed. */
function inGroup<T>(e: Embedded, prepared: Prepared, params: unknown[] | undefined): Promise<T[]> {
  const current = openGroup(e);
  let rows: T[];
  try {
    rows = execute<T>(prepared, params);
  } catch (error) {
    return refused(e, error, current);
  }
  current.size += 1;
  return current.committed.then(() => rows);
}

/** Queues `work` behind the open or queued transactions. */
function enqueue<T>(e: Embedded, work: () => Promise<T>): Promise<T> {
  e.busy += 1;
  const result = e.tail.then(work);
  const done = () => {
    e.busy -= 1;
  };
  e.tail = result.then(done, done);
  return result;
}

function transaction<T>(e: Embedded, fn: (tx: Sql) => Promise<T>): Promise<T> {
  // Commits the open group now; from here `busy` sends every other statement to the queue, so no new
  // group can open before this transaction has run.
  commitGroup(e);
  return enqueue(e, async () => {
    e.sqlite.exec('begin immediate');
    // The handle works only while its transaction is open: a query left running past the end would
    // otherwise land in autocommit or in a later group, outside the transaction it was written for.
    let open = true;
    const tx: Sql = {
      async query<R>(text: string, params?: unknown[]) {
        if (!open) throw new Error('transaction handle used after its transaction ended');
        return execute<R>(prepare(e, text), params);
      },
    };
    try {
      const result = await fn(tx);
      open = false;
      e.sqlite.exec('commit');
      return result;
    } catch (error) {
      open = false;
      try {
        if (e.sqlite.inTransaction) e.sqlite.exec('rollback');
      } catch {
        // The original error is the one worth reporting; the connection is closed on shutdown.
      }
      throw error;
    }
  });
}

/** Commits what is pending, waits for the queue, then closes; every caller waits for the same close. */
function close(e: Embedded): Promise<void> {
  // The file is unlocked only once this resolves.
  e.closing ??= (async () => {
    commitGroup(e);
    await e.tail;
    commitGroup(e);
    e.sqlite.close();
    if (e.temporary) rmSync(e.dir, { recursive: true, force: true });
  })();
  return e.closing;
}
