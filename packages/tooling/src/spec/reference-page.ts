import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from './run.ts';

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

/** The reference page's title unless a caller names another. */
export const REFERENCE_PAGE_TITLE = 'Phone Numbers API reference';

/**
 * Renders the self-contained reference page of a bundled document with `redocly build-docs --inlineBundle`
 * (without it the page loads Redoc from a CDN), inlines Redoc's run-time assets, and fails if the page
 * would still fetch anything from outside itself: the static page `docs:build` writes to
 * `spec/dist/docs.html`, readable anywhere without a server (the mock's `/docs` is the try-it page).
 */
export async function renderReferencePage(spec: object, title = REFERENCE_PAGE_TITLE): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'phone-api-docs-'));
  try {
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(spec));
    const run = await runTool(
      'redocly',
      ['build-docs', 'openapi.json', '--output', 'docs.html', '--inlineBundle', '--title', title],
      { cwd: dir },
    );
    if (run.code !== 0) throw new Error(`redocly build-docs failed:\n${run.output}`);
    const html = inlineRuntimeAssets(await readFile(join(dir, 'docs.html'), 'utf8'));
    const external = externalResources(html);
    if (external.length > 0) throw new Error(`the reference page loads from outside: ${external.join(', ')}`);
    return html;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
