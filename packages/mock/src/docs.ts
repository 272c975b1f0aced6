import {
  readTryItAsset,
  renderTryItPage,
  TRY_IT_ASSETS,
  type TryItCredentials,
} from '@phone-api/tooling/spec';

/** An answer of the reference page's routes, for the HTTP layer to write as is. */
export interface DocsReply {
  status: number;
  headers: Record<string, string>;
  /** Empty for HEAD (`content-length` still gives the GET body's size). */
  body: string | Uint8Array;
}

const BASE = '/docs/';
const PAGES = new Set(['/docs', BASE]);
// The keys the mock accepts are any non-empty ones; these are the ones its start-up banner prints.
const TEST_BEARER_TOKEN = 'sk_test';
const TEST_API_KEY = 'test';

// One page per spec object: a reload serves a new object, and the next visit renders the new contract.
const pages = new WeakMap<object, Promise<Buffer>>();

/** The mock's test keys for each of the spec's bearer and API-key schemes, filled in on the page. */
function testCredentials(spec: object): TryItCredentials {
  const schemes = (spec as { components?: { securitySchemes?: Record<string, unknown> } }).components
    ?.securitySchemes;
  const credentials: TryItCredentials = {};
  for (const [name, scheme] of Object.entries(schemes ?? {})) {
    const { type, scheme: httpScheme } = (scheme ?? {}) as { type?: unknown; scheme?: unknown };
    if (type === 'http' && String(httpScheme).toLowerCase() === 'bearer') {
      credentials[name] = { token: TEST_BEARER_TOKEN };
    } else if (type === 'apiKey') credentials[name] = { value: TEST_API_KEY };
  }
  return credentials;
}

function page(spec: object): Promise<Buffer> {
  let rendered = pages.get(spec);
  if (rendered === undefined) {
    rendered = Promise.resolve().then(() =>
      Buffer.from(renderTryItPage(spec, { assetBase: BASE, credentials: testCredentials(spec) })),
    );
    pages.set(spec, rendered);
    // A failed render is retried on the next visit rather than cached.
    rendered.catch(() => pages.delete(spec));
  }
  return rendered;
}

function ok(method: string, contentType: string, body: Uint8Array): DocsReply {
  return {
    status: 200,
    headers: {
      'content-type': contentType,
      'content-length': String(body.byteLength),
      // A reload changes the page and a dependency update the bundle, at the same URLs.
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body: method === 'HEAD' ? '' : body,
  };
}

function unavailable(method: string, error: unknown): DocsReply {
  const body = `The reference page could not be served: ${String(error)}\n`;
  return {
    status: 503,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    },
    body: method === 'HEAD' ? '' : body,
  };
}

/**
 * The mock's interactive reference page: `/docs` and `/docs/` (the page of `spec`, whose requests go to
 * the origin that served it, with the mock's test keys filled in) and the files it loads under `/docs/`.
 * GET and HEAD; another method on those paths gets 405. `undefined` for every other path, which is the
 * API's. A page or file that cannot be produced gets 503 and is tried again on the next request.
 */
export async function docsReply(spec: object, method: string, path: string): Promise<DocsReply | undefined> {
  const isPage = PAGES.has(path);
  const asset = path.startsWith(BASE) ? path.slice(BASE.length) : undefined;
  if (!isPage && (asset === undefined || !TRY_IT_ASSETS.includes(asset))) return undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: { allow: 'GET, HEAD', 'content-length': '0' }, body: '' };
  }
  try {
    if (isPage) return ok(method, 'text/html; charset=utf-8', await page(spec));
    const file = await readTryItAsset(asset ?? '');
    return file && ok(method, file.contentType, file.body);
  } catch (error) {
    return unavailable(method, error);
  }
}
