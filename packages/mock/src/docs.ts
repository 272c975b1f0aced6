/**
 * The mock's pages outside the API: the reference page of the spec it serves, at `/docs`.
 */
import { renderReferencePage } from '@phone-api/tooling/spec';

/** A page as the pipeline hands it to the transport. */
export interface DocsReply {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

const DOCS_PATHS = new Set(['/docs', '/docs/']);
// One page per spec version: a reload swaps the spec object, and the next visit renders the new contract.
const pages = new WeakMap<object, Promise<string>>();

/** The answer for `path` when it is one of the mock's pages (GET or HEAD), else `undefined`. */
export function docsReply(spec: object, method: string, path: string): Promise<DocsReply | undefined> {
  if ((method !== 'GET' && method !== 'HEAD') || !DOCS_PATHS.has(path)) return Promise.resolve(undefined);
  let page = pages.get(spec);
  if (page === undefined) {
    page = renderReferencePage(spec);
    pages.set(spec, page);
    // A failed render is retried on the next visit rather than cached.
    page.catch(() => pages.delete(spec));
  }
  return page.then(
    (html) => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: method === 'HEAD' ? '' : html,
    }),
    (error: unknown) => ({
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: `The reference page could not be rendered: ${String(error)}\n`,
    }),
  );
}
