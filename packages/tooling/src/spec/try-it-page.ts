import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isMethod } from '@phone-api/openapi';

/** The files the try-it page loads besides itself, by their name under the page's asset base. */
const ASSETS: Readonly<Record<string, { file: () => string; contentType: string }>> = {
  // Scalar's standalone browser build: one file, the whole reference and its API client (the package's
  // `browser` field). Its ESM build would need the 230 lazy chunks beside it served too.
  'scalar.js': {
    file: () =>
      join(dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser/standalone.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
};

/** Names of the files {@link readTryItAsset} serves, e.g. `scalar.js`. */
export const TRY_IT_ASSETS: readonly string[] = Object.keys(ASSETS);

/** One file of the try-it page, ready to send. */
export interface TryItAsset {
  contentType: string;
  body: Uint8Array;
}

const assetReads = new Map<string, Promise<TryItAsset>>();

/**
 * Reads a file the try-it page loads (one of {@link TRY_IT_ASSETS}), once per process; `undefined` for
 * any other name. A failed read is retried on the next call rather than cached.
 */
export function readTryItAsset(name: string): Promise<TryItAsset | undefined> {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (asset === undefined) return Promise.resolve(undefined);
  let read = assetReads.get(name);
  if (read === undefined) {
    read = readFile(asset.file()).then((body) => ({ contentType: asset.contentType, body }));
    assetReads.set(name, read);
    read.catch(() => assetReads.delete(name));
  }
  return read;
}

/** Credentials the page fills in for the reader, keyed by the spec's security scheme names. */
export type TryItCredentials = Record<string, { token: string } | { value: string }>;

/** Options of {@link renderTryItPage}. */
export interface TryItPageOptions {
  /** Where the page finds {@link TRY_IT_ASSETS}, ending in `/`, e.g. `/docs/`. */
  assetBase: string;
  /** The page's title. Default: the spec's `info.title` and "reference". */
  title?: string;
  /** Prefilled credentials, e.g. a mock's test keys; the reader can change them in the page. */
  credentials?: TryItCredentials;
}

// The page's one executable script, the same for every spec (its hash goes into the page's CSP): the
// spec and options are inert JSON blocks it reads. The server of every request is the page's own origin,
// whatever the spec's `servers` say (Scalar's `servers` option replaces the document's and operations'
// lists), so "Send" reaches the server that served the page.
const BOOT = `
const read = (id) => JSON.parse(document.getElementById(id).textContent);
Scalar.createApiReference('#reference', {
  ...read('reference-options'),
  content: read('reference-spec'),
  servers: [{ url: window.location.origin, description: 'The server of this page' }],
});
`;

// What Scalar would otherwise fetch from outside or offer to send outside: its fonts (Google's via its
// font CDN), the AI agent chat (on by default on localhost pages), the developer toolbar (links to its
// registry and dashboard); telemetry is declared but sent nowhere in 1.76, off all the same. No
// `proxyUrl`: requests go straight from the browser to the page's origin.
const SCALAR_OPTIONS = {
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  showDeveloperTools: 'never',
};

// The browser refuses anything from another origin, whatever a Scalar version does: scripts are the
// bundle and the boot script (by hash), requests go to the page's origin only. Scalar injects its own
// <style> elements, hence the inline styles.
function contentSecurityPolicy(): string {
  const boot = createHash('sha256').update(BOOT).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${boot}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** JSON that is inert inside a `<script type="application/json">` block: no `<` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A copy of an object without its `servers`. */
function withoutServers({ servers: _, ...rest }: Node): Node {
  return rest;
}

/**
 * The document as the page shows it: without the path items' and operations' own `servers` (the convai
 * paths name their regional hosts), so every request and code sample goes to the page's origin, which
 * replaces the root `servers` in the browser.
 */
function servedByPage(spec: object): object {
  const paths = (spec as { paths?: unknown }).paths;
  if (!isNode(paths)) return spec;
  const pointed: Node = {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isNode(item)) {
      pointed[path] = item;
      continue;
    }
    const copy = withoutServers(item);
    for (const [key, operation] of Object.entries(copy)) {
      if (isMethod(key) && isNode(operation)) copy[key] = withoutServers(operation);
    }
    pointed[path] = copy;
  }
  return { ...spec, paths: pointed };
}

function titleOf(spec: object): string {
  const info = (spec as { info?: { title?: unknown } }).info;
  return typeof info?.title === 'string' ? `${info.title} reference` : 'API reference';
}

/**
 * The HTML of an interactive reference page for a bundled document (Scalar's API reference): a reader
 * browses the operations and sends requests from the page to the server that serves it, which must also
 * serve {@link TRY_IT_ASSETS} (read with {@link readTryItAsset}) under `assetBase`. The spec is embedded;
 * nothing is loaded from outside the page's origin, and its Content-Security-Policy makes the browser
 * refuse anything that would be.
 */
export function renderTryItPage(spec: object, options: TryItPageOptions): string {
  const scalarOptions = {
    ...SCALAR_OPTIONS,
    ...(options.credentials ? { authentication: { securitySchemes: options.credentials } } : {}),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title ?? titleOf(spec))}</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="reference"></div>
<script id="reference-spec" type="application/json">${scriptJson(servedByPage(spec))}</script>
<script id="reference-options" type="application/json">${scriptJson(scalarOptions)}</script>
<script src="${escapeHtml(options.assetBase)}scalar.js"></script>
<script>${BOOT}</script>
</body>
</html>
`;
}
