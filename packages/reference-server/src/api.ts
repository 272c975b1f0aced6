/**
 * The reference API over one store as the pipeline's options: the handlers, authentication by the store,
 * and the options every transport shares. Used by both entries (node:http and Fetch on Node in
 * `server.ts`; Fetch without Node in `browser.ts`), so it imports nothing that needs Node.
 */
import type { ControlOptions, FaultOptions, Surface } from '@phone-api/server/browser';
import { createHandlers } from './handlers.ts';
import type { Sealer } from './sealer.ts';
import { DEMO_VERIFIED_CALLER_IDS } from './seed.ts';
import type { PhoneStore } from './store/types.ts';

/** What the reference API takes besides the store. */
export interface ApiOptions {
  /** The bundled contract (`spec/dist/openapi.json`), parsed. */
  spec: object;
  /** How provider secrets are sealed before they are stored. */
  seal: Sealer;
  /** E164s the simulated Twilio account treats as verified caller IDs (default: the demo ones). */
  verifiedCallerIds?: Iterable<string> | undefined;
  /** Check every reply against the spec (default: on unless NODE_ENV=production). */
  validateResponses?: boolean | undefined;
  /** Where failures are logged (default console). Request bodies and secrets are never logged. */
  logger?: Pick<Console, 'error'> | undefined;
  /** Latency and faults on demand (see `@phone-api/server`'s `FaultOptions`); none unless given. */
  faults?: FaultOptions | undefined;
  /** The mocks' control endpoints under `/__mock` (see `@phone-api/server`'s `ControlOptions`); off when absent. */
  control?: ControlOptions | undefined;
}

/** The pipeline's options for the reference API over `store`. */
export function apiOptions(store: PhoneStore, options: ApiOptions) {
  return {
    spec: options.spec,
    handlers: createHandlers({
      store,
      seal: options.seal,
      verifiedCallerIds: new Set(options.verifiedCallerIds ?? DEMO_VERIFIED_CALLER_IDS),
    }),
    authenticate: (surface: Surface, credential: string, connection: object) =>
      store.authenticate(surface, credential, connection),
    ...(options.validateResponses !== undefined ? { validateResponses: options.validateResponses } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.control ? { control: options.control } : {}),
  };
}
