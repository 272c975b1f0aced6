import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, relative } from 'node:path';
import { createControl, createFaults, type FaultOptions } from '@phone-api/server';
import { type SpecWatch, watchSpec } from '@phone-api/tooling/spec';
import { createEngine } from './engine.ts';
import { createEngineSlot } from './engine-slot.ts';
import { loadSpec, type SpecSource, sourceOf } from './spec-source.ts';

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
  /**
   * Latency and faults (see `@phone-api/server`'s `FaultOptions`): a latency distribution, a failure rate
   * and kinds, a seed, per-operation rules. `Prefer: delay=` and `Prefer: fault=` work without it.
   */
  faults?: FaultOptions;
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

/**
 * Starts the mock server of the phone-number API: Prism (as a library) as the handlers of the request
 * pipeline of `@phone-api/server`, which validates requests and answers every error in the surface's shape.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const source: SpecSource = options.spec !== undefined ? {} : sourceOf(options.specPath);
  const settings = {
    dynamic: options.dynamic ?? false,
    log,
    faults: createFaults(options.faults ?? {}),
    control: createControl(),
  };
  const first = await createEngine(
    options.spec ?? (await loadSpec(source, options.watch ?? false, log)),
    settings,
  );
  const slot = createEngineSlot(first, source, settings);

  // One request is served entirely by the engine current when it arrives, so a reload never splits one.
  const server = createServer((req, res) => slot.current().listener(req, res));
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
        void slot.reload();
      },
    });
  }

  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    reload: slot.reload,
    swap: slot.swap,
    async close() {
      await watcher?.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
