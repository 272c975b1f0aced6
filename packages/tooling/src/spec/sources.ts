import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { watch } from 'chokidar';

// Our own output, lint fixtures, dependencies, caches: nothing in them feeds the bundle or its checks.
const EXCLUDED_DIRS = new Set(['dist', 'node_modules', 'test', '.turbo']);
// The documents a `$ref` can reach, the Redocly and Spectral configs, and the house rules' JavaScript.
const SOURCE_FILE = /\.(ya?ml|json|js)$/;
const NOT_SOURCES = new Set(['package.json', 'tsconfig.json']);

/**
 * Whether `path` (inside `specDir`) is one of the spec's sources: a file whose edit can change the bundle
 * or what the linters say about it, so the mock reloads and dev mode runs a cycle. Directories pass unless
 * excluded. The house rules (`rules/*.js`) are sources: editing one can reject a spec that passed.
 */
export function isSpecSource(path: string, specDir: string, isFile: boolean | undefined): boolean {
  const parts = relative(specDir, path).split(sep);
  if (parts.some((part) => EXCLUDED_DIRS.has(part))) return false;
  if (isFile !== true) return true;
  return SOURCE_FILE.test(path) && !NOT_SOURCES.has(parts.at(-1) ?? '');
}

/** The newest modification time among the spec's sources, to tell whether a bundle is stale. */
export async function newestSourceMtime(specDir: string): Promise<number> {
  let newest = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (!isSpecSource(path, specDir, entry.isFile())) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) newest = Math.max(newest, (await stat(path)).mtimeMs);
    }
  };
  await walk(specDir);
  return newest;
}

/** A running watch; {@link watchSpec}. */
export interface SpecWatch {
  close(): Promise<void>;
}

/**
 * Watches `target`: a spec folder (its sources, {@link isSpecSource}) or a single bundle file. Editors save
 * in bursts (write, rename, chmod), so changes are batched until `debounceMs` pass without one, then
 * `onChange` gets the changed paths. Resolves once the initial scan is done: a save after that is seen.
 */
export async function watchSpec(
  target: string,
  options: { debounceMs: number; onChange: (paths: string[]) => void },
): Promise<SpecWatch> {
  const isDir = statSync(target).isDirectory();
  const watcher = watch(target, {
    ignoreInitial: true,
    ignored: (path, stats) => isDir && !isSpecSource(path, target, stats?.isFile()),
  });
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  watcher.on('all', (_event, path) => {
    changed.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...changed];
      changed.clear();
      options.onChange(paths);
    }, options.debounceMs);
  });
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
