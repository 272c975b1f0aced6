/**
 * One small SQL interface over the two stores: PGlite (PostgreSQL compiled to WASM, in-process, persisted
 * to a directory) and PostgreSQL through `pg`. Both speak the same dialect, so the schema, migrations and
 * every query are shared; only connection handling differs.
 */

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** An open database of either kind. */
export interface Database extends Sql {
  readonly kind: 'embedded' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the data lives: an embedded directory (none: a temporary one) or a PostgreSQL URL. */
export type DatabaseConfig =
  | { kind: 'embedded'; dataDir?: string }
  | { kind: 'postgres'; url: string; poolSize?: number };

/** Opens (and, for a new embedded directory, initialises) a database. Migrations are not applied here. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.url, config.poolSize)
    : openEmbedded(config.dataDir);
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection emits 'error'; without a listener that kills the process.
  pool.on('error', () => {});
  await pool.query('select 1');
  return {
    kind: 'postgres',
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
    async close() {
      await pool.end();
    },
  };
}

async function openEmbedded(dataDir: string | undefined): Promise<Database> {
  const temporary = dataDir === undefined;
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'phone-api-pglite-'));
  if (isEmptyDir(dir)) {
    await ensureEmbeddedTemplate();
    copyTemplate(dir);
  }
  const db = new PGlite(dir);
  await db.waitReady;
  let closed = false;
  return {
    kind: 'embedded',
    async query<T>(text: string, params?: unknown[]) {
      return (await db.query<T>(text, params)).rows;
    },
    transaction<T>(fn: (tx: Sql) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({
          async query<R>(text: string, params?: unknown[]) {
            return (await tx.query<R>(text, params)).rows;
          },
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * initdb inside WASM takes seconds (tens on a busy machine), so a fresh cluster is made once per PGlite
 * version in the temp directory and copied into each new data directory. A copy of a cleanly shut down
 * cluster is a valid cluster, and opening one takes about a second.
 */
function copyTemplate(dir: string): void {
  mkdirSync(dir, { recursive: true });
  cpSync(templateDir(), dir, { recursive: true });
}

function templateDir(): string {
  // Keyed by the installed PGlite build (its resolved path names the version): a newer build may need a
  // cluster made by itself. The package does not export its package.json, hence the path.
  const build = createHash('sha256')
    .update(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
    .digest('hex');
  return join(tmpdir(), `phone-api-pglite-template-${build.slice(0, 16)}`);
}

/**
 * Makes sure the initialised-cluster template exists (building it when missing) so that opening a new
 * embedded store is fast. Safe to call concurrently from several processes: each builds into its own
 * directory and the first rename wins.
 */
export async function ensureEmbeddedTemplate(): Promise<void> {
  const template = templateDir();
  if (existsSync(join(template, 'PG_VERSION'))) return;
  const building = mkdtempSync(join(tmpdir(), 'phone-api-pglite-build-'));
  const db = new PGlite(building);
  await db.waitReady;
  await db.close();
  try {
    renameSync(building, template);
  } catch {
    // Another process finished first; its template is as good as ours.
    rmSync(building, { recursive: true, force: true });
  }
}
