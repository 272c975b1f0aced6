/**
 * `@phone-api/reference-server`: the phone-number API over one stateful store (embedded SQLite by
 * default, PostgreSQL given a URL, or `MemoryStore` in memory). Also the stateful mock for frontend work
 * (`--seed`).
 */
export { aesSealer, type SecretsKey } from './crypto.ts';
export { createHandlers, type HandlerOptions } from './handlers.ts';
export { type Sealer, withholdSecrets } from './sealer.ts';
export { DEMO_API_KEYS, DEMO_VERIFIED_CALLER_IDS, DEMO_WORKSPACE_ID, seedDemo } from './seed.ts';
export {
  type ApiKeys,
  createReferenceFetchHandler,
  loadSpec,
  type ReferenceHandlerOptions,
  type ReferenceServer,
  type ReferenceServerOptions,
  startReferenceServer,
} from './server.ts';
export * from './store/index.ts';
