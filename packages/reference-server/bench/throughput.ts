// GET and PATCH throughput and latency of the reference server (embedded store and PostgreSQL) against a
// bare Prism mock of the same bundle and a bare node:http server answering a fixed body, in one run, over
// 127.0.0.1 with 10 connections. Each server runs in its own process; only the one being measured gets
// requests. Rounds interleave the targets and medians are reported, because the machine is shared and
// noisy. autocannon drives the load from this process.
// Usage: pnpm --filter @phone-api/reference-server bench   (BENCH_SECONDS=3 BENCH_ROUNDS=5)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseCommandLine } from '@phone-api/tooling/args';
import autocannon from 'autocannon';
import { DEMO_API_KEYS } from '../src/seed.ts';

parseCommandLine({
  usage: 'pnpm --filter @phone-api/reference-server bench   (env: BENCH_SECONDS=3 BENCH_ROUNDS=5)',
  options: {},
});

const require = createRequire(import.meta.url);
const packageDir = resolve(import.meta.dirname, '..');
const ensurePostgres = resolve(packageDir, '../../scripts/ensure-postgres.sh');
const bundle = require.resolve('@phone-api/spec/openapi.yaml');
const prismBin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
/** The reply body of the measured number, which the bare anchors send as their fixed body. */
let sampleBody = '';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 10;

interface Target {
  name: string;
  start(): Promise<{ url: string; stop(): Promise<void>; id: string }>;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 120 s:\n${out}`)), 120_000);
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}):\n${out}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
}

function referenceServer(name: string, extraArgs: () => string[]): Target {
  return {
    name,
    async start() {
      const child = spawn(
        process.execPath,
        ['src/cli.ts', '--port', '0', '--seed', '--no-validate-responses', ...extraArgs()],
        { cwd: packageDir, env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: '' }, stdio: 'pipe' },
      );
      const [, url] = (await waitForLine(child, /listening on (http:\/\/\S+)/, name)) as unknown as [
        string,
        string,
      ];
      const list = await fetch(`${url}/v1/agents/phone-numbers`, {
        headers: { authorization: `Bearer ${DEMO_API_KEYS.agents}` },
      });
      const numbers = ((await list.json()) as { numbers: { id: string; source: string }[] }).numbers;
      const id = numbers.find((n) => n.source === 'byoc')?.id;
      if (!id) throw new Error('seed has no byoc number');
      return { url, id, stop: stopper(child) };
    },
  };
}

const prism: Target = {
  name: 'Prism mock (bare, same bundle)',
  async start() {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, [prismBin, 'mock', '-p', String(port), '-h', '127.0.0.1', bundle], {
      stdio: 'pipe',
    });
    await waitForLine(child, /Prism is listening/, 'prism');
    return { url: `http://127.0.0.1:${port}`, id: 'phone_01kjqh7vm8fg9vjw2pv29p5pjw', stop: stopper(child) };
  },
};

// The anchors answer with the very bytes the reference server returns for the measured number (passed in
// FIXED_BODY), so the comparison is about server work, not payload size.
const FIXED_SERVER = `
const body = process.env.FIXED_BODY;
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('fixed listening on http://127.0.0.1:' + server.address().port));
`;

/** A `node -e` anchor server that answers with the reference server's bytes (FIXED_BODY). */
function anchor(name: string, script: string): Target {
  return {
    name,
    async start() {
      const child = spawn(process.execPath, ['-e', script], {
        cwd: packageDir,
        stdio: 'pipe',
        env: { ...process.env, FIXED_BODY: sampleBody },
      });
      const [, url] = (await waitForLine(child, /listening on (http:\/\/\S+)/, name)) as unknown as [
        string,
        string,
      ];
      return { url, id: 'phone_01kjqh7vm8fg9vjw2pv29p5pjw', stop: stopper(child) };
    },
  };
}

const bare = anchor('bare node:http, fixed body (same bytes)', FIXED_SERVER);

/** Field by field median of several runs (each figure on its own). */
/** The median of some numbers (the mean of the middle two for an even count). */
function mid(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[half] ?? 0) : ((sorted[half - 1] ?? 0) + (sorted[half] ?? 0)) / 2;
}

function median(runs: Measured[]): Measured {
  return {
    rps: mid(runs.map((r) => r.rps)),
    p50: mid(runs.map((r) => r.p50)),
    p99: mid(runs.map((r) => r.p99)),
    bad: runs.reduce((sum, r) => sum + r.bad, 0),
  };
}

// One durable write per request: bare node:http plus one committed SQLite UPDATE ... RETURNING per PATCH
// (the same engine and settings as the embedded store, but no auth, no validation, no group commit). It
// shows what a commit per request costs; group commit is how this server gets past it.
const FLOOR_SERVER = `
const { DatabaseSync } = require('node:sqlite');
const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'floor-'));
const db = new DatabaseSync(require('node:path').join(dir, 'floor.sqlite3'));
db.exec('pragma locking_mode = EXCLUSIVE');
db.exec('pragma journal_mode = WAL');
db.exec('pragma synchronous = NORMAL');
db.exec('create table t (id text primary key, label text not null, version integer not null, updated_at integer not null)');
db.prepare('insert into t values (?, ?, 1, ?)').run('phone_01kjqh7vm8fg9vjw2pv29p5pjw', 'Front desk', Date.now());
const update = db.prepare('update t set label = ?, version = version + 1, updated_at = max(?, updated_at + 1) where id = ? returning *');
const fixed = process.env.FIXED_BODY;
const server = require('node:http').createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'PATCH') {
      const patch = JSON.parse(Buffer.concat(chunks).toString());
      update.get(patch.label, Date.now(), req.url.slice(req.url.lastIndexOf('/') + 1));
    }
    const body = fixed;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('floor listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => { db.close(); require('node:fs').rmSync(dir, { recursive: true, force: true }); process.exit(0); });
`;

const floor = anchor('bare node:http + one SQLite UPDATE per PATCH', FLOOR_SERVER);

async function measure(
  url: string,
  method: 'GET' | 'PATCH',
  path: string,
  seconds: number,
): Promise<Measured> {
  const result = await autocannon({
    url: `${url}${path}`,
    method,
    connections: CONNECTIONS,
    duration: seconds,
    headers: {
      authorization: `Bearer ${DEMO_API_KEYS.agents}`,
      ...(method === 'PATCH' ? { 'content-type': 'application/json' } : {}),
    },
    ...(method === 'PATCH' ? { body: JSON.stringify({ label: 'Benchmarked line' }) } : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * The per-round ratios of `mine` to `anchor` (each round measures both within seconds of each other,
 * so a burst of load from elsewhere skews a round's pair less than it skews the medians of the whole run):
 * their median and range, in percent.
 */
function pairedPercent(mine: Measured[], anchor: Measured[]): string {
  const ratios = mine.map((m, round) => (100 * m.rps) / (anchor[round]?.rps || Number.NaN));
  return `${mid(ratios).toFixed(0)}% (rounds ${Math.min(...ratios).toFixed(0)}-${Math.max(...ratios).toFixed(0)}%)`;
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]?.toFixed(1);
  const pgDir = mkdtempSync(join(tmpdir(), 'phone-api-bench-'));
  const dataDir = join(pgDir, 'embedded');
  const pgEnv = { ...process.env, PHONE_API_PG_DIR: join(pgDir, 'pg') };
  let databaseUrl = '';
  const targets: Target[] = [
    referenceServer('reference server, embedded (SQLite)', () => ['--data-dir', dataDir]),
    referenceServer('reference server, PostgreSQL', () => ['--database-url', databaseUrl]),
    prism,
    bare,
    floor,
  ];
  const samples = targets.map(() => ({ get: [] as Measured[], patch: [] as Measured[] }));
  const running: Awaited<ReturnType<Target['start']>>[] = [];
  try {
    // PostgreSQL's cluster dir must be reachable by the postgres user: let the script create it.
    rmSync(pgDir, { recursive: true, force: true });
    const out = execFileSync('sh', [ensurePostgres], {
      env: pgEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    databaseUrl = /^DATABASE_URL=(.+)$/m.exec(out)?.[1] ?? '';
    if (!databaseUrl) throw new Error('ensure-postgres.sh printed no DATABASE_URL');
    for (const target of targets) {
      const server = await target.start();
      running.push(server);
      if (!sampleBody) {
        // The first target is the embedded reference server: its reply is the anchors' fixed body.
        const reply = await fetch(`${server.url}/v1/agents/phone-numbers/${server.id}`, {
          headers: { authorization: `Bearer ${DEMO_API_KEYS.agents}` },
        });
        sampleBody = await reply.text();
      }
      const path = `/v1/agents/phone-numbers/${server.id}`;
      // Warm-up: JIT, caches, connection pools.
      await measure(server.url, 'GET', path, 1);
      await measure(server.url, 'PATCH', path, 1);
    }
    // The machine is shared: rounds interleave the targets, so a burst of load from elsewhere hits all of
    // them alike, and the medians over rounds are compared. Only the target being measured gets requests.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, target] of targets.entries()) {
        const server = running[i];
        const sample = samples[i];
        if (!server || !sample) continue;
        process.stderr.write(`round ${round}/${ROUNDS}: ${target.name}\n`);
        const path = `/v1/agents/phone-numbers/${server.id}`;
        sample.get.push(await measure(server.url, 'GET', path, SECONDS));
        sample.patch.push(await measure(server.url, 'PATCH', path, SECONDS));
      }
    }
  } finally {
    for (const server of running) await server.stop();
    try {
      execFileSync('sh', [ensurePostgres, 'stop'], { env: pgEnv, stdio: 'ignore' });
    } catch {
      // Nothing to stop when the start failed.
    }
    rmSync(pgDir, { recursive: true, force: true });
  }
  const rows = targets.map((target, i) => ({
    name: target.name,
    get: median(samples[i]?.get ?? []),
    patch: median(samples[i]?.patch ?? []),
  }));

  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `\n${CONNECTIONS} connections, median of ${ROUNDS} interleaved rounds of ${SECONDS} s, 127.0.0.1, Node ${process.version}, ${cpus().length} cores, ` +
      `load average ${loadBefore} before, ${loadavg()[0]?.toFixed(1)} after\n`,
  );
  console.log(
    '| target | GET req/s | GET p50 / p99 (ms) | PATCH req/s | PATCH p50 / p99 (ms) | non-2xx/errors |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  // A workload answered with errors (or not at all) timed the error path, not the server: no time for it.
  const failed = (m: Measured) => m.bad > 0 || m.rps === 0;
  const cells = (m: Measured) =>
    failed(m) ? `FAILED (${m.bad} non-2xx/errors) | -` : `${f(m.rps)} | ${m.p50} / ${m.p99}`;
  for (const r of rows) {
    console.log(`| ${r.name} | ${cells(r.get)} | ${cells(r.patch)} | ${r.get.bad + r.patch.bad} |`);
  }
  if (rows.some((r) => failed(r.get) || failed(r.patch))) process.exitCode = 1;
  const [embedded, , prismRow, bareRow, floorRow] = rows;
  if (embedded && prismRow && bareRow) {
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
    console.log('\nTargets on the embedded store (GET / PATCH):');
    console.log(
      `  >= 5x Prism:             ${ratio(embedded.get.rps, prismRow.get.rps)}x / ${ratio(embedded.patch.rps, prismRow.patch.rps)}x`,
    );
    console.log(
      `  >= 50% of bare node:http: ${(100 * (embedded.get.rps / bareRow.get.rps)).toFixed(0)}% / ${(100 * (embedded.patch.rps / bareRow.patch.rps)).toFixed(0)}% (medians)`,
    );
    const [mine, bareSamples] = [samples[0], samples[3]];
    if (mine && bareSamples)
      console.log(
        `    paired by round:        ${pairedPercent(mine.get, bareSamples.get)} / ${pairedPercent(mine.patch, bareSamples.patch)}`,
      );
    console.log(`  p99 < 5 ms:              ${embedded.get.p99} ms / ${embedded.patch.p99} ms`);
    if (floorRow)
      console.log(
        `  (bare node:http + one SQLite UPDATE per PATCH: ${(100 * (floorRow.patch.rps / bareRow.patch.rps)).toFixed(0)}% of bare; ` +
          `this server's PATCH is ${(100 * (embedded.patch.rps / floorRow.patch.rps)).toFixed(0)}% of that)`,
      );
  }
}

await main();
