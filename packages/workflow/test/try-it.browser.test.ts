import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type RunningMock, startMock } from '@phone-api/mock';
import { isScreenshot, openPage, outside, type PageWatch } from '@phone-api/tooling/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDocsPaths } from '../src/docs-build.ts';
import { expectedOperations } from './helpers/spec-pages.ts';

const SCREENSHOT = fileURLToPath(new URL('../test-results/try-it.png', import.meta.url));
const bundle = defaultDocsPaths().spec.replace(/\.yaml$/, '.json');

/** Scalar's sidebar: the operations by tag, each group opened by clicking its tag. */
function sidebarOf(page: Page) {
  return page.locator('aside[aria-label^="Sidebar for"]');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe("the mock's try-it page (/docs) in Chromium", () => {
  let mock: RunningMock;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const log: string[] = [];

  beforeAll(async () => {
    mock = await startMock({ port: 0, log: (line) => log.push(line) });
    ({ browser, page, watch } = await openPage(`${mock.url}/docs`));
    await page.getByRole('heading', { name: 'Phone Numbers API', level: 1 }).waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.close();
  });

  /**
   * Opens an operation's try-it client from the reference (its "Test Request" button), presses Send, and
   * returns the request as it reached the mock and the client's response panel.
   */
  async function tryIt(tag: string, summary: string, path: string) {
    const sidebar = sidebarOf(page);
    if (!(await sidebar.getByText(summary, { exact: true }).isVisible())) {
      await sidebar.getByText(tag, { exact: true }).click();
    }
    await sidebar.getByText(summary, { exact: true }).click();
    await page
      .getByRole('button', { name: new RegExp(`^Test Request\\s*\\(get ${escapeRegExp(path)}\\)$`) })
      .click();
    const send = page
      .getByRole('button', { name: new RegExp(`Send get request to ${escapeRegExp(mock.url + path)}$`) })
      .first();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${mock.url}${path}?`) || r.url() === mock.url + path),
      send.click(),
    ]);
    const panel = page.locator('section[aria-label="Response"]');
    await panel.getByText(`${response.status()} OK`).waitFor();
    return { response, panel };
  }

  it('lists every operation of both surfaces in its sidebar, under their tags', async () => {
    const sidebar = sidebarOf(page);
    const operations = expectedOperations(bundle);
    expect(operations).toHaveLength(10);
    for (const tag of new Set(operations.map((o) => o.tag))) {
      const group = operations.filter((o) => o.tag === tag);
      // Scalar opens the first tag's group on load; a click on a closed one opens it.
      if (!(await sidebar.getByText(group[0]?.summary ?? '', { exact: true }).isVisible()))
        await sidebar.getByText(tag, { exact: true }).click();
      for (const { summary } of group) await sidebar.getByText(summary, { exact: true }).waitFor();
    }
  });

  it('sends GET /v1/agents/phone-numbers with the prefilled bearer token to the mock and shows its answer', async () => {
    const { response, panel } = await tryIt(
      'Agents phone numbers',
      'List phone numbers',
      '/v1/agents/phone-numbers',
    );
    expect(response.request().headers().authorization).toBe('Bearer sk_test');
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { numbers: { id: string }[] };
    const first = body.numbers[0]?.id ?? 'no number';
    await panel.getByText(`"${first}"`).first().waitFor();
    expect(log.some((line) => /^GET \/v1\/agents\/phone-numbers\?limit=50 -> 200 /.test(line))).toBe(true);
    await mkdir(new URL('../test-results/', import.meta.url), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, animations: 'disabled' });
    await page.getByRole('button', { name: 'Close Client' }).click();
  });

  it('sends GET /v1/convai/phone-numbers with the prefilled xi-api-key to the mock, not to its regional host', async () => {
    const { response, panel } = await tryIt(
      'Convai phone numbers',
      'List Phone Numbers',
      '/v1/convai/phone-numbers',
    );
    expect(response.request().headers()['xi-api-key']).toBe('test');
    expect(response.status()).toBe(200);
    const [first] = (await response.json()) as { phone_number_id: string }[];
    await panel.getByText(`"${first?.phone_number_id}"`).first().waitFor();
    await page.getByRole('button', { name: 'Close Client' }).click();
  });

  it('makes no request that leaves 127.0.0.1', () => {
    expect(watch.requests).toContain(`${mock.url}/docs/scalar.js`);
    expect(outside(watch.requests)).toEqual([]);
  });

  it("refuses, by the page's Content-Security-Policy, a request to another host", async () => {
    // A page of its own: the refusal is a console error, which the page above must not have.
    const other = await browser.newPage();
    const requests: string[] = [];
    other.on('request', (request) => requests.push(request.url()));
    await other.goto(`${mock.url}/docs`);
    const refused = await other.evaluate(async () => {
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective)),
      );
      const fetched = await fetch('http://outside.example.test/').then(
        () => 'sent',
        () => 'refused',
      );
      return [fetched, await violation];
    });
    await other.close();
    expect(refused).toEqual(['refused', 'connect-src']);
    expect(outside(requests)).toEqual([]);
  });

  it('logs no console error', () => {
    expect(watch.consoleErrors).toEqual([]);
  });

  it('saves a screenshot of an answered request as a test artifact', () => {
    expect(isScreenshot(SCREENSHOT)).toBe(true);
  });
});
