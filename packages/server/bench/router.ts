/**
 * Throughput of the validating router against a bare node:http server with a fixed body and against
 * Fastify 5 validating the same request schemas, same run, autocannon with 10 connections on 127.0.0.1;
 * the pipeline's Fetch adapter beside its node adapter.
 * Each target runs in its own process; load is applied to one target at a time.
 * Usage: pnpm --filter @phone-api/server bench [-- --duration 3 --rounds 3]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, usageError } from '@phone-api/tooling/args';
import autocannon from 'autocannon';

const cli = {
  usage: 'pnpm --filter @phone-api/server bench -- [--duration 3] [--rounds 3]',
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
  },
} as const;
const { values: args } = parseCommandLine(cli);
for (const flag of ['duration', 'rounds'] as const) {
  if (!/^[1-9]\d*$/.test(args[flag]))
    usageError(cli, `--${flag} takes a positive whole number, got "${args[flag]}"`);
}
const duration = Number(args.duration);
const CONNECTIONS = 10;
const ID = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';
const AUTH = { authorization: 'Bearer sk_bench' };

interface Target {
  name: string;
  mode: 'bare' | 'router' | 'router-checked' | 'fetch' | 'fastify';
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const GET = { method: 'GET', path: `/v1/agents/phone-numbers/${ID}`, headers: AUTH };
const POST = {
  method: 'POST',
  path: '/v1/agents/phone-numbers',
  headers: { ...AUTH, 'content-type': 'application/json' },
  body: JSON.stringify({
    source: 'twilio',
    e164: '+12025551234',
    label: 'Front desk',
    twilio: { account_sid: `AC${'0'.repeat(32)}`, auth_token: 'abcdef0123456789' },
  }),
};

const targets: Target[] = [
  { name: 'bare node:http, fixed body', mode: 'bare', method: 'GET', path: `/v1/agents/phone-numbers/${ID}` },
  { ...POST, name: 'bare node:http POST, reads the body, fixed body', mode: 'bare' },
  { ...GET, name: 'router GET (responses unchecked)', mode: 'router' },
  { ...GET, name: 'router GET (responses checked)', mode: 'router-checked' },
  { ...POST, name: 'router POST JSON body (responses unchecked)', mode: 'router' },
  { ...POST, name: 'router POST JSON body (checked)', mode: 'router-checked' },
  { ...GET, name: 'Fetch adapter GET via srvx (unchecked)', mode: 'fetch' },
  { ...POST, name: 'Fetch adapter POST JSON body via srvx (unchecked)', mode: 'fetch' },
  { ...GET, name: 'Fastify 5 GET (same schemas, own ajv)', mode: 'fastify' },
  { ...POST, name: 'Fastify 5 POST JSON body (same schemas, own ajv)', mode: 'fastify' },
];

/** Our pipeline against the peer, row by row (both validate requests; neither checks replies). */
const PEER_PAIRS: [ours: string, peer: string][] = [
  ['router GET (responses unchecked)', 'Fastify 5 GET (same schemas, own ajv)'],
  ['router POST JSON body (responses unchecked)', 'Fastify 5 POST JSON body (same schemas, own ajv)'],
];

/**
 * CPU time (user + system) the target's process has used, in µs, from /proc (Linux; `undefined`
 * elsewhere). Per request it is the figure a busy shared machine moves least: throughput also counts
 * the time the target waited for a core.
 */
function cpuTime(child: ChildProcess | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${child?.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

function start(mode: Target['mode']): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./server.ts', import.meta.url));
  const child = spawn(process.execPath, [script, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start within 20 s`)), 20_000);
    child.stdout?.once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve({ child, port: Number(data.toString().trim()) });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

const rounds = Number(args.rounds);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

// All targets stay up; rounds interleave them so a burst of other load on the machine hits every
// target alike, and each router figure is compared with the bare figure of its own round.
// The machine is shared: the load average before and after says how far to trust the run.
const loadBefore = loadavg()[0]?.toFixed(1);
const servers = await Promise.all(targets.map((t) => start(t.mode)));
const samples = targets.map(() => ({
  rps: [] as number[],
  p50: [] as number[],
  p99: [] as number[],
  ratio: [] as number[],
  sameMethod: [] as number[],
  cpu: [] as number[],
  bad: 0,
}));
try {
  for (let round = 0; round < rounds; round++) {
    // Each row against the bare server of its own round: the GET anchor, and the anchor of its own method
    // (a POST costs the load generator and the kernel more than a GET before any server code runs).
    const bareRps: Record<string, number> = {};
    for (const [index, target] of targets.entries()) {
      const options = {
        url: `http://127.0.0.1:${servers[index]?.port}${target.path}`,
        connections: CONNECTIONS,
        method: target.method,
        ...(target.headers ? { headers: target.headers } : {}),
        ...(target.body ? { body: target.body } : {}),
      };
      if (round === 0) await autocannon({ ...options, duration: 1 }); // warm-up: JIT and compiled validators
      const cpuBefore = cpuTime(servers[index]?.child);
      const result = await autocannon({ ...options, duration });
      const cpu = cpuTime(servers[index]?.child);
      const sample = samples[index] as (typeof samples)[number];
      if (target.mode === 'bare') bareRps[target.method] = result.requests.average;
      sample.rps.push(result.requests.average);
      sample.p50.push(result.latency.p50);
      sample.p99.push(result.latency.p99);
      sample.ratio.push(result.requests.average / (bareRps.GET ?? 1));
      sample.sameMethod.push(result.requests.average / (bareRps[target.method] ?? 1));
      sample.bad += result.non2xx + result.errors + result.timeouts;
      if (cpu !== undefined && cpuBefore !== undefined && result.requests.total > 0)
        sample.cpu.push((cpu - cpuBefore) / result.requests.total);
    }
  }
} finally {
  for (const { child } of servers) child.kill('SIGTERM');
}

console.log(
  `\n${CONNECTIONS} connections, ${rounds} interleaved rounds of ${duration} s per target (medians), Node ${process.version}, ` +
    `load average ${loadBefore} before, ${loadavg()[0]?.toFixed(1)} after\n`,
);
console.log(
  '| target | req/s | p50 ms | p99 ms | vs bare GET | vs bare, same method | server CPU µs/req | non-2xx/errors |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
targets.forEach((target, index) => {
  const s = samples[index] as (typeof samples)[number];
  const ratio = `${(median(s.ratio) * 100).toFixed(0)}% | ${(median(s.sameMethod) * 100).toFixed(0)}%`;
  // A target answered with errors (or not at all) timed the error path, not the router: no time for it.
  const cells =
    s.bad > 0 || median(s.rps) === 0
      ? 'FAILED | - | - | - | - | -'
      : `${Math.round(median(s.rps))} | ${median(s.p50)} | ${median(s.p99)} | ${ratio} | ${s.cpu.length > 0 ? median(s.cpu).toFixed(1) : '-'}`;
  console.log(`| ${target.name} | ${cells} | ${s.bad} |`);
});
// The goal is the node adapter's; the Fetch rows carry a bridge's cost (Request/Response objects) on top.
const routerRows = targets.flatMap((t, index) => (t.mode.startsWith('router') ? [samples[index]] : []));
const worst = Math.min(...routerRows.map((s) => median(s?.ratio ?? [])));
const worstSame = Math.min(...routerRows.map((s) => median(s?.sameMethod ?? [])));
if (samples.some((s) => s.bad > 0 || median(s.rps) === 0)) {
  console.error('\nSome requests failed: the numbers above are not comparable.');
  process.exitCode = 1;
}
console.log(
  `\nslowest router target: ${(worst * 100).toFixed(0)}% of bare node:http GET, ` +
    `${(worstSame * 100).toFixed(0)}% of bare node:http with the same method (goal >= 50%)`,
);
for (const [ours, peer] of PEER_PAIRS) {
  const rps = (name: string) => median(samples[targets.findIndex((t) => t.name === name)]?.rps ?? []);
  console.log(`${ours} vs ${peer}: ${((100 * rps(ours)) / rps(peer)).toFixed(0)}% (goal >= 100%)`);
}
