// The test page: starts the mock on MSW's service worker, then calls the API on the page's own origin, as
// a frontend pointed at the mock would. The outcome is left on `window` for the test to read.
import { createBrowserMock, DEMO_API_KEYS } from '../../src/browser.ts';

declare global {
  interface Window {
    outcome?:
      | { status: number; numbers: { e164: string; label: string }[]; renamed: string }
      | { error: string };
  }
}

async function run() {
  await createBrowserMock().start();
  const headers = { authorization: `Bearer ${DEMO_API_KEYS.agents}`, 'content-type': 'application/json' };
  const list = await fetch('/v1/agents/phone-numbers?limit=2', { headers });
  const body = (await list.json()) as { numbers: { id: string; e164: string; label: string }[] };
  const first = body.numbers[0]?.id ?? '';
  await fetch(`/v1/agents/phone-numbers/${first}`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({ label: 'Renamed in the page' }),
  });
  const again = await fetch(`/v1/agents/phone-numbers/${first}`, { headers });
  const renamed = ((await again.json()) as { label: string }).label;
  window.outcome = { status: list.status, numbers: body.numbers, renamed };
}

run().catch((error: unknown) => {
  window.outcome = { error: String(error) };
});
