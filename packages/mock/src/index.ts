import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, relative } from 'node:path';
import { checkSpec, newestSourceMtime, readBundle, type SpecWatch, watchSpec } from '@phone-api/tooling/spec';
import { createEngine, type Engine } from './engine.ts';
import { createHandler } from './handler.ts';

export { type Preferences, parsePrefer } from './prefer.ts';

/** Options of {@link startMock}. */
export interface MockOptions {
  /** Port to listen on; `0` (the default) lets the OS pick a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * The contract to serve as a document, already checked (dev mode hands over the bundle it built and
   * linted). Nothing is read or watched; {@link RunningMock.swap} replaces it.
   */
  spec?: object;
  /**
   * The contract to serve from a file: a bundle (`.json`), read as is, or a split source root (`.yaml`),
   * bundled and checked as the spec package does. Default: the spec package, its bundle to start from and
   * its sources to watch.
   */
  specPath?: string;
  /** Generated data instead of the spec's examples, unless a request says `Prefer: dynamic=false`. */
  dynamic?: boolean;
  /** Re-bundle, lint and swap in the spec when its source files change. Default `false`. */
  watch?: boolean;
  /** Receives one line per request and per reload. Default: discard. */
  log?: (line: string) => void;
}

/** A running mock. */
export interface RunningMock {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** Stops watching and listening; open connections are closed. */
  close(): Promise<void>;
  /**
   * Re-reads the spec now (bundling and linting the source when there is one) and swaps it in.
   * Resolves `false`, keeping the last good spec, when the new one does not bundle, lint or load.
   */
  reload(): Promise<boolean>;
  /**
   * Serves `spec`, a document the caller has already bundled and checked, from the next request on.
   * Resolves `false`, keeping the last good spec, when the mock cannot load it.
   */
  swap(spec: object): Promise<boolean>;
}

// Editors save in bursts (write, rename, chmod); one reload per burst.
const DEBOUNCE_MS = 150;

/** Where the served contract comes from: a bundle to read, and/or split sources to bundle, check and watch. */
interface SpecSource {
  bundlePath?: string;
  rootPath?: string;
}

/** The spec package's bundle and the sources it is built from (`@phone-api/spec`'s `openapi.yaml`). */
function defaultSource(): SpecSource {
  const require = createRequire(import.meta.url);
  const specDir = dirname(require.resolve('@phone-api/spec/package.json'));
  return { bundlePath: require.resolve('@phone-api/spec/openapi.json'), rootPath: `${specDir}/openapi.yaml` };
}

/** What `specPath` names: a JSON bundle, else a split source root. */
function sourceOf(specPath: string | undefined): SpecSource {
  if (specPath === undefined) return defaultSource();
  return specPath.endsWith('.json') ? { bundlePath: specPath } : { rootPath: specPath };
}

/**
 * Reads the spec to start with. When watching, a bundle older than its sources is rebuilt first: the
 * developer edits sources, and serving a stale bundle until the first edit would be confusing.
 */
async function loadSpec(source: SpecSource, watch: boolean, log: (line: string) => void): Promise<object> {
  const { bundlePath, rootPath } = source;
  if (bundlePath !== undefined && existsSync(bundlePath)) {
    if (!watch || rootPath === undefined) return readBundle(bundlePath);
    if ((await newestSourceMtime(dirname(rootPath))) <= (await stat(bundlePath)).mtimeMs)
      return readBundle(bundlePath);
    try {
      const spec = await checkSpec(rootPath);
      log(`${relative(process.cwd(), bundlePath)} is older than its sources: serving a fresh bundle`);
      return spec;
    } catch (error) {
      log(`${relative(process.cwd(), bundlePath)} is stale and its sources are rejected; serving it anyway:`);
      log(error instanceof Error ? error.message : String(error));
      return readBundle(bundlePath);
    }
  }
  if (rootPath !== undefined && existsSync(rootPath)) return checkSpec(rootPath);
  throw new Error(`no spec at ${bundlePath ?? rootPath}: run \`pnpm --filter @phone-api/spec build\``);
}

/** The spec as it is now: the sources bundled and checked when there are sources, else the bundle. */
function readSpec(source: SpecSource): Promise<object> {
  if (source.rootPath !== undefined) return checkSpec(source.rootPath);
  if (source.bundlePath !== undefined) return readBundle(source.bundlePath);
  return Promise.reject(new Error('this mock serves a document it was given; swap() replaces it'));
}

/** Why something failed, in the words of the error. */
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Starts the mock server of the phone-number API: Prism (as a library) behind our own `node:http` layer,
 * which validates requests with `@phone-api/server` and answers every error in the surface's own shape.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const source: SpecSource = options.spec !== undefined ? {} : sourceOf(options.specPath);
  let engine: Engine = await createEngine(
    options.spec ?? (await loadSpec(source, options.watch ?? false, log)),
  );

  // Reloads and swaps run one at a time, in the order asked, so the last one asked for is what serves.
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(job: () => Promise<T>): Promise<T> => {
    const next = last.then(job);
    last = next.catch(() => {});
    return next;
  };
  const install = async (spec: object, started: number, what: string): Promise<boolean> => {
    engine = await createEngine(spec);
    log(`${what} in ${Math.round(performance.now() - started)} ms`);
    return true;
  };
  const refuse = (error: unknown): boolean => {
    log(`spec rejected, still serving the last good one:\n${reason(error)}`);
    return false;
  };
  const swap = (spec: object): Promise<boolean> =>
    inTurn(() => install(spec, performance.now(), 'spec swapped').catch(refuse));
  // Reloads asked for while one runs share a single follow-up run, which reads the files as they are
  // when it starts.
  let waiting: Promise<boolean> | undefined;
  const reload = (): Promise<boolean> => {
    waiting ??= inTurn(() => {
      waiting = undefined;
      const started = performance.now();
      return readSpec(source)
        .then((spec) => install(spec, started, 'spec reloaded'))
        .catch(refuse);
    });
    return waiting;
  };

  const server = createServer(
    createHandler({ engine: () => engine, dynamic: options.dynamic ?? false, log }),
  );
  // A client that stops sending mid-request gets a 408 instead of holding a socket forever.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;

  let watcher: SpecWatch | undefined;
  const watched = source.rootPath !== undefined ? dirname(source.rootPath) : source.bundlePath;
  if (options.watch && watched !== undefined) {
    watcher = await watchSpec(watched, {
      debounceMs: DEBOUNCE_MS,
      onChange: (paths) => {
        log(`spec changed (${paths.map((path) => relative(watched, path) || path).join(', ')}), reloading`);
        void reload();
      },
    });
  }

  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    reload,
    swap,
    async close() {
      await watcher?.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
