/**
 * Crash safety: the server runs as a child process under PATCH load, is killed with SIGKILL mid-load,
 * and restarted on the same data. Every acknowledged write must be there, and no write half-applied.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEMO_API_KEYS } from '../src/index.ts';
import { client, e164, SQL_STORES } from './helpers.ts';

const packageDir = resolve(import.meta.dirname, '..');

interface Child {
  process: ChildProcess;
  url: string;
  agents: string[];
}

function spawnServer(args: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['src/cli.ts', '--port', '0', '--seed', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 120 s:\n${out}\n${err}`));
    }, 120_000);
    child.stderr?.on('data', (d) => {
      err += d;
    });
    child.stdout?.on('data', (d) => {
      out += d;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const agents = /agents: {4}(.+)/.exec(out)?.[1];
      if (url && agents) {
        clearTimeout(timer);
        resolvePromise({ process: child, url, agents: agents.trim().split(', ') });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
  });
}

function killHard(child: Child): Promise<void> {
  return new Promise((done) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return done();
    child.process.once('exit', () => done());
    child.process.kill('SIGKILL');
  });
}

// Not the memory store: its data goes with its process by design (it is the in-browser mock's store).
describe.each(SQL_STORES)('crash safety (%s store)', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phone-api-crash-'));
  const args = () =>
    kind === 'postgres' ? ['--database-url', inject('databaseUrl')] : ['--data-dir', dataDir];
  const children: Child[] = [];
  afterAll(async () => {
    for (const c of children) await killHard(c);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged PATCH and no half-applied one across kill -9', async () => {
    const first = await spawnServer(args());
    children.push(first);
    const api = client(first, DEMO_API_KEYS);
    const workers = 6;
    const ids: string[] = [];
    for (let w = 0; w < workers; w++) {
      const res = await api.agents('POST', '', { source: 'livekit', e164: e164(), label: 'w-0' });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    // Each worker writes label `w-<seq>` together with the agent that parity of seq selects, one request at a
    // time, so at most one write per number is in flight when the process dies.
    const acked = new Array<number>(workers).fill(0);
    let stop = false;
    const loops = ids.map(async (id, w) => {
      for (let seq = 1; !stop && seq < 100_000; seq++) {
        try {
          const res = await api.agents('PATCH', `/${id}`, {
            label: `w-${seq}`,
            agent_id: first.agents[seq % 2],
          });
          if (res.status === 200) acked[w] = seq;
        } catch {
          return; // the connection died with the process
        }
      }
    });
    // Kill once every worker has written a few times, bounded in time.
    const deadline = Date.now() + 30_000;
    while (acked.some((a) => a < 5) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    await killHard(first);
    stop = true;
    await Promise.all(loops);
    expect(Math.min(...acked)).toBeGreaterThanOrEqual(5);

    const second = await spawnServer(args());
    children.push(second);
    const api2 = client(second, DEMO_API_KEYS);
    for (const [w, id] of ids.entries()) {
      const got = await api2.agents('GET', `/${id}`);
      expect(got.status).toBe(200);
      const seq = Number(/^w-(\d+)$/.exec(got.body.label)?.[1]);
      // The acknowledged write, or the one in flight at the kill; never older.
      expect([acked[w], (acked[w] ?? 0) + 1]).toContain(seq);
      // Label and binding were written together: never one without the other.
      expect(got.body.agent_id).toBe(first.agents[seq % 2]);
    }
    await killHard(second);
  });
});
