// The memory store is the store of the in-browser mock: nothing it loads may need Node. Its import graph
// is read from the sources (type-only imports are erased and so do not count), and its SHA-256 must be
// node:crypto's, byte for byte, so that both kinds of store hash keys and requests alike.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
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
