// The memory store is the store of the in-browser mock: nothing it loads may need Node. Its import graph
// is read from the sources (type-only imports are erased and so do not count), and its SHA-256 must be
// node:crypto's, byte for byte, so that both kinds of store hash keys and requests alike. The browser entry
// (handlers, seed, Fetch handler) is checked as a browser bundler sees it: esbuild resolves every runtime
// import, packages and @phone-api/server's dist included, with the browser's export conditions.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/sha256.ts';

const src = resolve(import.meta.dirname, '../src');
const IMPORT = /^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+'([^']+)';/gms;

/** Every source file `entry` loads at run time, and the packages it loads. */
function runtimeGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, typeOnly, spec = ''] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (typeOnly) continue;
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  };
  walk(resolve(src, entry));
  return { files: [...files].map((f) => relative(src, f)).sort(), packages: [...packages].sort() };
}

describe('the memory store in a browser', () => {
  it('loads no node: module, no Node global and no database, only the id package', () => {
    const { files, packages } = runtimeGraph('store/memory.ts');
    expect(packages).toEqual(['typeid-js']);
    for (const file of files) {
      const code = readFileSync(resolve(src, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/\b(Buffer|process)\b/);
    }
    expect(files).not.toContain('store/db.ts');
  });

  it('has a browser entry whose whole runtime graph bundles for a browser without any node: module', async () => {
    // platform 'browser': a `node:` import (or a bare builtin) anywhere in the graph fails the build.
    const result = await build({
      entryPoints: [resolve(src, 'browser.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    const ours = inputs.filter((file) => !file.includes('node_modules')).map((file) => relative(src, file));
    expect(ours).not.toContain('store/db.ts');
    expect(ours).not.toContain('crypto.ts');
    expect(ours).not.toContain('server.ts');
    for (const file of ours.filter((f) => !f.startsWith('..'))) {
      const code = readFileSync(resolve(src, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/\b(Buffer|process)\b/);
    }
    // @phone-api/server through its browser entry (not the main one, which reads fault configs with
    // node:fs), with ajv; typeid-js through uuid's browser build.
    const packages = new Set(inputs.map((file) => /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]));
    expect(inputs.some((file) => file.endsWith('server/dist/browser.js'))).toBe(true);
    expect(inputs.some((file) => file.endsWith('server/dist/index.js'))).toBe(false);
    for (const name of ['ajv', 'ajv-formats', 'typeid-js']) expect(packages).toContain(name);
  });

  it.each([
    ['the empty string', ''],
    ['one block', 'abc'],
    ['the longest one-block message', 'a'.repeat(55)],
    ['a message that spills its length into a second block', 'a'.repeat(56)],
    ['several blocks', 'x'.repeat(1000)],
    ['non-ASCII text (UTF-8 bytes)', 'héllo ✓ 😀'],
    ['an API key', 'sk_demoagents00publicdemokeynotforproduction'],
  ])('hashes %s as node:crypto does', (_, text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
