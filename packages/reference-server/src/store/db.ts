/**
 * One small SQL interface over the two stores: SQLite in-process (`embedded.ts`, over the runtime's
 * `node:sqlite`, persisted to one file) and PostgreSQL through `pg` (`postgres.ts`). Queries are written
 * once, with PostgreSQL-style `$1` placeholders (`placeholders.ts` binds them for SQLite). Where the
 * dialects really differ (column types, JSON operators, timestamp arithmetic) the store asks
 * {@link Dialect} for the fragment, and rows are normalised by the store (`rows.ts`), so everything above
 * this file behaves the same on both.
 */
import { openEmbedded } from './embedded.ts';
import { openPostgres } from './postgres.ts';

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

/** Opens a database. Migrations are not applied here. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.url, config.poolSize)
    : openEmbedded(config.dataDir);
}
