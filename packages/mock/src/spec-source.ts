import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { checkSpec, newestSourceMtime, readBundle } from '@phone-api/tooling/spec';

/** Where the served contract comes from: a bundle to read, and/or split sources to bundle, check and watch. */
export interface SpecSource {
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
export function sourceOf(specPath: string | undefined): SpecSource {
  if (specPath === undefined) return defaultSource();
  return specPath.endsWith('.json') ? { bundlePath: specPath } : { rootPath: specPath };
}

/**
 * Reads the spec to start with. When watching, a bundle older than its sources is rebuilt first: the
 * developer edits sources, and serving a stale bundle until the first edit would be confusing.
 */
export async function loadSpec(
  source: SpecSource,
  watch: boolean,
  log: (line: string) => void,
): Promise<object> {
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
export function readSpec(source: SpecSource): Promise<object> {
  if (source.rootPath !== undefined) return checkSpec(source.rootPath);
  if (source.bundlePath !== undefined) return readBundle(source.bundlePath);
  return Promise.reject(new Error('this mock serves a document it was given; swap() replaces it'));
}
