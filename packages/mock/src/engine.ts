import { createRequire } from 'node:module';
import { type Surface, surfaceOf } from '@phone-api/openapi';
import { createRequestValidator, createResponseValidator, type Reply } from '@phone-api/server';
import { createInstance, getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { prepareForGeneration } from './generation.ts';
import type { Preferences } from './prefer.ts';

type HttpOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];
type PrismConfig = Parameters<typeof createInstance>[0];
type PrismLogger = Parameters<typeof createInstance>[1]['logger'];

/** The largest request body either surface accepts (the spec's 413 responses say 64 KiB). */
export const MAX_BODY_BYTES = 64 * 1024;

/** What the mock knows about one operation of the contract. */
export interface OperationInfo {
  operationId: string;
  method: string;
  surface: Surface;
  /** Path template, e.g. `/v1/agents/phone-numbers/{id}`. */
  pathTemplate: string;
  /** Documented response statuses, each with its named examples (of every media type). */
  responses: Map<number, Set<string>>;
  prismOperation: HttpOperation;
}

/** Everything built from one version of the spec; swapped as a whole on reload. */
export interface Engine {
  spec: object;
  operations: ReadonlyMap<string, OperationInfo>;
  validateRequest: ReturnType<typeof createRequestValidator>;
  validateResponse: ReturnType<typeof createResponseValidator>;
  /** Asks Prism for a response; `undefined` when Prism cannot produce one for these preferences. */
  mock(
    operation: OperationInfo,
    path: string,
    prefs: Required<Pick<Preferences, 'dynamic'>> & Preferences,
  ): Promise<{ status: number; headers: Record<string, string>; body: unknown } | undefined>;
}

/** Longest array the dynamic mode generates (json-schema-faker otherwise goes up to each `maxItems`). */
export const DYNAMIC_MAX_ITEMS = 5;

/**
 * Tunes the json-schema-faker instance Prism generates dynamic data with. Requiring the CommonJS build
 * (as Prism does) reaches that very instance; importing would load the ESM build, a second instance.
 * - `fillProperties: false`: the default adds random extra properties, even past `maxProperties`
 *   (the SIP header maps have `maxProperties: 50`), so generated bodies broke the schema.
 * - `maxItems`: lists of up to 200 numbers took 100-350 ms each to generate and validate, and a frontend
 *   needs a few items, not hundreds.
 */
export function tuneDataGenerator(): void {
  const { JSONSchemaFaker } = createRequire(import.meta.url)(
    'json-schema-faker',
  ) as typeof import('json-schema-faker');
  JSONSchemaFaker.option({ fillProperties: false, maxItems: DYNAMIC_MAX_ITEMS });
}

// Prism logs every step through pino; the mock reports what matters itself, so Prism's log is discarded.
export const silentLogger: PrismLogger = (() => {
  const noop = (): void => {};
  const logger: Record<string, unknown> = {};
  for (const level of ['trace', 'debug', 'info', 'success', 'warn', 'error', 'fatal', 'start'])
    logger[level] = noop;
  logger.child = () => logger;
  return logger as unknown as PrismLogger;
})();

/** Prism's configuration for one request: our layer validates, Prism only produces the response. */
export function prismConfig(prefs: Preferences & { dynamic: boolean }): PrismConfig {
  return {
    // Our own validator already ran (and answers in each surface's shape); Prism only produces responses.
    validateRequest: false,
    validateResponse: false,
    checkSecurity: false,
    errors: false,
    isProxy: false,
    upstreamProxy: undefined,
    mock: {
      dynamic: prefs.dynamic,
      ...(prefs.code !== undefined ? { code: prefs.code } : {}),
      ...(prefs.example !== undefined ? { exampleKey: prefs.example } : {}),
    },
  } as PrismConfig;
}

/**
 * Builds the request validator, the response validator and Prism's operations from one bundled spec.
 * Throws when the document cannot be turned into a working mock (the caller then keeps the previous one).
 */
export async function createEngine(spec: object): Promise<Engine> {
  tuneDataGenerator();
  const prismOperations = await getHttpOperationsFromSpec(prepareForGeneration(spec));
  if (prismOperations.length === 0) throw new Error('the spec has no operations');
  const validateRequest = createRequestValidator(spec, { maxBodyBytes: MAX_BODY_BYTES });
  const validateResponse = createResponseValidator(spec);

  const operations = new Map<string, OperationInfo>();
  for (const op of prismOperations) {
    const operationId = op.iid;
    const surface = surfaceOf(op.path);
    if (operationId === undefined || surface === undefined) continue;
    const responses = new Map<number, Set<string>>();
    for (const response of op.responses) {
      const status = Number(response.code);
      if (!Number.isInteger(status)) continue;
      const keys = new Set<string>();
      for (const content of response.contents ?? [])
        for (const ex of content.examples ?? []) keys.add(ex.key);
      responses.set(status, keys);
    }
    operations.set(operationId, {
      operationId,
      method: op.method.toUpperCase(),
      surface,
      pathTemplate: op.path,
      responses,
      prismOperation: op,
    });
  }
  const prism = createInstance(prismConfig({ dynamic: false }), { logger: silentLogger });

  return {
    spec,
    operations,
    validateRequest,
    validateResponse,
    async mock(operation, path, prefs) {
      const result = await prism.request(
        {
          method: operation.prismOperation.method as 'get',
          url: { path, query: {} },
          headers: { accept: 'application/json' },
        },
        [operation.prismOperation],
        prismConfig(prefs),
      )();
      if (result._tag === 'Left') return undefined;
      const { output } = result.right;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(output.headers ?? {}))
        headers[name.toLowerCase()] = String(value);
      return { status: output.statusCode, headers, body: output.body };
    },
  };
}

/** A reply in the shape our HTTP layer writes. */
export type { Reply };
