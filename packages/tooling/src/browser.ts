/**
 * Debian's Chromium driven by playwright-core, for every browser test of the repo (the reference pages, the
 * example app, the in-browser mock): launched one way, each page watched so that a request leaving
 * 127.0.0.1 fails fast. Chromium comes from scripts/ensure-chromium.sh (never a browser download).
 */
import { readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

// Installed by scripts/ensure-chromium.sh (the package's `test` script runs it first).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the background traffic it would start on its own turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** What a page asked for and complained about while it was watched. */
export interface PageWatch {
  requests: string[];
  consoleErrors: string[];
}

/**
 * Records every request and console error of `page`. Anything not from `origin` is recorded and then
 * refused, so a leak fails fast instead of hanging.
 */
export async function watchPage(page: Page, origin: string | readonly string[]): Promise<PageWatch> {
  const origins = typeof origin === 'string' ? [origin] : origin;
  const watch: PageWatch = { requests: [], consoleErrors: [] };
  page.on('request', (request) => watch.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(error.message));
  await page.route('**/*', (route) =>
    origins.some((allowed) => route.request().url().startsWith(allowed))
      ? route.continue()
      : route.abort('blockedbyclient'),
  );
  return watch;
}

/** A browser with one watched page. */
export interface OpenedPage {
  browser: Browser;
  page: Page;
  watch: PageWatch;
}

/**
 * Opens `url` in a new Chromium, in a 1440x1000 page watched ({@link watchPage}) from its first request;
 * `allow` adds origins it may reach besides its own (an API on another port).
 */
export async function openPage(url: string, allow: readonly string[] = []): Promise<OpenedPage> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const watch = await watchPage(page, [new URL(url).origin, ...allow]);
  await page.goto(url, { waitUntil: 'networkidle' });
  page.setDefaultTimeout(15_000);
  return { browser, page, watch };
}

/** The requests that left 127.0.0.1 (`data:`, `blob:` and `about:` URLs stay in the page). */
export function outside(requests: readonly string[]): string[] {
  return requests.filter((url) => !/^(data|blob|about):/.test(url) && new URL(url).hostname !== '127.0.0.1');
}

/** Whether a file is a PNG of some size (a blank page's screenshot is smaller). */
export function isScreenshot(path: string): boolean {
  const png = readFileSync(path);
  return png.subarray(1, 4).toString('ascii') === 'PNG' && png.length > 20_000;
}
