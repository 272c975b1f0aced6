import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CycleResult, type DevSession, operationFingerprints, startDev } from '../src/dev.ts';
import { copyRepo } from '../src/repo-copy.ts';
import { baseDoc, node } from './fixtures/rules.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const GET_PATH = 'spec/paths/v1_agents_phone-numbers_{id}.yaml';

describe('operationFingerprints', () => {
  it('changes only for the operations whose resolved definition changed, examples included', () => {
    const after = baseDoc();
    node(after, 'paths', '/items/{id}', 'patch').description = 'Now documented.';
    const before = operationFingerprints(baseDoc());
    const now = operationFingerprints(after);
    expect([...now].filter(([id, print]) => before.get(id) !== print).map(([id]) => id)).toEqual([
      'updateItem',
    ]);

    const schemaEdit = baseDoc();
    node(schemaEdit, 'components', 'schemas', 'ItemCreate', 'properties', 'name').example = 'Front desk';
    const changed = operationFingerprints(schemaEdit);
    expect([...changed].filter(([id, print]) => before.get(id) !== print).map(([id]) => id)).toEqual([
      'createItem',
    ]);
  });
});

describe('dev mode on a temporary copy of the repository', () => {
  let dir: string;
  let session: DevSession;
  const lines: string[] = [];
  const waiters: ((result: CycleResult) => void)[] = [];
  /** The result of the next cycle, which the watcher starts on a save (not the test). */
  const nextCycle = () =>
    new Promise<CycleResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no dev cycle within 120 s of the save')), 120_000);
      waiters.push((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });

  beforeAll(async () => {
    dir = await copyRepo(repoRoot);
    // Start from the checkout's current bundle, as a developer's `pnpm dev` would.
    await cp(path.join(repoRoot, 'spec', 'dist'), path.join(dir, 'spec', 'dist'), { recursive: true });
    session = await startDev({
      repoRoot: dir,
      log: (line) => lines.push(line),
      onCycle: (result) => waiters.shift()?.(result),
    });
  });

  afterAll(async () => {
    await session?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the last good spec from an in-process mock at once', async () => {
    expect(session.mockUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${session.mockUrl}/v1/agents/phone-numbers`, {
      headers: { authorization: 'Bearer sk_dev_mode' },
    });
    expect(res.status).toBe(200);
  });

  it('turns a one-line edit into regenerated, typechecked types, a reloaded mock and green affected tests', async () => {
    const file = path.join(dir, GET_PATH);
    const text = await readFile(file, 'utf8');
    const cycle = nextCycle();
    await writeFile(
      file,
      text.replace('Retrieve a phone number by its prefixed id.', 'Fetch one number by its id.'),
    );

    const result = await cycle;
    expect(
      result.steps.map((s) => [s.name, s.ok]),
      lines.join('\n'),
    ).toEqual([
      ['lint', true],
      ['bundle', true],
      ['spectral', true],
      ['generate', true],
      ['typecheck', true],
      ['mock reload', true],
      ['contract tests', true],
    ]);
    expect(result.affected).toEqual(['agentsGetPhoneNumber']);
    expect(result.steps.at(-1)?.detail).toMatch(/agentsGetPhoneNumber: \d+ passed/);
    expect(result.verdict).toMatch(/^GREEN in \d+\.\d s/);
    const generated = await readFile(path.join(dir, 'packages/client/src/schema.gen.ts'), 'utf8');
    expect(generated).toContain('Fetch one number by its id.');
    expect(lines.some((l) => /ok\s+typecheck\s+\d+\.\d\d s/.test(l))).toBe(true);
  });

  it('stops a broken spec at lint with file:line:col, on save, while the last good mock keeps serving', async () => {
    const file = path.join(dir, GET_PATH);
    const text = await readFile(file, 'utf8');
    const broken = text.replace(
      '../components/schemas/PhoneNumber.yaml',
      '../components/schemas/PhoneNumbr.yaml',
    );
    expect(broken).not.toBe(text);
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('PhoneNumbr.yaml')) + 1;
    lines.length = 0;
    const cycle = nextCycle();
    await writeFile(file, broken);
    const result = await cycle;

    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([['lint', false]]);
    const location = `paths/v1_agents_phone-numbers_{id}.yaml:${brokenLine}:`;
    expect(result.steps[0]?.detail).toContain(location);
    expect(result.steps[0]?.detail).toContain("no-unresolved-refs: Can't resolve $ref");
    expect(lines[0]).toBe(`dev: ${GET_PATH} changed`);
    expect(lines.some((l) => l.includes(location))).toBe(true);
    expect(lines.at(-1)).toMatch(
      /^dev: RED at lint in \d+\.\d s; the mock keeps serving the last good spec$/,
    );

    const res = await fetch(`${session.mockUrl}/v1/agents/phone-numbers`, {
      headers: { authorization: 'Bearer sk_dev_mode' },
    });
    expect(res.status).toBe(200);
  });

  it('stops at spectral when an edit breaks a house rule, while the last good mock keeps serving', async () => {
    const file = path.join(dir, GET_PATH);
    const text = await readFile(file, 'utf8');
    // Mends the previous test's broken $ref and breaks the camelCase operationId rule in the same save.
    const edited = text
      .replace('../components/schemas/PhoneNumbr.yaml', '../components/schemas/PhoneNumber.yaml')
      .replace('operationId: agentsGetPhoneNumber', 'operationId: agents_get_phone_number');
    expect(edited).toContain('agents_get_phone_number');
    lines.length = 0;
    const cycle = nextCycle();
    await writeFile(file, edited);
    const result = await cycle;

    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['lint', true],
      ['bundle', true],
      ['spectral', false],
    ]);
    expect(result.steps.at(-1)?.detail).toContain('operation-id-camel-case');
    const res = await fetch(`${session.mockUrl}/v1/agents/phone-numbers`, {
      headers: { authorization: 'Bearer sk_dev_mode' },
    });
    expect(res.status).toBe(200);
  });

  it('is RED when a contract test file fails to load, even though the tests that did load pass', async () => {
    const broken = path.join(dir, 'packages/contract-tests/test/broken-on-purpose.test.ts');
    await writeFile(broken, "throw new Error('this contract test file fails to load');\n");
    const file = path.join(dir, GET_PATH);
    const text = await readFile(file, 'utf8');
    const cycle = nextCycle();
    // Mends the previous test's operationId and edits the description, so agentsGetPhoneNumber is affected.
    const edited = text
      .replace('operationId: agents_get_phone_number', 'operationId: agentsGetPhoneNumber')
      .replace('Fetch one number by its id.', 'Fetch one phone number by its id.');
    expect(edited).toContain('Fetch one phone number by its id.');
    await writeFile(file, edited);
    const result = await cycle;

    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['lint', true],
      ['bundle', true],
      ['spectral', true],
      ['generate', true],
      ['typecheck', true],
      ['mock reload', true],
      ['contract tests', false],
    ]);
    expect(result.steps.at(-1)?.detail).toMatch(/broken-on-purpose\.test\.ts did not load/);
    expect(result.verdict).toMatch(/^RED at contract tests/);
  });
});
