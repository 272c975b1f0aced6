import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONVAI_AUTH, call, example, PHONE_ID } from './helpers.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const children: ChildProcess[] = [];

function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['src/cli.ts', ...args], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 20 s:\n${output}`)), 20_000);
    const look = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited before listening:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('phone-api-mock CLI', () => {
  it.each([
    ['--port 0 and SIGTERM', ['--port', '0', '--no-watch'], {}, 'SIGTERM'],
    ['PORT=0 and SIGINT', ['--no-watch'], { PORT: '0' }, 'SIGINT'],
  ] as const)(
    'starts with %s, prints the URL and how to use it, serves, and stops cleanly',
    async (_name, args, env, signal) => {
      const cli = startCli([...args], env);
      const url = await cli.url;
      const res = await call(url, 'GET', `/v1/convai/phone-numbers/${PHONE_ID}`, {
        headers: { ...CONVAI_AUTH, prefer: 'example=sip_trunk' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(example('convaiGetPhoneNumber', 200, 'sip_trunk'));

      const printed = cli.output();
      for (const text of [
        `${url}/v1/agents/phone-numbers`,
        `${url}/v1/convai/phone-numbers`,
        'Authorization: Bearer',
        'xi-api-key:',
        'curl ',
        'Prefer: code=404',
        'Prefer: example=sip_trunk',
        'Prefer: dynamic=true',
      ]) {
        expect(printed).toContain(text);
      }

      const exited = once(cli.child, 'exit');
      cli.child.kill(signal);
      const [code] = await exited;
      expect(code).toBe(0);
      expect(cli.output()).toContain(`${signal}: stopping`);
    },
  );

  it('refuses a port that is not a number, with usage, exit code 2', async () => {
    const cli = startCli(['--port', 'abc']);
    cli.url.catch(() => {});
    const [code] = await once(cli.child, 'exit');
    expect(code).toBe(2);
    expect(cli.output()).toContain('--port must be a port number');
    expect(cli.output()).toContain('usage: pnpm --filter @phone-api/mock start');
  });

  it.each([
    [['--delay', 'fast'], '--delay: latency "fast" is none of 800, 200-800, normal:300,50'],
    [['--fault-rate', '2'], '--fault-rate takes a share from 0 to 1'],
    [['--faults', '429,teapot'], '--faults: unknown fault "teapot"'],
    [['--faults-config', 'no-such-file.json'], '--faults-config no-such-file.json'],
    // Past 2^31-1 ms a timer fires at once: the "long" delay would be none.
    [['--delay', '99999999999'], '--delay: latency "99999999999" is too long: at most 60000 ms'],
  ])('refuses %j with one line saying why, usage, exit code 2', async (args, why) => {
    const cli = startCli(args);
    cli.url.catch(() => {});
    const [code] = await once(cli.child, 'exit');
    expect(code).toBe(2);
    expect(cli.output()).toContain(why);
    expect(cli.output()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('injects what its flags say: --faults-config per operation, over the mock it starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-faults-'));
    const config = join(dir, 'faults.json');
    writeFileSync(
      config,
      JSON.stringify({ operations: { agentsListPhoneNumbers: { first: 1, faults: ['429'] } } }),
    );
    const cli = startCli(['--faults-config', config, '--delay', '50']);
    const url = await cli.url;
    const headers = { authorization: 'Bearer sk_test' };
    const first = await fetch(`${url}/v1/agents/phone-numbers`, { headers });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await fetch(`${url}/v1/agents/phone-numbers`, { headers })).status).toBe(200);
    // The log line follows the answer, through the child's stdout.
    await vi.waitFor(() => expect(cli.output()).toMatch(/-> 200 .*delayed 50 ms/));
    expect(cli.output()).toMatch(/-> 429 .*injected fault 429/);
    rmSync(dir, { recursive: true, force: true });
  });
});
