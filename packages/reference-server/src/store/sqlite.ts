/**
 * The few calls the embedded store makes of SQLite, behind one small adapter: the engine binding is the
 * runtime's own `node:sqlite` (no native addon to compile at install). `better-sqlite3` is kept here only
 * so the benchmark can measure both bindings in one run (`PHONE_API_SQLITE_DRIVER=better-sqlite3`).
 */

import { createRequire } from 'node:module';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/** A prepared statement. Parameters are SQLite's anonymous `?`, in order. */
export interface SqliteStatement {
  /** Whether it returns rows (a SELECT, or a write with RETURNING). */
  readonly reader: boolean;
  /** Whether it only reads: such a statement need not join a group commit. */
  readonly readonly: boolean;
  all<T>(params?: unknown[]): T[];
  /** Runs it; the number of rows it changed. */
  run(params?: unknown[]): number;
}

/** An open SQLite file. */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  readonly inTransaction: boolean;
  close(): void;
}

/** Opens (creating) `file`; a lock held elsewhere is waited for at most `timeoutMs`. */
export function openSqlite(file: string, timeoutMs: number): SqliteConnection {
  return process.env.PHONE_API_SQLITE_DRIVER === 'better-sqlite3'
    ? openBetterSqlite3(file, timeoutMs)
    : openNodeSqlite(file, timeoutMs);
}

// SQLite's primary result codes (the low byte of an extended code) and the extended ones we tell apart.
const SQLITE_BUSY = 5;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** The SQLite result code of an error thrown by either binding, if it is one. */
function resultCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { errcode, code } = error as { errcode?: unknown; code?: unknown };
  if (typeof errcode === 'number') return errcode;
  // better-sqlite3 names the code instead of numbering it.
  if (code === 'SQLITE_BUSY') return SQLITE_BUSY;
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return SQLITE_CONSTRAINT_PRIMARYKEY;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return SQLITE_CONSTRAINT_UNIQUE;
  return undefined;
}

/** Whether SQLite refused because another connection holds the file's lock. */
export function isBusy(error: unknown): boolean {
  const code = resultCode(error);
  return code !== undefined && (code & 0xff) === SQLITE_BUSY;
}

/** Whether a statement broke a UNIQUE or PRIMARY KEY constraint. */
export function isUniqueViolation(error: unknown): boolean {
  const code = resultCode(error);
  return code === SQLITE_CONSTRAINT_UNIQUE || code === SQLITE_CONSTRAINT_PRIMARYKEY;
}

/**
 * Whether `sql` only reads. node:sqlite does not expose `sqlite3_stmt_readonly`, so this looks at the first
 * keyword: a SELECT reads; anything else (a write, a WITH that may write) is treated as a write, which only
 * costs it a place in the group commit.
 */
function readsOnly(sql: string): boolean {
  return /^\s*select\b/i.test(sql);
}

function openNodeSqlite(file: string, timeoutMs: number): SqliteConnection {
  const db = new DatabaseSync(file, { timeout: timeoutMs });
  const prepare = (sql: string): SqliteStatement => {
    const statement: StatementSync = db.prepare(sql);
    return {
      reader: statement.columns().length > 0,
      readonly: readsOnly(sql),
      all: <T>(params: unknown[] = []) => statement.all(...(params as never[])) as T[],
      run: (params = []) => Number(statement.run(...(params as never[])).changes),
    };
  };
  return {
    prepare,
    exec: (sql) => db.exec(sql),
    get inTransaction() {
      return db.isTransaction;
    },
    close: () => db.close(),
  };
}

/** The subset of better-sqlite3's API used here (it is not a dependency once the bench has decided). */
interface BetterSqlite3Database {
  prepare(sql: string): {
    reader: boolean;
    readonly: boolean;
    all(params: unknown[]): unknown[];
    run(params: unknown[]): { changes: number };
  };
  exec(sql: string): void;
  readonly inTransaction: boolean;
  close(): void;
}

function openBetterSqlite3(file: string, timeoutMs: number): SqliteConnection {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    file: string,
    options: { timeout: number },
  ) => BetterSqlite3Database;
  const db = new Database(file, { timeout: timeoutMs });
  return {
    prepare(sql) {
      const statement = db.prepare(sql);
      return {
        reader: statement.reader,
        readonly: statement.readonly,
        all: <T>(params: unknown[] = []) => statement.all(params) as T[],
        run: (params = []) => statement.run(params).changes,
      };
    },
    exec: (sql) => db.exec(sql),
    get inTransaction() {
      return db.inTransaction;
    },
    close: () => db.close(),
  };
}
