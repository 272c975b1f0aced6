import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, relative } from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { createEngine, type Engine } from './engine.ts';
import { createHandler } from './handler.ts';
import {
  bundleAndLint,
  defaultSpecPath,
  isOutsideSpecSources,
  newestSourceMtime,
  readBundle,
  resolveSpecSource,
  type SpecSource,
} from './spec-source.ts';

export { externalResources, inlineRuntimeAssets, renderDocs } from './docs.ts';
export { type Preferences, parsePrefer } from './prefer.ts';

/** Options of {@link startMock}. */
export interface MockOptions {
  /** Port to listen on; `0` (the default) lets the OS pick a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * The contract to serve: a bundle inside a `dist/` folder (its `../openapi.yaml` is the source that is
   * watched), or a split source root that is bundled with Redocly. Default: `@phone-api/spec/openapi.json`.
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
}

// Editors save in bursts (write, rename, chmod); one reload per burst.
const DEBOUNCE_MS = 150;

/**
 * Reads the spec to start with. When watching, a bundle older than its sources is rebuilt first: the
 * developer edits sources, and serving a stale bundle until the first edit would be confusing.
 */
async function loadSpec(source: SpecSource, watch: boolean, log: (line: string) => void): Promise<object> {
  const { bundlePath, rootPath } = source;
  if (bundlePath !== undefined && existsSync(bundlePath)) {
    if (!watch || rootPath === undefined) return readBundle(bundlePath);
    if ((await newestSourceMtime(rootPath)) <= (await stat(bundlePath)).mtimeMs)
      return readBundle(bundlePath);
    try {
      const spec = await bundleAndLint(rootPath);
      log(`${relative(process.cwd(), bundlePath)} is older than its sources: serving a fresh bundle`);
      return spec;
    } catch (error) {
      log(`${relative(process.cwd(), bundlePath)} is stale and its sources are rejected; serving it anyway:`);
      log(error instanceof Error ? error.message : String(error));
      return readBundle(bundlePath);
    }
  }
  if (rootPath !== undefined && existsSync(rootPath)) return bundleAndLint(rootPath);
  throw new Error(`no spec at ${bundlePath ?? rootPath}: run \`pnpm --filter @phone-api/spec build\``);
}

/**
 * Starts the mock server of the phone-number API: Prism (as a library) behind our own `node:http` layer,
 * which validates requests with `@phone-api/server` and answers every error in the surface's own shape.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const source = resolveSpecSource(options.specPath ?? defaultSpecPath());
  let engine: Engine = await createEngine(await loadSpec(source, options.watch ?? false, log));

  const reloadOnce = async (): Promise<boolean> => {
    const started = performance.now();
    try {
      const spec =
        source.rootPath !== undefined
          ? await bundleAndLint(source.rootPath)
          : await readBundle(String(source.bundlePath));
      engine = await createEngine(spec);
      log(`spec reloaded in ${Math.round(performance.now() - started)} ms`);
      return true;
    } catch (error) {
      log(
        `spec rejected, still serving the last good one:\n${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  };
  // One reload at a time. Requests made while one runs share a single follow-up run, which reads the
  // files as they are when it starts.
  let last: Promise<unknown> = Promise.resolve();
  let waiting: Promise<boolean> | undefined;
  const reload = (): Promise<boolean> => {
    if (waiting !== undefined) return waiting;
    const next = last.then(() => {
      waiting = undefined;
      return reloadOnce();
    });
    waiting = next;
    last = next;
    return next;
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

  let watcher: FSWatcher | undefined;
  if (options.watch) {
    const root = source.rootPath ?? String(source.bundlePath);
    const watched = source.rootPath !== undefined ? dirname(root) : root;
    let timer: NodeJS.Timeout | undefined;
    const changed = new Set<string>();
    watcher = chokidarWatch(watched, {
      ignoreInitial: true,
      ignored: (path, stats) =>
        source.rootPath !== undefined && isOutsideSpecSources(path, watched, stats?.isFile()),
    });
    watcher.on('all', (_event, path) => {
      changed.add(relative(watched, path) || path);
      clearTimeout(timer);
      timer = setTimeout(() => {
        log(`spec changed (${[...changed].join(', ')}), reloading`);
        changed.clear();
        void reload();
      }, DEBOUNCE_MS);
    });
    await new Promise<void>((ready) => watcher?.once('ready', () => ready()));
  }

  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    reload,
    async close() {
      await watcher?.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
