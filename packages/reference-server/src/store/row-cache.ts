/**
 * The rows this process knows, for the embedded store only: there this process is the database's only
 * writer (SQLite holds the file's exclusive lock), so a row it read or wrote stays true until it writes
 * the row again. On PostgreSQL (many processes) there is no row cache.
 */
import type { Database } from './db.ts';
import type { PhoneRow, UpdateResult } from './types.ts';

/** The cache holds at most this many rows (and remembers this many deletes); past it, it starts again empty. */
const MAX_CACHED = 100_000;

/**
 * Known rows by id, and the writes still waiting for their commit. The fields are read directly on the
 * request path (a PATCH of a known row reads `unsettled`, then `rows`), without a method call between.
 */
export class RowCache {
  /** Committed rows, by id; a row is replaced only by a newer `version`. */
  readonly rows = new Map<string, PhoneRow>();
  /**
   * Ids deleted by this process. A read that started before a delete may finish after it; without this
   * it would put the deleted row back in the cache and GET would answer 200 for a deleted number.
   */
  readonly deleted = new Set<string>();
  /** Rows written by a known-row update whose commit is still pending, by id: the base of later writes. */
  readonly unsettled = new Map<string, PhoneRow>();

  constructor(db: Database) {
    // A rolled-back group takes its writes with it: rows built on them must not be built on further.
    db.onGroupRollback(() => this.unsettled.clear());
  }

  /** Caches a committed row, unless it was deleted here or a newer version is cached. */
  remember(row: PhoneRow): void {
    if (this.deleted.has(row.id)) return;
    const current = this.rows.get(row.id);
    if (current && current.version >= row.version) return;
    if (this.rows.size >= MAX_CACHED) this.rows.clear();
    this.rows.set(row.id, row);
  }

  /** Forgets every row (the store was cleared). */
  clear(): void {
    this.rows.clear();
    this.deleted.clear();
    this.unsettled.clear();
  }

  /** Forgets a number this process deleted, for good. */
  forget(id: string): void {
    if (this.deleted.size >= MAX_CACHED) this.deleted.clear();
    this.deleted.add(id);
    this.rows.delete(id);
  }

  /**
   * A known-row write that applied: later writes build on `next` until `committed` settles, which the
   * reply awaits; then `next` is the cached row.
   */
  settle(id: string, next: PhoneRow, committed: Promise<void>): Promise<UpdateResult> {
    this.unsettled.set(id, next);
    return committed.then(
      () => {
        if (this.unsettled.get(id) === next) this.unsettled.delete(id);
        this.remember(next);
        return { ok: true, row: next };
      },
      (error: unknown) => {
        if (this.unsettled.get(id) === next) this.unsettled.delete(id);
        throw error;
      },
    );
  }
}
