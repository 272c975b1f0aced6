/**
 * The mock in a real browser: a page bundled with esbuild (for the browser, the mock and its spec inside)
 * starts `createBrowserMock()` on MSW's service worker and calls the API on its own origin; Debian's
 * Chromium (playwright-core) runs it. The page's server serves only static files, so an answer can only
 * come from the mock.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@phone-api/tooling/browser';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

describe('createBrowserMock() in Chromium, on the service worker', () => {
  let dir: string;
  let server: Server;
  let origin: string;
  let browser: Browser;
  const served: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'browser-mock-page-'));
    await build({
      entryPoints: [fileURLToPath(new URL('./page/main.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: join(dir, 'main.js'),
      logLevel: 'warning',
    });
    // What `msw init` does: the worker script of the installed msw, at the page's root.
    await copyFile(
      fileURLToPath(import.meta.resolve('msw/mockServiceWorker.js')),
      join(dir, 'mockServiceWorker.js'),
    );
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><script type="module" src="/main.js"></script>\n',
    );
    server = createServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      served.push(path);
      const file = path === '/' ? 'index.html' : path.slice(1);
      try {
        const body = await readFile(join(dir, file));
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers the page’s fetches from the mock: the demo numbers, and a PATCH a later GET sees', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.outcome !== undefined, undefined, { timeout: 30_000 });
    const outcome = await page.evaluate(() => window.outcome);
    expect(errors).toEqual([]);
    expect(outcome).toEqual({
      status: 200,
      numbers: [
        expect.objectContaining({ e164: '+919876543210', label: 'Mumbai office' }),
        expect.objectContaining({ e164: '+13125550199', label: 'Sales caller ID' }),
      ],
      renamed: 'Renamed in the page',
    });
    // Only the page's files reached the server: every API call was answered inside the browser.
    expect(served.filter((path) => path.startsWith('/v1/'))).toEqual([]);
    expect(served).toContain('/mockServiceWorker.js');
  });
});
