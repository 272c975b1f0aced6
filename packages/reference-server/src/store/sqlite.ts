/**
 * The few calls the embedded store makes of SQLite, behind one small adapter over the runtime's own
 * `node:sqlite` (no native addon to compile at install). Statements bind SQLite's anonymous `?` in order.
 */

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
  const db = new DatabaseSync(file, { timeout: timeoutMs });
  return {
    prepare: (sql) => prepareStatement(db, sql),
    exec: (sql) => db.exec(sql),
    get inTransaction() {
      return db.isTransaction;
    },
    close: () => db.close(),
  };
}

// SQLite's primary result codes (the low byte of an extended code) and the extended ones we tell apart.
const SQLITE_BUSY = 5;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** The SQLite result code (`errcode`) of an error node:sqlite threw, if it is one. */
function resultCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { errcode } = error as { errcode?: unknown };
  return typeof errcode === 'number' ? errcode : undefined;
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

function prepareStatement(db: DatabaseSync, sql: string): SqliteStatement {
  const statement: StatementSync = db.prepare(sql);
  return {
    reader: statement.columns().length > 0,
    readonly: readsOnly(sql),
    all: <T>(params: unknown[] = []) => statement.all(...(params as never[])) as T[],
    run: (params = []) => Number(statement.run(...(params as never[])).changes),
  };
}
