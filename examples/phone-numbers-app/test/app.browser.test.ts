/**
 * The example app in Debian's Chromium, twice: against the stateful mock (the reference server with the
 * demo data, faults and control on, reset with `POST /__mock/reset` before each test) and against the
 * in-browser mock (`?mock=browser`: MSW's service worker over the in-memory store; every page starts from
 * the demo data). Both lists, a label edit, an agent unbound, a 404 and a 422 shown in the UI, the loading
 * state under injected latency. Screenshots go to test-results/<target>-<state>.png.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ReferenceServer, startReferenceServer } from '@phone-api/reference-server';
import { errorReply } from '@phone-api/server';
import { type OpenedPage, openPage, outside } from '@phone-api/tooling/browser';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveApp } from './static-server.ts';

const RESULTS = new URL('../test-results/', import.meta.url);
const FRONT_DESK = '+12025551234';
// The demo workspace's public agents key (both mocks load the same demo data).
const AGENTS_KEY = 'sk_demoagents00publicdemokeynotforproduction';

let app: Awaited<ReturnType<typeof serveApp>>;
let api: ReferenceServer;
let opened: OpenedPage | undefined;

beforeAll(async () => {
  app = await serveApp();
  api = await startReferenceServer({ seed: true, control: true, faults: {}, database: 'memory' });
  await mkdir(RESULTS, { recursive: true });
});
afterAll(async () => {
  await app.close();
  await api.close();
});
afterEach(async () => {
  await opened?.browser.close();
  opened = undefined;
});

/** One mock the app runs against: how to open the app on it, and where its API answers. */
interface Target {
  name: string;
  /** The query string that points the app at it. */
  query(): string;
  /** Origins the page may reach besides its own. */
  allow(): string[];
  /** Back to the demo data before a test. */
  reset(): Promise<void>;
  /** The API's base URL as seen from the page. */
  base(page: Page): string;
}

const TARGETS: Target[] = [
  {
    name: 'stateful-mock',
    query: () => `?api=${encodeURIComponent(api.url)}`,
    allow: () => [api.url],
    reset: async () => {
      expect((await fetch(`${api.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
    },
    base: () => api.url,
  },
  {
    name: 'browser-mock',
    query: () => '?mock=browser',
    allow: () => [],
    reset: async () => {}, // a new page is a new in-memory store, seeded
    base: (page) => new URL(page.url()).origin,
  },
];

describe.each(TARGETS)('the example app against the $name', (target) => {
  async function open(extra = ''): Promise<Page> {
    await target.reset();
    opened = await openPage(`${app.url}/${target.query()}${extra}`, target.allow());
    return opened.page;
  }

  async function screenshot(state: string): Promise<void> {
    const path = fileURLToPath(new URL(`${target.name}-${state}.png`, RESULTS));
    await opened?.page.screenshot({ path, fullPage: true });
  }

  /** The agents number with this e164, read through the API the page talks to (from inside the page). */
  async function stored(page: Page, e164: string) {
    const body = (await page.evaluate(
      async ({ base, key }) =>
        (
          await fetch(`${base}/v1/agents/phone-numbers?limit=100`, {
            headers: { authorization: `Bearer ${key}` },
          })
        ).json(),
      { base: target.base(page), key: AGENTS_KEY },
    )) as { numbers: { e164: string; label: string; agent_id: string | null }[] };
    return body.numbers.find((n) => n.e164 === e164);
  }

  it('lists the numbers of both surfaces', async () => {
    const page = await open();
    await page.getByTestId(`agents-row-${FRONT_DESK}`).waitFor();
    await page.getByTestId(`convai-row-${FRONT_DESK}`).waitFor();
    const rows = await page.getByTestId('agents-table').locator('tbody tr').count();
    const listed = (await page.evaluate(
      async ({ base, key }) =>
        (
          await fetch(`${base}/v1/agents/phone-numbers`, { headers: { authorization: `Bearer ${key}` } })
        ).json(),
      { base: target.base(page), key: AGENTS_KEY },
    )) as { numbers: unknown[] };
    expect(rows).toBe(listed.numbers.length);
    expect(rows).toBeGreaterThan(3);
    await screenshot('lists');
    expect(outside(opened?.watch.requests ?? [])).toEqual([]);
    expect(opened?.watch.consoleErrors).toEqual([]);
    // In the browser mock's case every API call was answered inside the page: none reached a server.
    if (target.name === 'browser-mock')
      expect(app.served.filter((path) => path.startsWith('/v1/'))).toEqual([]);
  });

  it('edits a label, and the API has it', async () => {
    const page = await open();
    await page.getByLabel(`Label of ${FRONT_DESK}`).fill('Reception (edited in the app)');
    await page.getByTestId(`agents-row-${FRONT_DESK}`).getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await stored(page, FRONT_DESK))?.label)
      .toBe('Reception (edited in the app)');
    await screenshot('label-edited');
  });

  it('unbinds an agent', async () => {
    const page = await open();
    const row = page.getByTestId(`agents-row-${FRONT_DESK}`);
    await row.waitFor();
    expect((await stored(page, FRONT_DESK))?.agent_id).not.toBeNull();
    await row.getByRole('button', { name: 'Unbind agent' }).click();
    await row.getByText('none').waitFor();
    expect((await stored(page, FRONT_DESK))?.agent_id).toBeNull();
  });

  it('shows the agents surface’s 404 for an unknown id', async () => {
    const page = await open();
    await page.getByLabel('Phone number id').fill('phone_01kjqh7vm8fg9vjw2pv29p5pzz');
    await page.getByRole('button', { name: 'Look up' }).click();
    const expected = errorReply('phone_number_not_found', 'agents', 'req_anyanyanyany').body.error.message;
    await expect.poll(() => page.getByTestId('lookup-error').textContent()).toBe(expected);
    await screenshot('not-found');
  });

  it('shows the convai surface’s 422 for a number it refuses', async () => {
    const page = await open();
    await page.getByLabel('New phone number').fill('not-a-number');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByTestId('add-error').waitFor();
    const { status, msg } = (await page.evaluate(
      async ({ base }) => {
        const res = await fetch(`${base}/v1/convai/phone-numbers`, {
          method: 'POST',
          headers: {
            'xi-api-key': 'sk_democonvai00publicdemokeynotforproduction',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            provider: 'sip_trunk',
            phone_number: 'not-a-number',
            label: 'Added in the example',
          }),
        });
        return {
          status: res.status,
          msg: ((await res.json()) as { detail: { msg: string }[] }).detail[0]?.msg,
        };
      },
      { base: target.base(page) },
    )) as { status: number; msg: string };
    expect(status).toBe(422);
    expect(await page.getByTestId('add-error').textContent()).toBe(msg);
    await screenshot('unprocessable');
  });

  it('shows its loading state while the mock holds the answers (Prefer: delay)', async () => {
    const page = await open('&delay=1500');
    // The page opened once the network was idle, so it is past loading: reload and watch it load.
    const started = Date.now();
    await page.reload({ waitUntil: 'commit' });
    await page.getByTestId('agents-loading').waitFor();
    await screenshot('loading');
    await page.getByTestId(`agents-row-${FRONT_DESK}`).waitFor();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });
});
