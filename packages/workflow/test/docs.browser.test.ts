import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startMock } from '@phone-api/mock';
import { externalResources } from '@phone-api/tooling/spec';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocs, defaultDocsPaths } from '../src/docs-build.ts';

// Installed by scripts/ensure-chromium.sh (the package's `test` script runs it first).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../test-results/docs.png', import.meta.url));
const paths = defaultDocsPaths();

/** Every operation's summary in the bundle, grouped by tag: what the page must show. */
function expectedOperations(): { tag: string; summary: string }[] {
  const doc = JSON.parse(readFileSync(paths.spec.replace(/\.yaml$/, '.json'), 'utf8')) as {
    paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
  };
  return Object.values(doc.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([, op]) => ({ tag: op.tags?.[0] ?? '', summary: op.summary ?? '' })),
  );
}

/** The running mock, which serves the reference page of the spec it serves at /docs. */
async function servePage(): Promise<{ url: string; via: string; close: () => Promise<void> }> {
  const mock = await startMock({ port: 0 });
  return { url: `${mock.url}/docs`, via: 'the mock (startMock)', close: () => mock.close() };
}

describe('the reference page (spec/dist/docs.html) in Chromium', () => {
  let browser: Browser;
  let served: Awaited<ReturnType<typeof servePage>>;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const renderedTags: string[] = [];
  const rendered: string[] = [];

  beforeAll(async () => {
    await buildDocs(paths);
    served = await servePage();
    console.info(`docs page served by ${served.via}`);
    browser = await chromium.launch({
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
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    const origin = new URL(served.url).origin;
    // Anything not ours is recorded above and then refused, so a leak fails fast instead of hanging.
    await page.route('**/*', (route) =>
      route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient'),
    );
    await page.goto(served.url, { waitUntil: 'networkidle' });
    await page.locator('h1').first().waitFor({ timeout: 30_000 });
    page.setDefaultTimeout(15_000);
    // Redoc renders one operation at a time: open each tag in the menu, then each operation in it.
    const byTag = new Map<string, { summary: string }[]>();
    for (const o of expectedOperations()) byTag.set(o.tag, [...(byTag.get(o.tag) ?? []), o]);
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
    await browser?.close();
    await served?.close();
  });

  it('is self-contained: no script, stylesheet or font from outside', async () => {
    expect(externalResources(await readFile(paths.output, 'utf8'))).toEqual([]);
  });

  it('renders all operations of both surfaces, under their tags', () => {
    const operations = expectedOperations();
    expect(operations).toHaveLength(10);
    expect(new Set(operations.map((o) => o.tag))).toEqual(
      new Set(['Agents phone numbers', 'Convai phone numbers']),
    );
    expect(rendered).toEqual(operations.map((o) => o.summary));
    expect(renderedTags).toEqual([...new Set(operations.map((o) => o.tag))]);
  });

  it('makes no request that leaves 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(0);
    const outside = requests.filter((url) => {
      if (/^(data|blob|about):/.test(url)) return false;
      return new URL(url).hostname !== '127.0.0.1';
    });
    expect(outside).toEqual([]);
  });

  it('logs no console error', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('saves a screenshot as a test artifact', () => {
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });
});
