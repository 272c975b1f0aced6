/** Shared test plumbing: the three stores, a server per suite, and small typed HTTP helpers. */
import { inject } from 'vitest';
import {
  type Database,
  MemoryStore,
  migrate,
  openDatabase,
  type ReferenceServer,
  type ReferenceServerOptions,
  Store,
  startReferenceServer,
} from '../src/index.ts';

/** Every behaviour suite runs once per store. */
export const STORES = ['embedded', 'postgres', 'memory'] as const;
export type StoreKind = (typeof STORES)[number];
/**
 * The stores over a database: for what only a database has (SQL, migrations, durability across a restart
 * or a crash). The memory store keeps nothing past its process, by design.
 */
export const SQL_STORES = ['embedded', 'postgres'] as const;

/** Starts a reference server on the given store (port 0, loopback). */
export function startOn(kind: StoreKind, options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  return startReferenceServer({
    ...options,
    port: 0,
    database: kind === 'postgres' ? inject('databaseUrl') : kind,
  });
}

/** A store of the given kind without a server (a SQL one migrated; PostgreSQL's database is shared). */
export async function openStore(kind: StoreKind): Promise<Store | MemoryStore> {
  if (kind === 'memory') return new MemoryStore();
  const db = await openDatabase(kind === 'postgres' ? { kind, url: inject('databaseUrl') } : { kind });
  await migrate(db);
  return new Store(db);
}

/** The database under a server on a SQL store (for SQL a test runs itself). */
export function sqlOf(server: ReferenceServer): Database {
  if (server.store instanceof MemoryStore) throw new Error('the memory store has no SQL');
  return server.store.db;
}

/** A number's stored (sealed) secrets by name, whichever store holds them. */
export async function storedSecrets(server: ReferenceServer, id: string): Promise<Record<string, string>> {
  if (server.store instanceof MemoryStore) return server.store.tables.phoneNumbers.get(id)?.secrets ?? {};
  const [row] = await server.store.db.query<{ secrets: string }>(
    'select cast(secrets as text) as secrets from phone_numbers where id = $1',
    [id],
  );
  return JSON.parse(row?.secrets ?? '{}') as Record<string, string>;
}

/** Every stored row of a table as the store keeps it: SQL rows, or the memory store's records. */
export async function storedRows(
  server: ReferenceServer,
  table: 'api_keys' | 'phone_numbers',
): Promise<unknown[]> {
  if (server.store instanceof MemoryStore) {
    const tables = server.store.tables;
    return [...(table === 'api_keys' ? tables.apiKeys : tables.phoneNumbers).values()];
  }
  return server.store.db.query(`select * from ${table}`);
}

// biome-ignore lint/suspicious/noExplicitAny: reply bodies are parsed JSON; each test asserts the shape it reads.
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A client for one workspace on one server. */
export function client(server: { url: string }, keys: { agents: string; convai: string }) {
  const call = async (
    surface: 'agents' | 'convai',
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const auth: Record<string, string> =
      surface === 'agents' ? { authorization: `Bearer ${keys.agents}` } : { 'xi-api-key': keys.convai };
    const res = await fetch(`${server.url}/v1/${surface}/phone-numbers${path}`, {
      method,
      headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text };
  };
  return {
    agents: (method: string, path = '', body?: unknown, headers?: Record<string, string>) =>
      call('agents', method, path, body, headers),
    convai: (method: string, path = '', body?: unknown, headers?: Record<string, string>) =>
      call('convai', method, path, body, headers),
  };
}

let counter = 0;
/** A fresh e164, unique within this test process (numbers only need to be unique per workspace). */
export function e164(): string {
  counter += 1;
  return `+1415${String(counter).padStart(7, '0')}`;
}

export const TWILIO = {
  account_sid: 'AC0123456789abcdef0123456789abcdef',
  auth_token: 'Tw1l1oAuthT0kenSecretValue0001',
};
