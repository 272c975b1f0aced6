// Throughput and latency of the mock against a bare Prism process, Prism fronted by a proxy process, and a
// bare node:http server, all over 127.0.0.1 in one run. Each target runs alone (started, measured, stopped)
// so they do not compete for the CPU. Usage: pnpm --filter @phone-api/mock bench  (BENCH_SECONDS=5)
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseCommandLine } from '@phone-api/tooling/args';

parseCommandLine({ usage: 'pnpm --filter @phone-api/mock bench   (env: BENCH_SECONDS=5)', options: {} });
const require = createRequire(import.meta.url);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundleYaml = require.resolve('@phone-api/spec/openapi.yaml');
const prismBin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
const autocannonBin = require.resolve('autocannon/autocannon.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const START_DEADLINE_MS = 60_000;

interface Workload {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const ID = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';
const auth = { authorization: 'Bearer sk_bench' };
const GET: Workload = { name: 'GET', method: 'GET', path: `/v1/agents/phone-numbers/${ID}`, headers: auth };
const PATCH: Workload = {
  name: 'PATCH',
  method: 'PATCH',
  path: `/v1/agents/phone-numbers/${ID}`,
  headers: { ...auth, 'content-type': 'application/json' },
  body: JSON.stringify({ label: 'Front desk', agent_id: 'agent_01kbcnnn80f9w89eekvvxb6ss8' }),
};

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

const stderrOf = new WeakMap<ChildProcess, string>();

function launch(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: packageDir, stdio: ['ignore', 'ignore', 'pipe'] });
  stderrOf.set(child, '');
  child.stderr?.on('data', (chunk: Buffer) =>
    stderrOf.set(child, `${stderrOf.get(child)}${chunk}`.slice(-4000)),
  );
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** Milliseconds from `since` until the server answers the GET workload with a 2xx. */
async function firstAnswer(base: string, since: number, child: ChildProcess): Promise<number> {
  while (performance.now() - since < START_DEADLINE_MS) {
    if (child.exitCode !== null)
      throw new Error(`${base} exited (${child.exitCode}):\n${stderrOf.get(child)}`);
    try {
      const res = await fetch(`${base}${GET.path}`, {
        headers: GET.headers,
        signal: AbortSignal.timeout(1000),
      });
      await res.arrayBuffer();
      if (res.ok) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${base} did not answer within ${START_DEADLINE_MS} ms:\n${stderrOf.get(child)}`);
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function autocannon(base: string, w: Workload, seconds: number): Promise<Result> {
  const args = [autocannonBin, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', w.method];
  for (const [k, v] of Object.entries(w.headers)) args.push('-H', `${k}=${v}`);
  if (w.body !== undefined) args.push('-b', w.body);
  args.push(`${base}${w.path}`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 24 }, (error, stdout) => {
      if (error) return reject(error);
      const r = JSON.parse(stdout);
      resolve({
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      });
    });
  });
}

/** How a server answers a body that is not JSON (Prism never does). */
async function malformedJson(base: string): Promise<string> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}/v1/agents/phone-numbers`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"source": "twilio", ',
      signal: AbortSignal.timeout(3000),
    });
    await res.arrayBuffer();
    return `${res.status} in ${Math.round(performance.now() - started)} ms`;
  } catch {
    return 'no answer in 3 s';
  }
}

interface Target {
  name: string;
  /** Starts the target; resolves its base URL, its processes, and the start-to-first-answer time. */
  start(): Promise<{ base: string; children: ChildProcess[]; startMs: number | undefined }>;
  probeMalformed: boolean;
}

async function startOne(args: (port: number) => string[]) {
  const port = await freePort();
  const since = performance.now();
  const child = launch(args(port));
  const base = `http://127.0.0.1:${port}`;
  const startMs = await firstAnswer(base, since, child);
  return { base, child, startMs };
}

const prismArgs = (port: number) => [
  prismBin,
  'mock',
  '-p',
  String(port),
  '-h',
  '127.0.0.1',
  '-v',
  'warn',
  bundleYaml,
];

const targets: Target[] = [
  {
    name: 'our mock (Prism as a library)',
    probeMalformed: true,
    async start() {
      const { base, child, startMs } = await startOne((port) => [
        'src/cli.ts',
        '--port',
        String(port),
        '--no-watch',
        '--quiet',
      ]);
      return { base, children: [child], startMs };
    },
  },
  {
    name: 'bare Prism process (`prism mock -v warn`)',
    probeMalformed: true,
    async start() {
      const { base, child, startMs } = await startOne(prismArgs);
      return { base, children: [child], startMs };
    },
  },
  {
    name: 'node:http proxy in front of a Prism process',
    probeMalformed: false,
    async start() {
      const prism = await startOne(prismArgs);
      const upstream = new URL(prism.base).port;
      const proxy = await startOne((port) => ['bench/prism-proxy.ts', String(port), upstream]);
      return { base: proxy.base, children: [proxy.child, prism.child], startMs: undefined };
    },
  },
  {
    name: 'bare node:http, fixed body',
    probeMalformed: false,
    async start() {
      const { base, child, startMs } = await startOne((port) => ['bench/fixed-server.ts', String(port)]);
      return { base, children: [child], startMs };
    },
  },
];

interface Row {
  name: string;
  startMs: number | undefined;
  get: Result;
  patch: Result;
  malformed: string;
}

const rows: Row[] = [];
const load = loadavg().map((n) => n.toFixed(2));
process.stdout.write(
  `${cpus().length} CPUs, load average ${load.join(' ')}; ${CONNECTIONS} connections, ${SECONDS} s per workload\n`,
);
for (const target of targets) {
  process.stdout.write(`- ${target.name}: starting\n`);
  const { base, children, startMs } = await target.start();
  try {
    // JIT warm-up, not counted.
    await autocannon(base, GET, 1);
    await autocannon(base, PATCH, 1);
    const get = await autocannon(base, GET, SECONDS);
    const patch = await autocannon(base, PATCH, SECONDS);
    const malformed = target.probeMalformed ? await malformedJson(base) : 'n/a';
    rows.push({ name: target.name, startMs, get, patch, malformed });
    for (const [w, r] of [
      ['GET', get],
      ['PATCH', patch],
    ] as const) {
      if (r.non2xx > 0 || r.errors > 0) {
        process.stdout.write(`  warning: ${w} had ${r.non2xx} non-2xx answers and ${r.errors} errors\n`);
      }
    }
  } finally {
    for (const child of children) await stop(child);
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
// A workload answered with errors (or not at all) timed the error path, not the target: no time for it.
const failed = (r: Result) => r.non2xx + r.errors > 0 || r.rps === 0;
const cell = (r: Result) =>
  failed(r) ? `FAILED (${r.non2xx} non-2xx, ${r.errors} errors) | -` : `${fmt(r.rps)} | ${r.p50} / ${r.p99}`;
if (rows.some((r) => failed(r.get) || failed(r.patch))) process.exitCode = 1;
const lines = [
  '| target | start to first answer | GET req/s | GET p50 / p99 ms | PATCH req/s | PATCH p50 / p99 ms | malformed JSON body |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.startMs === undefined ? 'n/a' : `${fmt(r.startMs)} ms`} | ${cell(r.get)} | ${cell(r.patch)} | ${r.malformed} |`,
  ),
];
process.stdout.write(`\n${lines.join('\n')}\n`);
const [ours, prism] = rows;
if (ours && prism) {
  const pct = (a: Result, b: Result) => `${Math.round((a.rps / b.rps) * 100)}%`;
  process.stdout.write(
    `\nour mock vs bare Prism: GET ${pct(ours.get, prism.get)}, PATCH ${pct(ours.patch, prism.patch)} of Prism's throughput (target: at least 90%)\n`,
  );
}
