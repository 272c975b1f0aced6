import { readFileSync } from 'node:fs';
import { isMethod } from '@phone-api/openapi';
import { launchChromium } from '@phone-api/tooling/chromium';
import type { Browser, Page } from 'playwright-core';

/** What a page asked for and complained about while it was watched. */
export interface PageWatch {
  requests: string[];
  consoleErrors: string[];
}

/**
 * Records every request and console error of `page`. Anything not from `origin` is recorded and then
 * refused, so a leak fails fast instead of hanging.
 */
async function watchPage(page: Page, origin: string): Promise<PageWatch> {
  const watch: PageWatch = { requests: [], consoleErrors: [] };
  page.on('request', (request) => watch.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(error.message));
  await page.route('**/*', (route) =>
    route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient'),
  );
  return watch;
}

/** A browser with one watched page. */
export interface OpenedPage {
  browser: Browser;
  page: Page;
  watch: PageWatch;
}

/** Opens `url` in a new Chromium, in a 1440x1000 page watched ({@link watchPage}) from its first request. */
export async function openPage(url: string): Promise<OpenedPage> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const watch = await watchPage(page, new URL(url).origin);
  await page.goto(url, { waitUntil: 'networkidle' });
  page.setDefaultTimeout(15_000);
  return { browser, page, watch };
}

/** The requests that left 127.0.0.1 (`data:`, `blob:` and `about:` URLs stay in the page). */
export function outside(requests: readonly string[]): string[] {
  return requests.filter((url) => !/^(data|blob|about):/.test(url) && new URL(url).hostname !== '127.0.0.1');
}

/** Every operation's summary in a bundle, grouped by tag: what a reference page must show. */
export function expectedOperations(bundle: string): { tag: string; summary: string }[] {
  const doc = JSON.parse(readFileSync(bundle, 'utf8')) as {
    paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
  };
  return Object.values(doc.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => isMethod(method))
      .map(([, op]) => ({ tag: op.tags?.[0] ?? '', summary: op.summary ?? '' })),
  );
}

/** Whether a file is a PNG of some size (a blank page's screenshot is smaller). */
export function isScreenshot(path: string): boolean {
  const png = readFileSync(path);
  return png.subarray(1, 4).toString('ascii') === 'PNG' && png.length > 20_000;
}
