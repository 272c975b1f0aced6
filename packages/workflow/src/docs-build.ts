import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBin } from './tools.ts';

/**
 * URLs of resources the page would fetch from outside itself: script/img/iframe `src`, stylesheet,
 * preload and icon `href`, and CSS `url(...)` / `@import`. Links a reader may click (`<a href>`) and
 * URLs inside inline script text are not fetches and are not listed; the browser test watches the
 * real requests on top of this static check.
 */
export function externalResources(html: string): string[] {
  const found = new Set<string>();
  const remote = /^(?:https?:)?\/\//i;
  for (const match of html.matchAll(
    /<(script|img|iframe|source|audio|video|embed)\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)/gi,
  )) {
    if (remote.test(match[2] ?? '')) found.add(match[2] ?? '');
  }
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const href = /\bhref\s*=\s*["']?([^"'\s>]+)/i.exec(match[0])?.[1];
    if (href && remote.test(href)) found.add(href);
  }
  for (const match of html.matchAll(/url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi)) found.add(match[1] ?? '');
  for (const match of html.matchAll(/@import\s+(?:url\()?\s*["']((?:https?:)?\/\/[^"']+)/gi))
    found.add(match[1] ?? '');
  return [...found];
}

// Redoc's sidebar credit loads its logo from Redocly's CDN at run time even with --inlineBundle, and
// no build-docs option turns it off. The credit stays; its logo is served from inside the page.
const CDN_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="16" viewBox="0 0 80 16">' +
    '<text x="0" y="12" font-family="sans-serif" font-size="12" fill="#ef4242">Redocly</text></svg>',
)}`;

/** Replaces the outside assets Redoc's code would fetch at run time with inline ones. */
export function inlineRuntimeAssets(html: string): string {
  return html.replace(CDN_LOGO, INLINE_LOGO);
}

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
