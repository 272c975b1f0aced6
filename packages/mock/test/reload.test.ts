import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/index.ts';
import { CONVAI_AUTH, call, example, PHONE_ID, spec, specPath } from './helpers.ts';

// The split sources next to the bundle: spec/openapi.yaml and everything it $refs.
const sourceDir = join(dirname(specPath), '..');
const path = `/v1/convai/phone-numbers/${PHONE_ID}`;
// A reload (Redocly lint + bundle, then Spectral with the house rules) takes about 3-4 s on an idle
// machine. The bound leaves room for a loaded CI machine (a change can also wait for a running reload)
// while still failing a reload that is several times late.
const RELOAD_DEADLINE_MS = 15_000;

let dir: string;
let mock: RunningMock;
const lines: string[] = [];
let examplePath: string;
let original: string;

async function label(): Promise<unknown> {
  const res = await call(mock.url, 'GET', path, { headers: CONVAI_AUTH });
  expect(res.status).toBe(200);
  return (res.body as { label: unknown }).label;
}

async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  while (performance.now() - started < RELOAD_DEADLINE_MS) {
    const value = await probe();
    if (value !== undefined) return { value, ms: performance.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${RELOAD_DEADLINE_MS} ms; log:\n${lines.join('\n')}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-reload-'));
  await cp(sourceDir, join(dir, 'spec'), {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|dist|test|\.turbo)$/.test(src),
  });
  examplePath = join(dir, 'spec', 'components', 'examples', 'ConvaiTwilio.yaml');
  original = await readFile(examplePath, 'utf8');
  mock = await startMock({
    port: 0,
    specPath: join(dir, 'spec', 'openapi.yaml'),
    watch: true,
    log: (l) => lines.push(l),
  });
});

afterAll(async () => {
  await mock?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('hot reload of a split spec', { timeout: 60_000 }, () => {
  const documented = (example('convaiGetPhoneNumber', 200, 'twilio') as { label: string }).label;
  const edited = `Reloaded desk ${process.pid}`;

  it('serves the source tree it was started on', async () => {
    expect(await label()).toBe(documented);
  });

  it('serves an edited $ref-ed example file within seconds', async () => {
    expect(original).toContain(`label: ${documented}`);
    await writeFile(examplePath, original.replace(`label: ${documented}`, `label: ${edited}`));
    const { ms } = await until(async () => ((await label()) === edited ? true : undefined), 'the reload');
    expect(ms).toBeLessThan(RELOAD_DEADLINE_MS);
    expect(lines.some((l) => /^spec reloaded in \d+ ms$/.test(l))).toBe(true);
  });

  it('keeps serving the last good spec and prints the lint error with file and line when a file breaks', async () => {
    const before = lines.length;
    // A label must be a string: Redocly's no-invalid-media-type-examples rejects the example.
    await writeFile(examplePath, original.replace(`label: ${documented}`, 'label: 42'));
    const { value: rejection } = await until(
      async () => lines.slice(before).find((l) => l.startsWith('spec rejected')),
      'the rejection',
    );
    expect(rejection).toContain('components/examples/ConvaiTwilio.yaml');
    expect(rejection).toMatch(/\b\d+:\d+\s+error\s+no-invalid-media-type-examples/);
    expect(await label()).toBe(edited);
  });

  it('keeps serving when a file is not even YAML, and reload() reports false', async () => {
    await writeFile(examplePath, 'value:\n  label: [unclosed\n');
    expect(await mock.reload()).toBe(false);
    expect(await label()).toBe(edited);
  });

  it('recovers once the file is fixed', async () => {
    await writeFile(examplePath, original);
    await until(async () => ((await label()) === documented ? true : undefined), 'the recovery');
    expect(await mock.reload()).toBe(true);
  });

  it('keeps serving the last good spec when an edit only breaks a house rule (Spectral)', async () => {
    const pathFile = join(dir, 'spec', 'paths', 'v1_convai_phone-numbers_{phone_number_id}.yaml');
    const text = await readFile(pathFile, 'utf8');
    expect(text).toContain('operationId: convaiGetPhoneNumber');
    const before = lines.length;
    // Valid OpenAPI (Redocly passes it), but the house rule operation-id-camel-case does not; the same
    // save also changes the example, which must not be served.
    await writeFile(
      pathFile,
      text.replace('operationId: convaiGetPhoneNumber', 'operationId: convai_get_phone_number'),
    );
    await writeFile(examplePath, original.replace(`label: ${documented}`, `label: ${edited}`));
    const { value: rejection } = await until(
      async () => lines.slice(before).find((l) => l.startsWith('spec rejected')),
      'the rejection',
    );
    expect(rejection).toContain('spectral lint failed');
    expect(rejection).toContain('operation-id-camel-case');
    expect(await label()).toBe(documented);
    await writeFile(pathFile, text);
    await writeFile(examplePath, original);
  });

  it('reloads when a house rule changes: a stricter rules/*.js rejects the spec, restoring it reloads', async () => {
    const rulePath = join(dir, 'spec', 'rules', 'operationIdCase.js');
    const rule = await readFile(rulePath, 'utf8');
    // Lower case only: every operationId of the spec (agentsGetPhoneNumber, ...) now breaks the rule.
    const stricter = rule.replace('/^[a-z][a-zA-Z0-9]*$/;', '/^[a-z][a-z0-9]*$/;');
    expect(stricter).not.toBe(rule);
    // The previous test's restoring saves reload in the background: let them land first.
    expect(await mock.reload()).toBe(true);
    let before = lines.length;
    await writeFile(rulePath, stricter);
    const { value: rejection } = await until(
      async () => lines.slice(before).find((l) => l.startsWith('spec rejected')),
      'the rejection',
    );
    expect(lines.slice(before)).toContain('spec changed (rules/operationIdCase.js), reloading');
    expect(rejection).toContain('spectral lint failed');
    expect(rejection).toContain('operation-id-camel-case');
    expect(await label()).toBe(documented);

    before = lines.length;
    await writeFile(rulePath, rule);
    await until(
      async () => lines.slice(before).find((l) => /^spec reloaded in \d+ ms$/.test(l)),
      'the reload',
    );
  });
});

describe('swap(spec): a document the caller already checked', () => {
  let given: RunningMock;
  const swapLines: string[] = [];
  afterAll(async () => {
    await given?.close();
  });

  it.each([
    ['serves the swapped document from the next request', { edit: 'Swapped desk', want: { ok: true } }],
    [
      'keeps serving the last good one when the document cannot load',
      { edit: undefined, want: { ok: false } },
    ],
  ])('%s', async (_name, { edit, want }) => {
    given ??= await startMock({ port: 0, spec: structuredClone(spec), log: (l) => swapLines.push(l) });
    const served = async () =>
      ((await call(given.url, 'GET', path, { headers: CONVAI_AUTH })).body as { label: unknown }).label;
    const before = await served();
    const next = structuredClone(spec);
    if (edit === undefined) next.paths = 'not a paths object';
    else next.components.examples.ConvaiTwilio.value.label = edit;

    expect(await given.swap(next)).toBe(want.ok);
    expect(swapLines.at(-1)).toMatch(want.ok ? /^spec swapped in \d+ ms$/ : /^spec rejected/);
    expect(await served()).toBe(want.ok ? edit : before);
  });
});
