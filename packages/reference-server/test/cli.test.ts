/**
 * The CLI's mock tools: `--seed --mock` (what `npm run mock:stateful` runs) answers `/__mock` and honours
 * `Prefer: fault=`; `--seed` alone is the server as deployed, which injects nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEYS } from '../src/index.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** Starts the CLI on the in-memory store; resolves its URL once it listens. */
function start(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['src/cli.ts', '--port', '0', '--memory-store', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && out.includes('faults:')) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

const auth = { authorization: `Bearer ${DEMO_API_KEYS.agents}` };

describe('phone-api-reference-server --mock', () => {
  it('with --mock: the request log answers and Prefer: fault=503 is injected', async () => {
    const url = await start(['--seed', '--mock']);
    const faulted = await fetch(`${url}/v1/agents/phone-numbers`, {
      headers: { ...auth, prefer: 'fault=503' },
    });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toMatch(/^\d+$/);
    const log = await fetch(`${url}/__mock/requests`);
    expect(log.status).toBe(200);
    expect(((await log.json()) as { requests: { fault?: string }[] }).requests[0]?.fault).toBe('503');
  });

  it('with --seed alone: no /__mock, and a Prefer: fault is ignored', async () => {
    const url = await start(['--seed']);
    const res = await fetch(`${url}/v1/agents/phone-numbers`, { headers: { ...auth, prefer: 'fault=503' } });
    expect(res.status).toBe(200);
    expect((await fetch(`${url}/__mock/requests`)).status).toBe(404);
  });
});
