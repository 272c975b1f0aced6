/**
 * Starts the reference server: one store (SQL over embedded SQLite or PostgreSQL, or the in-memory one)
 * behind the contract's validating router, on node:http.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  type ControlOptions,
  createFetchHandler,
  createRouter,
  type FaultOptions,
  type FetchHandler,
} from '@phone-api/server';
import { apiOptions } from './api.ts';
import { aesSealer, type SecretsKey, secretsKeyFromEnv } from './crypto.ts';
import { DEMO_API_KEYS, DEMO_WORKSPACE_ID, seedDemo } from './seed.ts';
import { MemoryStore, migrate, openDatabase, type PhoneStore, Store } from './store/index.ts';

/** Options of {@link startReferenceServer}. */
export interface ReferenceServerOptions {
  /** Port to listen on; 0 (the default) lets the OS pick. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /**
   * `'embedded'` (default: SQLite in-process, a file in `dataDir`), a PostgreSQL connection URL, or
   * `'memory'`: plain data structures in this process (`MemoryStore`), no database at all, empty at every
   * start and gone at close; the same behaviour as the other two apart from durability (the store the
   * in-browser mock runs on). `dataDir` and `poolSize` do not apply to it.
   */
  database?: 'embedded' | 'memory' | (string & {});
  /** Embedded store directory (the SQLite file goes inside); without it a temporary one, removed on close. */
  dataDir?: string;
  /** Load the demo workspace on first start and answer with its keys (the stateful mock). */
  seed?: boolean;
  /** E164s the simulated Twilio account treats as verified caller IDs (default: the demo ones). */
  verifiedCallerIds?: Iterable<string>;
  /** Check every reply against the spec (default: on unless NODE_ENV=production). */
  validateResponses?: boolean;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** Where failures are logged (default console). Request bodies and secrets are never logged. */
  logger?: Pick<Console, 'error'>;
  /**
   * Latency and faults on demand, as on every mock (`Prefer: delay=` / `fault=`, a failure rate, a seed,
   * per-operation rules; see `@phone-api/server`'s `FaultOptions`). Off unless given: a deployed reference
   * server injects nothing; the stateful mock's CLI (`--seed`) turns it on.
   */
  faults?: FaultOptions;
  /**
   * The mocks' control endpoints under `/__mock`: a log of recent requests, scripted answers, and
   * `POST /__mock/reset`, which empties the store and loads the demo data again (with `seed`), or the
   * default workspace with its keys and agents. Off unless given; the stateful mock's CLI turns it on.
   */
  control?: boolean;
}

/** API keys of one workspace, one per surface. */
export interface ApiKeys {
  agents: string;
  convai: string;
}

/** A running reference server. */
export interface ReferenceServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Keys of the server's default workspace (the demo one when seeded, else a fresh one per start). */
  apiKeys: ApiKeys;
  workspaceId: string;
  /** Agents of the default workspace. */
  agentIds: string[];
  /** `'embedded'`, `'postgres'` or `'memory'`. */
  storage: 'embedded' | 'postgres' | 'memory';
  /** Direct store access, for tests and tooling: the SQL {@link Store}, or the {@link MemoryStore}. */
  store: Store | MemoryStore;
  /** A new workspace with its own keys and `agents` new agents (tenancy tests, multi-user mocks). */
  createWorkspace(
    name?: string,
    agents?: number,
  ): Promise<{ id: string; apiKeys: ApiKeys; agentIds: string[] }>;
  /** Stops listening, then closes the database. */
  close(): Promise<void>;
}

/** The bundled contract (`spec/dist/openapi.json`) every consumer reads. */
export function loadSpec(): object {
  const path = createRequire(import.meta.url).resolve('@phone-api/spec/openapi.json');
  return JSON.parse(readFileSync(path, 'utf8')) as object;
}

/** What {@link createReferenceFetchHandler} takes besides the store. */
export interface ReferenceHandlerOptions
  extends Pick<ReferenceServerOptions, 'verifiedCallerIds' | 'validateResponses' | 'logger' | 'faults'> {
  /** The control endpoints under `/__mock` (see `@phone-api/server`'s `ControlOptions`); off when absent. */
  control?: ControlOptions;
  /** The key that seals stored secrets (default: PHONE_API_SECRETS_KEY, else a random one). */
  secretsKey?: SecretsKey;
}

/**
 * The reference API over `store` as a Fetch API handler (`Request` -> `Response`, no socket): the same
 * pipeline and handlers as {@link startReferenceServer}, for a service worker, an edge runtime or a test.
 */
export function createReferenceFetchHandler(
  store: PhoneStore,
  options: ReferenceHandlerOptions = {},
): FetchHandler {
  const seal = aesSealer(options.secretsKey ?? secretsKeyFromEnv());
  return createFetchHandler(apiOptions(store, { ...options, spec: loadSpec(), seal }));
}

/** Starts the server; resolves once it accepts connections. */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const store = await openStore(options);
  try {
    return await serve(store, options);
  } catch (error) {
    // Whatever failed (the seed, the port), the store is closed again: the embedded file stays locked
    // while it is open.
    await store.close();
    throw error;
  }
}

/** The store `options.database` names, migrated. */
async function openStore(options: ReferenceServerOptions): Promise<Store | MemoryStore> {
  const database = options.database ?? 'embedded';
  if (database === 'memory') return new MemoryStore();
  const db = await openDatabase(
    database === 'embedded'
      ? { kind: 'embedded', ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}) }
      : {
          kind: 'postgres',
          url: database,
          ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
        },
  );
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return new Store(db);
}

async function serve(store: Store | MemoryStore, options: ReferenceServerOptions): Promise<ReferenceServer> {
  const seal = aesSealer(secretsKeyFromEnv());

  const createWorkspace = async (name = 'Workspace', agents = 2) => {
    const ws = await store.createWorkspace(name);
    const agentIds: string[] = [];
    for (let i = 0; i < agents; i++) agentIds.push(await store.createAgent(ws.id, `${name} agent ${i + 1}`));
    return { ...ws, agentIds };
  };

  let defaults: { id: string; apiKeys: ApiKeys; agentIds: string[] };
  if (options.seed) {
    await seedDemo(store, seal);
    const agentIds = await store.agentIds(DEMO_WORKSPACE_ID);
    defaults = { id: DEMO_WORKSPACE_ID, apiKeys: { ...DEMO_API_KEYS }, agentIds };
  } else {
    defaults = await createWorkspace('Default workspace');
  }

  // A reset brings back exactly what this start left: the demo data, or the default workspace.
  const restore = async () => {
    if (options.seed) {
      await seedDemo(store, seal);
      return;
    }
    await store.createWorkspace('Default workspace', { id: defaults.id, apiKeys: defaults.apiKeys });
    for (const [i, agentId] of defaults.agentIds.entries())
      await store.createAgent(defaults.id, `Default workspace agent ${i + 1}`, agentId);
  };
  const { control: withControl, ...rest } = options;
  const api = apiOptions(store, { ...rest, spec: loadSpec(), seal });
  const server = createServer(
    { keepAliveTimeout: 65_000 },
    createRouter({
      ...api,
      ...(withControl ? { control: { reset: () => store.clear().then(restore) } } : {}),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    apiKeys: defaults.apiKeys,
    workspaceId: defaults.id,
    agentIds: defaults.agentIds,
    storage: store instanceof MemoryStore ? 'memory' : store.db.kind,
    store,
    createWorkspace,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.close());
      return closing;
    },
  };
}
