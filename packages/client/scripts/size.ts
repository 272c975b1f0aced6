/**
 * Prints the minified + gzipped size of the SDK core: `src/index.ts` bundled and minified by tsdown
 * (rolldown), once with openapi-fetch left external (our code only) and once with it inlined (what a browser
 * app ships). The lazily loaded validation chunk is listed separately; ajv is never inlined.
 *
 * Run: pnpm --filter @phone-api/client size
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseCommandLine } from '@phone-api/tooling/args';
import { build } from 'tsdown';

parseCommandLine({ usage: 'pnpm --filter @phone-api/client size', options: {} });

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

async function measure(inlineOpenapiFetch: boolean) {
  const outDir = await mkdtemp(join(tmpdir(), 'phone-api-client-size-'));
  try {
    await build({
      config: false,
      cwd: packageDir,
      entry: ['src/index.ts'],
      outDir,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      minify: true,
      dts: false,
      sourcemap: false,
      logLevel: 'silent',
      external: inlineOpenapiFetch ? [/^ajv/] : ['openapi-fetch', /^ajv/],
      noExternal: inlineOpenapiFetch ? ['openapi-fetch'] : [],
    });
    const sizes: Record<string, { min: number; gzip: number }> = {};
    for (const file of await readdir(outDir)) {
      if (!file.endsWith('.js')) continue;
      const code = await readFile(join(outDir, file));
      sizes[file.startsWith('index') ? 'core' : 'validation chunk (lazy)'] = {
        min: code.length,
        gzip: gzipSync(code, { level: 9 }).length,
      };
    }
    return sizes;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} kB`;
const ours = await measure(false);
const withFetch = await measure(true);
console.log('| bundle | minified | min + gzip |');
console.log('|---|---:|---:|');
const row = (name: string, size: { min: number; gzip: number } | undefined) => {
  if (size) console.log(`| ${name} | ${kb(size.min)} | ${kb(size.gzip)} |`);
};
row('core (openapi-fetch external)', ours.core);
row('core + openapi-fetch', withFetch.core);
row('validation chunk, lazy (ajv external)', ours['validation chunk (lazy)']);
