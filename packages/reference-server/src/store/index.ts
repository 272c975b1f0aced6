/** The storage layer: databases, migrations and the phone-number stores (SQL and in-memory). */

export { decodeCursor, encodeCursor } from './cursor.ts';
export {
  type Database,
  type DatabaseConfig,
  type Dialect,
  openDatabase,
  type Sql,
} from './db.ts';
export { EMBEDDED_FILE, resetEmbedded } from './embedded.ts';
export { MemoryStore, type MemoryStoreOptions, type MemoryTables, type StoredNumber } from './memory.ts';
export { MIGRATIONS, type Migration, migrate } from './migrations.ts';
export * from './store.ts';
