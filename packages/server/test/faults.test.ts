import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createFaults,
  createFetchHandler,
  createRouter,
  faultOptionsFromFlags,
  MAX_DELAY_MS,
  parseFaultKinds,
  parseLatency,
  type ResponseRecord,
  readFaultConfig,
} from '../src/index.ts';
import { AGENTS_KEY, authenticate, fixtureHandlers, listen, spec, within } from './support.ts';

const plans = (faults: ReturnType<typeof createFaults>, n: number, operationId = 'agentsListPhoneNumbers') =>
  Array.from({ length: n }, () => faults.plan(operationId, undefined));

describe('createFaults', () => {
  it('replays a run: the same seed gives the same delays and faults', () => {
    const options = {
      seed: 42,
      rate: 0.3,
      faults: ['429', 'reset'] as const,
      latency: parseLatency('normal:300,80'),
    };
    const first = plans(createFaults(options), 200);
    expect(plans(createFaults(options), 200)).toEqual(first);
    expect(plans(createFaults({ ...options, seed: 43 }), 200)).not.toEqual(first);
  });

  it('fails about the share of requests the rate says, with the kinds given', () => {
    const got = plans(createFaults({ seed: 1, rate: 0.25, faults: ['429', 'timeout'] }), 4000);
    const failed = got.filter((p) => p.fault !== undefined);
    expect(failed.length / got.length).toBeGreaterThan(0.22);
    expect(failed.length / got.length).toBeLessThan(0.28);
    expect(new Set(failed.map((p) => p.fault))).toEqual(new Set(['429', 'timeout']));
  });

  it('scripts an outage: the first N requests of an operation fail, taking the kinds in turn', () => {
    const faults = createFaults({
      operations: { agentsListPhoneNumbers: { first: 3, faults: ['429', 'reset'] } },
    });
    expect(plans(faults, 5).map((p) => p.fault)).toEqual(['429', 'reset', '429', undefined, undefined]);
    expect(faults.plan('convaiListPhoneNumbers', undefined).fault).toBeUndefined();
  });

  it('draws latency from the distribution: fixed, uniform within bounds, normal never negative', () => {
    expect(plans(createFaults({ latency: parseLatency('800') }), 3).map((p) => p.delayMs)).toEqual([
      800, 800, 800,
    ]);
    const uniform = plans(createFaults({ seed: 7, latency: parseLatency('200-400') }), 500).map(
      (p) => p.delayMs,
    );
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(400);
    expect(new Set(uniform).size).toBeGreaterThan(50);
    const normal = plans(createFaults({ seed: 7, latency: parseLatency('normal:50,100') }), 500).map(
      (p) => p.delayMs,
    );
    expect(Math.min(...normal)).toBe(0);
  });

  it('lets Prefer override the draws, unless told not to', () => {
    const faults = createFaults({});
    expect(faults.plan('x', 'delay=120, fault=truncated')).toEqual({
      delayMs: 120,
      fault: 'truncated',
      applied: ['delay=120', 'fault=truncated'],
    });
    expect(createFaults({ prefer: false }).plan('x', 'delay=120, fault=reset')).toEqual({
      delayMs: 0,
      fault: undefined,
      applied: [],
    });
  });

  it('refuses latency and fault lists it cannot read, naming the accepted forms', () => {
    expect(() => parseLatency('fast')).toThrow(/800, 200-800, normal:300,50/);
    expect(() => parseLatency('400-200')).toThrow();
    expect(() => parseFaultKinds('429,teapot')).toThrow(/unknown fault "teapot"/);
    expect(parseFaultKinds('429, reset')).toEqual(['429', 'reset']);
  });
});

describe('fault flags and config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faults-config-'));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a config file, flags over it', () => {
    const path = file('ok.json', {
      delay: '200-800',
      rate: 0.1,
      faults: ['429', 'reset'],
      seed: 7,
      timeoutMs: 5000,
      retryAfterSeconds: 2,
      operations: { agentsListPhoneNumbers: { delay: 1500, first: 2 } },
    });
    expect(faultOptionsFromFlags({ 'faults-config': path, 'fault-rate': '0.5', 'fault-seed': '9' })).toEqual({
      latency: { kind: 'uniform', min: 200, max: 800 },
      rate: 0.5,
      faults: ['429', 'reset'],
      seed: 9,
      timeoutMs: 5000,
      retryAfterSeconds: 2,
      operations: { agentsListPhoneNumbers: { latency: { kind: 'fixed', ms: 1500 }, first: 2 } },
    });
  });

  it.each([
    ['not JSON', '{ delay: 1', /--faults-config .*not-json\.json: /],
    ['an unknown key', { delay: 100, jitter: 5 }, /unknown key jitter \(known: /],
    [
      'an unknown key of an operation',
      { operations: { x: { sometimes: true } } },
      /operations\.x: unknown key sometimes/,
    ],
    ['a rate over 1', { rate: 1.5 }, /rate takes a share from 0 to 1, got 1\.5/],
    ['faults that are not a list', { faults: '429' }, /faults must be a list/],
    ['an unknown fault', { faults: ['429', 'teapot'] }, /unknown fault "teapot"/],
    ['a negative first', { operations: { x: { first: -1 } } }, /operations\.x: first must be a whole number/],
  ])('refuses %s, saying where', (name, content, message) => {
    const path = file(`${name.replaceAll(' ', '-').replace('not-JSON', 'not-json')}.json`, content);
    expect(() => readFaultConfig(path)).toThrow(message);
  });

  it('refuses flags it cannot read, naming the flag', () => {
    expect(() => faultOptionsFromFlags({ delay: 'soon' })).toThrow(/^--delay: /);
    expect(() => faultOptionsFromFlags({ 'fault-rate': 'often' })).toThrow(/^--fault-rate takes a share/);
    expect(() => faultOptionsFromFlags({ faults: 'boom' })).toThrow(/^--faults: unknown fault "boom"/);
    expect(() => faultOptionsFromFlags({ 'fault-seed': '-3' })).toThrow(/^--fault-seed takes a whole number/);
  });
});

// setTimeout takes at most 2^31-1 ms; past it a timer fires at once (with a warning), so a "long" delay
// or hold would be none at all.
describe('bounds of delays and holds', () => {
  it.each([
    ['a fixed delay', '99999999999'],
    ['a uniform upper bound', '0-3000000000'],
    ['a normal mean', 'normal:3000000000,1'],
    ['a normal deviation', 'normal:100,3000000000'],
    ['a delay over the longest honoured', String(MAX_DELAY_MS + 1)],
  ])('refuses %s over the longest delay', (_name, text) => {
    expect(() => parseLatency(text)).toThrow(new RegExp(`at most ${MAX_DELAY_MS}`));
    expect(() => faultOptionsFromFlags({ delay: text })).toThrow(/^--delay: /);
  });

  it('keeps the longest delay itself', () => {
    expect(parseLatency(String(MAX_DELAY_MS))).toEqual({ kind: 'fixed', ms: MAX_DELAY_MS });
  });

  it('refuses a config file whose timeoutMs a timer cannot hold, saying where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faults-bounds-'));
    try {
      const path = join(dir, 'long.json');
      writeFileSync(path, JSON.stringify({ timeoutMs: 2 ** 31 }));
      expect(() => readFaultConfig(path)).toThrow(/long\.json: timeoutMs must be at most 2147483647/);
      writeFileSync(path, JSON.stringify({ operations: { x: { delay: 2 ** 31 } } }));
      expect(() => readFaultConfig(path)).toThrow(/operations\.x: delay: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['timeoutMs', { timeoutMs: 2 ** 31 }],
    ['a fixed latency', { latency: { kind: 'fixed', ms: 2 ** 31 } }],
    ['an operation’s latency', { operations: { x: { latency: { kind: 'uniform', min: 0, max: 2 ** 31 } } } }],
  ] as const)('refuses %s out of range given in code', (_name, options) => {
    expect(() => createFaults(options)).toThrow(RangeError);
  });

  it('never draws a delay past the longest one from a wide normal distribution', () => {
    const faults = createFaults({
      seed: 3,
      latency: { kind: 'normal', mean: MAX_DELAY_MS, sd: MAX_DELAY_MS },
    });
    const delays = plans(faults, 200).map((p) => p.delayMs);
    expect(Math.max(...delays)).toBe(MAX_DELAY_MS);
  });
});

describe('a client that leaves while its answer is held', () => {
  const agents = { authorization: `Bearer ${AGENTS_KEY}` };
  const quiet = { error: () => {} };

  it('ends an injected delay on node:http: the request is logged at once, not after the delay', async () => {
    let logged: (record: ResponseRecord) => void = () => {};
    const record = new Promise<ResponseRecord>((resolve) => {
      logged = resolve;
    });
    const server = await listen(
      createRouter({
        spec,
        handlers: fixtureHandlers,
        authenticate,
        faults: {},
        logger: quiet,
        onResponse: logged,
      }),
    );
    try {
      const client = new AbortController();
      const answer = fetch(`${server.base}/v1/agents/phone-numbers`, {
        headers: { ...agents, prefer: `delay=${MAX_DELAY_MS}` },
        signal: client.signal,
      }).catch(() => 'aborted');
      // Wait until the handler has answered and the delay has begun.
      await new Promise((resolve) => setTimeout(resolve, 50));
      client.abort();
      expect(await answer).toBe('aborted');
      expect((await within(2000, record)).delayMs).toBe(MAX_DELAY_MS);
    } finally {
      await server.close();
    }
  });

  it('ends an injected delay on the Fetch adapter when request.signal aborts', async () => {
    const handle = createFetchHandler({
      spec,
      handlers: fixtureHandlers,
      authenticate,
      faults: {},
      logger: quiet,
    });
    const client = new AbortController();
    const answer = handle(
      new Request('http://api.invalid/v1/agents/phone-numbers', {
        headers: { ...agents, prefer: `delay=${MAX_DELAY_MS}` },
        signal: client.signal,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.abort();
    await within(2000, answer);
  });

  it('ends an injected timeout on the Fetch adapter when request.signal aborts', async () => {
    const handle = createFetchHandler({
      spec,
      handlers: fixtureHandlers,
      authenticate,
      faults: { timeoutMs: 60_000 },
      logger: quiet,
    });
    const client = new AbortController();
    const answer = handle(
      new Request('http://api.invalid/v1/agents/phone-numbers', {
        headers: { ...agents, prefer: 'fault=timeout' },
        signal: client.signal,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.abort();
    expect((await within(2000, answer)).type).toBe('error');
  });

  it('does not keep a process alive once its server is closed during a delay', async () => {
    // A process of its own: what is measured is whether anything still holds the event loop.
    const script = `
      import { createServer } from 'node:http';
      import { readFileSync } from 'node:fs';
      import { createRouter } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)};
      const spec = JSON.parse(readFileSync(new URL(${JSON.stringify(import.meta.resolve('@phone-api/spec/openapi.json'))}), 'utf8'));
      const list = () => ({ status: 200, body: { numbers: [], next_cursor: null, has_more: false } });
      const handlers = new Proxy({}, { get: () => list });
      const server = createServer(createRouter({ spec, handlers, faults: {}, logger: { error() {} } }));
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        fetch('http://127.0.0.1:' + port + '/v1/agents/phone-numbers', {
          headers: { authorization: 'Bearer sk_x', prefer: 'delay=${MAX_DELAY_MS}' },
        }).catch(() => {});
        setTimeout(() => { server.closeAllConnections(); server.close(); }, 100);
      });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const [code] = await within(3000, once(child, 'exit'));
      expect([code, stderr]).toEqual([0, '']);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
