/** The storage layer: databases, migrations and the phone-number store. */
export {
  type Database,
  type DatabaseConfig,
  type Dialect,
  EMBEDDED_FILE,
  openDatabase,
  resetEmbedded,
  type Sql,
} from './db.ts';
export { MIGRATIONS, type Migration, migrate } from './migrations.ts';
export * from './store.ts';
