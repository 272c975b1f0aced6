/**
 * A page's bundle of a module, as the size bench measures it and the tree-shaking test checks it: esbuild,
 * for the browser, minified and tree-shaken, everything inside but the `external` packages.
 */
import { build, type Metafile } from 'esbuild';

/** The code of the bundle and esbuild's account of what went into it. */
export interface Bundle {
  code: Uint8Array;
  meta: Metafile;
}

/** Bundles `source` (a TypeScript module whose relative imports resolve from `resolveDir`). */
export async function bundleForBrowser(
  source: string,
  resolveDir: string,
  external: string[] = [],
): Promise<Bundle> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    external,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]?.contents ?? new Uint8Array(), meta: result.metafile };
}
