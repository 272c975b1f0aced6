/**
 * The gzipped size of a browser bundle (esbuild: minified, tree-shaken, for the browser, spec inside), and
 * what its parts add: each part's share is the gzipped size it adds (the bundle with it minus the bundle
 * with it left out), so shared dictionary effects are counted where they fall.
 */
import { gzipSync } from 'node:zlib';
import { bundleForBrowser } from './bundle.ts';

/** The minified and gzipped size of `source`'s bundle (a module in this directory). */
async function bundle(source: string, external: string[] = []) {
  const { code } = await bundleForBrowser(source, import.meta.dirname, external);
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/** One bundle's sizes, in bytes. */
export interface Size {
  minified: number;
  gzipped: number;
  /** Gzipped bytes each named part adds; the rest is `other`. */
  parts: Record<string, number>;
}

/** The bundle of `source`, and what leaving out each of `parts` (package specifiers) saves. */
export async function sizeOf(source: string, parts: Record<string, string[]>): Promise<Size> {
  const whole = await bundle(source);
  const shares: Record<string, number> = {};
  let rest = whole.gzipped;
  for (const [name, external] of Object.entries(parts)) {
    shares[name] = whole.gzipped - (await bundle(source, external)).gzipped;
    rest -= shares[name];
  }
  return { minified: whole.minified, gzipped: whole.gzipped, parts: { ...shares, other: rest } };
}
