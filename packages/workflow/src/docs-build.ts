import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '@phone-api/tooling/args';
import { readBundle, renderReferencePage } from '@phone-api/tooling/spec';

/** Default input and output: the spec package's bundle and `spec/dist/docs.html` beside it. */
export function defaultDocsPaths(): { spec: string; output: string } {
  const require = createRequire(import.meta.url);
  const spec = require.resolve('@phone-api/spec/openapi.yaml');
  return { spec, output: path.join(path.dirname(spec), 'docs.html') };
}

/**
 * Writes the self-contained reference page of a bundle to `output` (`renderReferencePage`, which fails if
 * the page would load anything from outside itself): the static page to publish or open from disk. The
 * mock's `/docs` is the interactive one, which needs a server to send requests to.
 */
export async function buildDocs(options: {
  spec: string;
  output: string;
}): Promise<{ bytes: number; ms: number }> {
  const started = performance.now();
  const html = await renderReferencePage(await readBundle(options.spec));
  await writeFile(options.output, html);
  return { bytes: Buffer.byteLength(html), ms: performance.now() - started };
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
