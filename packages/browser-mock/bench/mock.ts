/**
 * The in-browser mock against @mswjs/source's `fromOpenApi(spec)` handlers for the same spec: the gzipped
 * size of each as a page ships it (worker setup, handlers, spec), and per-request latency through msw/node.
 * The floor is msw itself answering a fixed JSON body. Prints one markdown table with the load average.
 *
 * Run: pnpm --filter @phone-api/browser-mock bench [-- --requests 2000]
 */
import { loadavg } from 'node:os';
import { fromOpenApi } from '@mswjs/source/open-api';
import spec from '@phone-api/spec/openapi.json' with { type: 'json' };
import { parseCommandLine, usageError } from '@phone-api/tooling/args';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { createHandlers, DEMO_API_KEYS } from '../src/index.ts';
import { type Latency, latencyOf } from './latency.ts';
import { type Size, sizeOf } from './size.ts';

const cli = {
  usage: 'pnpm --filter @phone-api/browser-mock bench [-- --requests <n>]',
  options: { requests: { type: 'string', default: '2000' } },
} as const;
const { values } = parseCommandLine(cli);
const N = Number(values.requests);
if (!Number.isInteger(N) || N < 100)
  usageError(cli, `--requests must be an integer of at least 100 (got ${values.requests})`);
const WARMUP = Math.ceil(N / 10);

const ORIGIN = spec.servers[0]?.url ?? 'https://api.phone-api.dev';
const auth = { authorization: `Bearer ${DEMO_API_KEYS.agents}` };

// ---- sizes: what a page ships to run each mock on the service worker
const AJV = ['ajv', 'ajv/*', 'ajv-formats', 'ajv-formats/*'];
const SPEC = ['@phone-api/spec/openapi.json'];
const MSW = ['msw', 'msw/*'];
const ours = await sizeOf(
  `import { createBrowserMock } from '../src/browser.ts'; await createBrowserMock().start();`,
  { spec: SPEC, ajv: AJV, msw: MSW, 'typeid-js (ids)': ['typeid-js'] },
);
const anchorSize = await sizeOf(
  `import { fromOpenApi } from '@mswjs/source/open-api';
   import { setupWorker } from 'msw/browser';
   import spec from '@phone-api/spec/openapi.json' with { type: 'json' };
   await setupWorker(...(await fromOpenApi(spec))).start();`,
  { spec: SPEC, msw: MSW },
);

// ---- latency: the same requests to each
const mock = createHandlers({ baseUrl: ORIGIN });
const seeded = await mock.ready;
const id = seeded.numberIds[0] ?? '';
const contenders: [string, RequestHandler[]][] = [
  ['msw alone (fixed JSON body)', [http.all(`${ORIGIN}/v1/*`, () => HttpResponse.json({ numbers: [] }))]],
  ['@mswjs/source fromOpenApi (examples)', await fromOpenApi(spec as never)],
  ['@phone-api/browser-mock (validates, stateful)', mock.handlers],
];
const requests: [string, () => Promise<Response>][] = [
  ['GET list (limit 10)', () => fetch(`${ORIGIN}/v1/agents/phone-numbers?limit=10`, { headers: auth })],
  ['GET one', () => fetch(`${ORIGIN}/v1/agents/phone-numbers/${id}`, { headers: auth })],
  [
    'PATCH label',
    () =>
      fetch(`${ORIGIN}/v1/agents/phone-numbers/${id}`, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'Bench' }),
      }),
  ],
];
const load = loadavg().map((l) => l.toFixed(2));
const latencies: [string, string, Latency][] = [];
for (const [request, send] of requests) {
  for (const [name, handlers] of contenders)
    latencies.push([name, request, await latencyOf(handlers, send, N, WARMUP)]);
}
const loadAfter = loadavg().map((l) => l.toFixed(2));

// ---- the table
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const partsOf = (size: Size, rest: string) =>
  Object.entries(size.parts)
    .map(([name, bytes]) => `${name === 'other' ? rest : name} ${kb(bytes)}`)
    .join(', ');
const lines = [
  `Node ${process.version}, ${N} requests each after ${WARMUP} warm-up, one at a time; load average ${load.join(' ')} before, ${loadAfter.join(' ')} after.`,
  '',
  '| bundle (esbuild, minified, browser, spec inside) | minified | gzipped | gzipped, by part |',
  '|---|---:|---:|---|',
  `| @phone-api/browser-mock: \`createBrowserMock().start()\` | ${kb(ours.minified)} | ${kb(ours.gzipped)} | ${partsOf(ours, 'our code (mock, reference handlers, pipeline, validators)')} |`,
  `| @mswjs/source: \`setupWorker(...fromOpenApi(spec)).start()\` | ${kb(anchorSize.minified)} | ${kb(anchorSize.gzipped)} | ${partsOf(anchorSize, '@mswjs/source and its dependencies')} |`,
  '',
  '| handlers (msw/node, global fetch) | request | median | p99 |',
  '|---|---|---:|---:|',
  ...latencies.map(
    ([name, request, l]) => `| ${name} | ${request} | ${l.median.toFixed(0)} µs | ${l.p99.toFixed(0)} µs |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
