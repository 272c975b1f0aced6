import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isScreenshot, type OpenedPage, openPage, outside } from '@phone-api/tooling/browser';
import { externalResources } from '@phone-api/tooling/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocs, defaultDocsPaths } from '../src/docs-build.ts';
import { expectedOperations } from './helpers/spec-pages.ts';

const SCREENSHOT = fileURLToPath(new URL('../test-results/docs.png', import.meta.url));
const paths = defaultDocsPaths();
const bundle = paths.spec.replace(/\.yaml$/, '.json');

/** The built page, served as one file from 127.0.0.1 (as any static host would serve it). */
async function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const html = await readFile(paths.output);
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/docs.html`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the static reference page (spec/dist/docs.html) in Chromium', () => {
  let served: Awaited<ReturnType<typeof servePage>>;
  let opened: OpenedPage;
  const renderedTags: string[] = [];
  const rendered: string[] = [];

  beforeAll(async () => {
    await buildDocs(paths);
    served = await servePage();
    opened = await openPage(served.url);
    const { page } = opened;
    await page.locator('h1').first().waitFor({ timeout: 30_000 });
    // Redoc renders one operation at a time: open each tag in the menu, then each operation in it.
    const byTag = new Map<string, { summary: string }[]>();
    for (const o of expectedOperations(bundle)) byTag.set(o.tag, [...(byTag.get(o.tag) ?? []), o]);
    for (const [tag, operations] of byTag) {
      await page.getByText(tag, { exact: true }).first().click();
      const tagHeading = page.locator('h1, h2', { hasText: new RegExp(`^${tag}$`) }).first();
      if (
        await tagHeading.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        )
      )
        renderedTags.push(tag);
      for (const { summary } of operations) {
        await page.getByText(summary, { exact: true }).first().click();
        // Redoc renders the operation's section (h2 = its summary) when it is navigated to.
        const heading = page.locator('h2', { hasText: new RegExp(`^${summary}$`) }).first();
        if (
          await heading.waitFor({ timeout: 10_000 }).then(
            () => true,
            () => false,
          )
        )
          rendered.push(summary);
      }
    }
    await page.waitForLoadState('networkidle');
    await mkdir(new URL('../test-results/', import.meta.url), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  afterAll(async () => {
    await opened?.browser.close();
    await served?.close();
  });

  it('is self-contained: no script, stylesheet or font from outside', async () => {
    expect(externalResources(await readFile(paths.output, 'utf8'))).toEqual([]);
  });

  it('renders all operations of both surfaces, under their tags', () => {
    const operations = expectedOperations(bundle);
    expect(operations).toHaveLength(10);
    expect(new Set(operations.map((o) => o.tag))).toEqual(
      new Set(['Agents phone numbers', 'Convai phone numbers']),
    );
    expect(rendered).toEqual(operations.map((o) => o.summary));
    expect(renderedTags).toEqual([...new Set(operations.map((o) => o.tag))]);
  });

  it('makes no request that leaves 127.0.0.1', () => {
    expect(opened.watch.requests.length).toBeGreaterThan(0);
    expect(outside(opened.watch.requests)).toEqual([]);
  });

  it('logs no console error', () => {
    expect(opened.watch.consoleErrors).toEqual([]);
  });

  it('saves a screenshot as a test artifact', () => {
    expect(isScreenshot(SCREENSHOT)).toBe(true);
  });
});
