/**
 * The example app in Debian's Chromium against the stateful mock (the reference server with the demo data,
 * faults and control on): both lists, a label edit, an agent unbound, a 404 and a 422 shown in the UI, and
 * the loading state under injected latency. Each test starts from the demo data (`POST /__mock/reset`).
 * Screenshots go to test-results/.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ReferenceServer, startReferenceServer } from '@phone-api/reference-server';
import { errorReply } from '@phone-api/server';
import { type OpenedPage, openPage, outside } from '@phone-api/tooling/browser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveApp } from './static-server.ts';

const RESULTS = new URL('../test-results/', import.meta.url);
const FRONT_DESK = '+12025551234';

let api: ReferenceServer;
let app: { url: string; close(): Promise<void> };
let opened: OpenedPage | undefined;

beforeAll(async () => {
  api = await startReferenceServer({ seed: true, control: true, faults: {}, database: 'memory' });
  app = await serveApp();
  await mkdir(RESULTS, { recursive: true });
});
afterAll(async () => {
  await app.close();
  await api.close();
});
beforeEach(async () => {
  expect((await fetch(`${api.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
});
afterEach(async () => {
  await opened?.browser.close();
  opened = undefined;
});

async function open(query = ''): Promise<OpenedPage> {
  opened = await openPage(`${app.url}/?api=${encodeURIComponent(api.url)}${query}`, [api.url]);
  return opened;
}

async function screenshot(name: string): Promise<void> {
  await opened?.page.screenshot({ path: fileURLToPath(new URL(`${name}.png`, RESULTS)), fullPage: true });
}

describe('the example app against the stateful mock', () => {
  it('lists the numbers of both surfaces', async () => {
    const { page, watch } = await open();
    await page.getByTestId(`agents-row-${FRONT_DESK}`).waitFor();
    await page.getByTestId(`convai-row-${FRONT_DESK}`).waitFor();
    const agentsRows = await page.getByTestId('agents-table').locator('tbody tr').count();
    const listed = (await (
      await fetch(`${api.url}/v1/agents/phone-numbers`, {
        headers: { authorization: `Bearer ${api.apiKeys.agents}` },
      })
    ).json()) as { numbers: unknown[] };
    expect(agentsRows).toBe(listed.numbers.length);
    await screenshot('lists');
    expect(outside(watch.requests)).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });

  it('edits a label, and the server has it', async () => {
    const { page } = await open();
    const input = page.getByLabel(`Label of ${FRONT_DESK}`);
    await input.fill('Reception (edited in the app)');
    await page.getByTestId(`agents-row-${FRONT_DESK}`).getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await storedNumber(FRONT_DESK))?.label)
      .toBe('Reception (edited in the app)');
    await screenshot('label-edited');
  });

  it('unbinds an agent', async () => {
    const { page } = await open();
    const row = page.getByTestId(`agents-row-${FRONT_DESK}`);
    expect((await storedNumber(FRONT_DESK))?.agent_id).not.toBeNull();
    await row.getByRole('button', { name: 'Unbind agent' }).click();
    await row.getByText('none').waitFor();
    expect((await storedNumber(FRONT_DESK))?.agent_id).toBeNull();
  });

  it('shows the agents surface’s 404 for an unknown id', async () => {
    const { page } = await open();
    await page.getByLabel('Phone number id').fill('phone_01kjqh7vm8fg9vjw2pv29p5pzz');
    await page.getByRole('button', { name: 'Look up' }).click();
    const expected = errorReply('phone_number_not_found', 'agents', 'req_anyanyanyany').body.error.message;
    await expect.poll(() => page.getByTestId('lookup-error').textContent()).toBe(expected);
    await screenshot('not-found');
  });

  it('shows the convai surface’s 422 for a number it refuses', async () => {
    const { page } = await open();
    await page.getByLabel('New phone number').fill('not-a-number');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByTestId('add-error').waitFor();
    expect((await page.getByTestId('add-error').textContent())?.length).toBeGreaterThan(0);
    const direct = await fetch(`${api.url}/v1/convai/phone-numbers`, {
      method: 'POST',
      headers: { 'xi-api-key': api.apiKeys.convai, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'sip_trunk',
        phone_number: 'not-a-number',
        label: 'Added in the example',
      }),
    });
    expect(direct.status).toBe(422);
    const { detail } = (await direct.json()) as { detail: { msg: string }[] };
    expect(await page.getByTestId('add-error').textContent()).toBe(detail[0]?.msg);
    await screenshot('unprocessable');
  });

  it('shows its loading state while the mock holds the answers (Prefer: delay)', async () => {
    opened = await openPage(`${app.url}/?api=${encodeURIComponent(api.url)}&delay=1500`, [api.url]);
    const { page } = opened;
    // openPage waits for the network to go idle; the page is then already past loading, so reload and watch.
    const started = Date.now();
    await page.reload({ waitUntil: 'commit' });
    await page.getByTestId('agents-loading').waitFor();
    await screenshot('loading');
    await page.getByTestId(`agents-row-${FRONT_DESK}`).waitFor();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    const log = (await (await fetch(`${api.url}/__mock/requests`)).json()) as {
      requests: { delayMs?: number }[];
    };
    expect(log.requests.some((r) => r.delayMs === 1500)).toBe(true);
  });
});

async function storedNumber(e164: string) {
  const res = await fetch(`${api.url}/v1/agents/phone-numbers?limit=100`, {
    headers: { authorization: `Bearer ${api.apiKeys.agents}` },
  });
  const { numbers } = (await res.json()) as {
    numbers: { e164: string; label: string; agent_id: string | null }[];
  };
  return numbers.find((n) => n.e164 === e164);
}
