import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../src/tools.ts';

describe('runScript', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'phone-api-run-script-'));
    await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    // A package bin as pnpm links it: an executable in node_modules/.bin.
    await writeFile(path.join(dir, 'node_modules', '.bin', 'say'), '#!/bin/sh\necho "say $*"\n', {
      mode: 0o755,
    });
    await writeFile(path.join(dir, 'print.js'), 'console.log(process.argv.slice(2).join(" "));\n');
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({
        scripts: { viaNode: 'node print.js a b', viaBin: 'say hello', chained: 'say a && say b' },
      }),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a `node` script in the package folder, passing extra arguments', async () => {
    const result = await runScript(dir, 'viaNode', ['c']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('a b c');
  });

  it("runs a bin from the package's node_modules/.bin", async () => {
    const result = await runScript(dir, 'viaBin');
    expect(result.stdout.trim()).toBe('say hello');
  });

  it('runs shell syntax as pnpm would, and names a missing script', async () => {
    const result = await runScript(dir, 'chained');
    expect(result.stdout.trim().split('\n')).toEqual(['say a', 'say b']);
    await expect(runScript(dir, 'absent')).rejects.toThrow(/no "absent" script/);
  });
});
