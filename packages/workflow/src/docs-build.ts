import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { externalResources, inlineRuntimeAssets } from '@phone-api/mock';
import { parseCommandLine } from '@phone-api/tooling/args';
import { runBin } from './tools.ts';

export { externalResources, inlineRuntimeAssets };

/** Default input and output: the spec package's bundle and `spec/dist/docs.html` beside it. */
export function defaultDocsPaths(): { spec: string; output: string } {
  const require = createRequire(import.meta.url);
  const spec = require.resolve('@phone-api/spec/openapi.yaml');
  return { spec, output: path.join(path.dirname(spec), 'docs.html') };
}

/**
 * Builds the self-contained reference page with `redocly build-docs --inlineBundle` (without it the
 * page loads Redoc from a CDN) and fails if the result still references an outside resource.
 */
export async function buildDocs(options: {
  spec: string;
  output: string;
}): Promise<{ bytes: number; ms: number }> {
  const result = await runBin('@redocly/cli', 'redocly', [
    'build-docs',
    options.spec,
    '--output',
    options.output,
    '--inlineBundle',
    '--title',
    'Phone Numbers API reference',
  ]);
  if (result.code !== 0) throw new Error(`redocly build-docs failed:\n${result.stderr || result.stdout}`);
  const html = inlineRuntimeAssets(await readFile(options.output, 'utf8'));
  await writeFile(options.output, html);
  const external = externalResources(html);
  if (external.length > 0) {
    throw new Error(`${options.output} loads resources from outside: ${external.join(', ')}`);
  }
  return { bytes: Buffer.byteLength(html), ms: result.ms };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  parseCommandLine({ usage: 'pnpm --filter @phone-api/workflow docs:build', options: {} });
  const paths = defaultDocsPaths();
  buildDocs(paths).then(
    ({ bytes, ms }) => {
      const where = path.relative(process.cwd(), paths.output);
      console.log(
        `docs:build: ${where} (${(bytes / 1024).toFixed(0)} KiB, self-contained) in ${(ms / 1000).toFixed(1)} s`,
      );
    },
    (error: unknown) => {
      console.error(`docs:build: ${error instanceof Error ? error.message : String(error)}`);
      console.error(
        'Fix: pnpm --filter @phone-api/spec build, then pnpm --filter @phone-api/workflow docs:build',
      );
      process.exitCode = 1;
    },
  );
}
