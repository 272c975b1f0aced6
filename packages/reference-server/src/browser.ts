/**
 * `@phone-api/reference-server/browser`: the reference API without Node, for the in-browser mock and other
 * Fetch runtimes: the handlers, the in-memory store, the demo seed and a Fetch handler over them. Nothing
 * it loads imports a `node:` module or the SQL databases (`test/memory-browser.test.ts` walks the graph).
 */
import { createFetchHandler, type FetchHandler } from '@phone-api/server/browser';
import { type ApiOptions, apiOptions } from './api.ts';
import { type Sealer, withholdSecrets } from './sealer.ts';
import type { PhoneStore } from './store/types.ts';

export type { ApiOptions } from './api.ts';
export { createHandlers, type HandlerOptions } from './handlers.ts';
export { type Sealer, withholdSecrets } from './sealer.ts';
export { DEMO_API_KEYS, DEMO_VERIFIED_CALLER_IDS, DEMO_WORKSPACE_ID, seedDemo } from './seed.ts';
export { decodeCursor, encodeCursor } from './store/cursor.ts';
export {
  MemoryStore,
  type MemoryStoreOptions,
  type MemoryTables,
  type StoredNumber,
} from './store/memory.ts';
export type * from './store/types.ts';

/** Options of {@link createReferenceFetchHandler}: the spec is given (nothing reads a file here). */
export interface BrowserHandlerOptions extends Omit<ApiOptions, 'seal'> {
  /** How secrets are kept (default {@link withholdSecrets}: not at all; see there why that is enough here). */
  seal?: Sealer;
}

/**
 * The reference API over `store` as a Fetch API handler (`Request` -> `Response`): the same pipeline,
 * validators and handlers as the node server, for a service worker or a request-interception mock.
 */
export function createReferenceFetchHandler(store: PhoneStore, options: BrowserHandlerOptions): FetchHandler {
  return createFetchHandler(apiOptions(store, { ...options, seal: options.seal ?? withholdSecrets }));
}
