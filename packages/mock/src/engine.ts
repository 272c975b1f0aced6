import { createRequire } from 'node:module';
import { type Surface, surfaceOf } from '@phone-api/openapi';
import {
  createPipeline,
  type Faults,
  type MockControl,
  type Outgoing,
  type Pipeline,
  type Reply,
  type RequestListener,
  type ResponseRecord,
  toNodeListener,
} from '@phone-api/server';
import { createInstance, getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { docsReply } from './docs.ts';
import { prepareForGeneration } from './generation.ts';
import { mockHandlers } from './handlers.ts';
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

/** Asks Prism for a response; `undefined` when Prism cannot produce one for these preferences. */
export type Produce = (
  operation: OperationInfo,
  path: string,
  prefs: Required<Pick<Preferences, 'dynamic'>> & Preferences,
) => Promise<Reply | undefined>;

/** How the mock answers, whichever spec it serves. */
export interface EngineSettings {
  /** Default for `Prefer: dynamic` when a request does not say. */
  dynamic: boolean;
  /** Receives one line per request and each failure. */
  log(line: string): void;
  /** Latency and faults, shared by every engine of this mock so a reload does not restart a scripted run. */
  faults: Faults;
  /** The control endpoints' state (request log, scripted answers), shared by every engine likewise. */
  control: MockControl;
}

/** Everything built from one version of the spec; swapped as a whole on reload. */
export interface Engine {
  spec: object;
  operations: ReadonlyMap<string, OperationInfo>;
  /** The request pipeline of `@phone-api/server` with the mock's handlers, on node:http. */
  listener: RequestListener;
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
 * Builds Prism's operations and the request pipeline from one bundled spec. Throws when the document
 * cannot be turned into a working mock (the caller then keeps the previous one).
 */
export async function createEngine(spec: object, settings: EngineSettings): Promise<Engine> {
  tuneDataGenerator();
  const prismOperations = await getHttpOperationsFromSpec(prepareForGeneration(spec));
  if (prismOperations.length === 0) throw new Error('the spec has no operations');
  const operations = operationsOf(prismOperations);
  const prism = createInstance(prismConfig({ dynamic: false }), { logger: silentLogger });
  const produce: Produce = async (operation, path, prefs) => {
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
  };
  return engineOn(spec, operations, produce, settings);
}

/** The engine over `produce` (Prism, or a stand-in in the tests of the mock's own failures). */
export function engineOn(
  spec: object,
  operations: ReadonlyMap<string, OperationInfo>,
  produce: Produce,
  settings: EngineSettings,
): Engine {
  const log = requestLog(settings.log);
  const pipeline: Pipeline = createPipeline<undefined>({
    spec,
    maxBodyBytes: MAX_BODY_BYTES,
    // Examples are served as documented; generated data is checked by the handlers, which retry.
    validateResponses: false,
    corsAllowHeaders: ['Prefer'],
    faults: settings.faults,
    control: settings.control,
    handlers: mockHandlers({
      operations,
      produce,
      checkResponse: () => pipeline.responseValidator(),
      dynamic: settings.dynamic,
      notesOf: log.notesOf,
    }),
    serveOther: (method, path) => (path.startsWith('/docs') ? page(spec, method, path) : undefined),
    logger: { error: (line: string) => settings.log(line) },
    onResponse: log.line,
  });
  return { spec, operations, listener: toNodeListener(pipeline) };
}

/**
 * The mock's request log: one line per answered request, with the notes its handler added (an ignored
 * preference, a fallback) and what was injected.
 */
export function requestLog(write: (line: string) => void) {
  const notes = new Map<string, string[]>();
  return {
    /** How many requests' notes are held, waiting for their line: the log's only memory. */
    held(): number {
      return notes.size;
    },
    /**
     * Starts the notes of a request a handler is answering; its line takes them. A handler still running
     * after its line was written (answered by the handler timeout) notes into a list nothing keeps.
     */
    notesOf(requestId: string): (text: string) => void {
      const said: string[] = [];
      notes.set(requestId, said);
      return (text) => said.push(text);
    },
    line(record: ResponseRecord): void {
      if (record.page) {
        write(`${record.method} ${record.url} -> ${record.status} (reference page)`);
        return;
      }
      const said = notes.get(record.requestId) ?? [];
      notes.delete(record.requestId);
      if (record.method === 'OPTIONS') said.unshift('CORS preflight');
      if (record.delayMs !== undefined) said.push(`delayed ${record.delayMs} ms`);
      if (record.fault !== undefined) said.push(`injected fault ${record.fault}`);
      const tail = said.length > 0 ? ` (${said.join('; ')})` : '';
      write(
        `${record.method} ${record.url} -> ${record.status} ${record.ms.toFixed(1)} ms ${record.requestId}${tail}`,
      );
    },
  };
}

/** A page of docs.ts as the pipeline sends it, or `undefined` (the API answers) for any other path. */
function page(spec: object, method: string, path: string): Promise<Outgoing | undefined> {
  return docsReply(spec, method, path).then((reply) =>
    reply === undefined
      ? undefined
      : {
          status: reply.status,
          // docs.ts sets Content-Length itself (a HEAD's is the GET body's size).
          headers: reply.headers,
          payload: reply.body,
          closeConnection: false,
        },
  );
}

/** What the mock knows of each operation Prism read. */
function operationsOf(prismOperations: HttpOperation[]): Map<string, OperationInfo> {
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
  return operations;
}
