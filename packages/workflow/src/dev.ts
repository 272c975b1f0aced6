import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isMethod } from '@phone-api/openapi';
import { lintBundle, lintSources, readBundle, type SpecWatch, watchSpec } from '@phone-api/tooling/spec';
import { isNode, type Node, Resolver } from './breaking/resolve.ts';
import { binPath, type RunResult, run, runBin, runScript } from './tools.ts';

/** One step of a dev cycle. */
export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  /** What failed (lint: `file:line:col rule message` lines), or a short note. */
  detail?: string;
}

/** The outcome of one save: the steps run (the chain stops at the first failure) and a verdict line. */
export interface CycleResult {
  ok: boolean;
  steps: StepResult[];
  /** `operationId`s whose resolved definition changed since the last good cycle. */
  affected: string[];
  verdict: string;
  ms: number;
}

/** Options of {@link startDev}. */
export interface DevOptions {
  /** Repository root: holds `spec/`, `packages/client`, `packages/server`, `packages/contract-tests`. */
  repoRoot: string;
  /** Start the mock in-process and reload it after each good cycle. Default true. */
  mock?: boolean;
  /** Run the affected contract tests against that mock. Default true (needs `mock`). */
  contractTests?: boolean;
  /** Watch `spec/` and run a cycle on each save. Default true; tests drive {@link DevSession.cycle}. */
  watch?: boolean;
  /** Receives every printed line. Default: console.log. */
  log?: (line: string) => void;
  /** Called after each cycle, whether a save or {@link DevSession.cycle} started it. */
  onCycle?: (result: CycleResult) => void;
}

/** A running dev session. */
export interface DevSession {
  /** URL of the in-process mock, if started. */
  mockUrl?: string;
  /** Runs one cycle now (what a save triggers); cycles never overlap. */
  cycle(changedFiles?: string[]): Promise<CycleResult>;
  close(): Promise<void>;
}

const SPEC_PACKAGES = ['client', 'server'] as const;

/** The part of vitest's JSON report that dev mode reads. */
interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name?: string;
    status?: string;
    message?: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}
const DEBOUNCE_MS = 120;

/** The first four lines of a failure message, indented under its heading line. */
function firstLines(text: string): string {
  return text.split('\n').slice(0, 4).join('\n  ');
}

function tail(result: RunResult, lines = 15): string {
  return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-lines).join('\n');
}

/**
 * A fingerprint per operation of its fully resolved definition (refs inlined, cycles cut), plus the
 * security schemes: an operation is "affected" when its fingerprint changes, examples included, since
 * the mock answers from them.
 */
export function operationFingerprints(doc: unknown): Map<string, string> {
  const root = isNode(doc) ? doc : {};
  const resolver = new Resolver(root);
  const inline = (value: unknown, stack: Set<string>): unknown => {
    if (Array.isArray(value)) return value.map((v) => inline(v, stack));
    if (!isNode(value)) return value;
    if (typeof value.$ref === 'string') {
      if (stack.has(value.$ref)) return { $ref: value.$ref };
      return inline(resolver.resolve(value).node, new Set(stack).add(value.$ref));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, stack)]));
  };
  const shared = JSON.stringify([root.security, (root.components as Node | undefined)?.securitySchemes]);
  const prints = new Map<string, string>();
  for (const [p, rawItem] of Object.entries((root.paths as Node | undefined) ?? {})) {
    const item = resolver.resolve(rawItem).node;
    for (const [method, op] of Object.entries(item)) {
      if (!isNode(op) || !isMethod(method)) continue;
      const id = typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${p}`;
      const text = JSON.stringify([
        p,
        method,
        inline(item.parameters, new Set()),
        inline(op, new Set()),
        shared,
      ]);
      prints.set(id, createHash('sha1').update(text).digest('hex'));
    }
  }
  return prints;
}

function changedOperations(before: Map<string, string> | undefined, after: Map<string, string>): string[] {
  if (before === undefined) return [...after.keys()];
  return [...after].filter(([id, print]) => before.get(id) !== print).map(([id]) => id);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Starts dev mode: on each save under `spec/`, lint -> bundle -> generate client and server ->
 * typecheck -> reload the mock -> run the contract tests of the affected operations. A failing step
 * stops the chain; the mock keeps serving the last good bundle.
 */
export async function startDev(options: DevOptions): Promise<DevSession> {
  const log = options.log ?? ((line: string) => console.log(line));
  const specDir = path.join(options.repoRoot, 'spec');
  const distDir = path.join(specDir, 'dist');
  // Scratch space: the typecheck step's tsconfigs and the contract tests' JSON report.
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'phone-api-dev-'));

  // The last bundle this loop checked (or the one it starts from): what the mock serves.
  let bundle: object | undefined;
  let lastGood: Map<string, string> | undefined;
  try {
    bundle = await readBundle(path.join(distDir, 'openapi.json'));
    lastGood = operationFingerprints(bundle);
  } catch {
    lastGood = undefined; // no bundle yet: the first cycle builds one
  }

  let mock: { url: string; close(): Promise<void>; swap(spec: object): Promise<boolean> } | undefined;
  if (options.mock !== false && bundle !== undefined) {
    const { startMock } = await import('@phone-api/mock');
    mock = await startMock({ port: 0, spec: bundle, watch: false });
    log(`dev: mock serving the last good spec at ${mock.url}`);
  }

  const runCycle = async (changedFiles: string[]): Promise<CycleResult> => {
    const started = performance.now();
    const steps: StepResult[] = [];
    let affected: string[] = [];
    const step = async (name: string, body: () => Promise<{ ok: boolean; detail?: string }>) => {
      const t = performance.now();
      const outcome = await body().catch((error: unknown) => ({
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      }));
      const result: StepResult = { name, ms: performance.now() - t, ...outcome };
      steps.push(result);
      log(
        `  ${result.ok ? 'ok  ' : 'FAIL'} ${name.padEnd(16)} ${(result.ms / 1000).toFixed(2)} s${result.detail && result.ok ? `  ${result.detail}` : ''}`,
      );
      if (!result.ok && result.detail) log(result.detail.replace(/^/gm, '       '));
      return result.ok;
    };
    const files = changedFiles.map((f) => path.relative(options.repoRoot, f)).join(', ');
    log(`dev: ${files || 'spec'} changed`);

    const good =
      (await step('lint', async () => {
        const lint = await lintSources(path.join(specDir, 'openapi.yaml'));
        return lint.ok ? { ok: true } : { ok: false, detail: lint.problems };
      })) &&
      (await step('bundle', async () => {
        await mkdir(distDir, { recursive: true });
        // The spec package's own build (one Redocly run writing dist/openapi.yaml and .json).
        const r = await runScript(specDir, 'build');
        if (r.code !== 0) return { ok: false, detail: tail(r) };
        bundle = await readBundle(path.join(distDir, 'openapi.json'));
        const prints = operationFingerprints(bundle);
        affected = changedOperations(lastGood, prints);
        return { ok: true, detail: `${affected.length} operation(s) changed` };
      })) &&
      // The house rules (no secret in a response, explicit mappings, prefixed ids...) live in Spectral,
      // which reads the bundle: a spec that breaks them stops the loop like a Redocly error does.
      (await step('spectral', async () => {
        const lint = await lintBundle(specDir, path.join(distDir, 'openapi.yaml'));
        return lint.ok ? { ok: true } : { ok: false, detail: lint.problems };
      })) &&
      (await step('generate', async () => {
        // Each package's own `generate` script, as `pnpm generate` runs it (the client's needs no tsx).
        const results = await Promise.all(
          SPEC_PACKAGES.map((pkg) => runScript(path.join(options.repoRoot, 'packages', pkg), 'generate')),
        );
        const failed = results.findIndex((r) => r.code !== 0);
        return failed === -1
          ? { ok: true, detail: 'client + server' }
          : { ok: false, detail: `${SPEC_PACKAGES[failed]}: ${tail(results[failed] as RunResult)}` };
      })) &&
      (await step('typecheck', async () => {
        // The loop checks what a spec edit can break, the packages' sources over the new types; their
        // own tests are left to `pnpm typecheck` (a broken test elsewhere must not block the spec loop).
        const results = await Promise.all(
          SPEC_PACKAGES.map(async (pkg) => {
            const pkgDir = path.join(options.repoRoot, 'packages', pkg);
            const config = path.join(workDir, `tsconfig.${pkg}.json`);
            await writeFile(
              config,
              JSON.stringify({
                extends: path.join(pkgDir, 'tsconfig.json'),
                // Type roots resolve from the config's folder; this one lives in a temp folder.
                compilerOptions: { typeRoots: [path.join(pkgDir, 'node_modules', '@types')] },
                include: [path.join(pkgDir, 'src')],
              }),
            );
            // TS 7 (native): about 5x faster than TS 5.9 on these sources, and it only has to check,
            // not provide a compiler API (openapi-typescript keeps TS 5.9 for that).
            return runBin('typescript-native', 'tsc', ['--noEmit', '-p', config]);
          }),
        );
        const failed = results.findIndex((r) => r.code !== 0);
        return failed === -1
          ? { ok: true, detail: 'client/src + server/src' }
          : { ok: false, detail: `${SPEC_PACKAGES[failed]}: ${tail(results[failed] as RunResult)}` };
      })) &&
      (await step('mock reload', async () => {
        // The bundle this cycle built and checked goes to the mock as a document: nothing to re-check.
        const checked = bundle as object;
        if (mock === undefined) {
          if (options.mock === false) return { ok: true, detail: 'skipped (no mock)' };
          const { startMock } = await import('@phone-api/mock');
          mock = await startMock({ port: 0, spec: checked, watch: false });
          session.mockUrl = mock.url;
          return { ok: true, detail: `started at ${mock.url}` };
        }
        return (await mock.swap(checked))
          ? { ok: true }
          : { ok: false, detail: 'the mock could not load the new bundle' };
      })) &&
      (await step('contract tests', async () => {
        if (options.contractTests === false || mock === undefined) return { ok: true, detail: 'skipped' };
        if (affected.length === 0) return { ok: true, detail: 'no operation changed: nothing to run' };
        // Contract test names carry the operationId: `GET /v1/... (agentsGetPhoneNumber)`.
        const filter = `\\((${affected.map(escapeRegExp).join('|')})\\)`;
        // The JSON reporter replaces the suite's own coverage reporter, whose "every check ran" gate
        // cannot hold for a run filtered to the changed operations.
        const report = path.join(workDir, 'contract-tests.json');
        const r = await run(
          process.execPath,
          [binPath('vitest', 'vitest'), 'run', '-t', filter, '--reporter=json', `--outputFile=${report}`],
          {
            cwd: path.join(options.repoRoot, 'packages', 'contract-tests'),
            env: {
              CONTRACT_TARGET: 'url',
              CONTRACT_BASE_URL: mock.url,
              CONTRACT_AGENTS_API_KEY: 'sk_dev_mode',
              CONTRACT_CONVAI_API_KEY: 'xi_dev_mode',
              // The mock is stateless and accepts any well-formed key.
              CONTRACT_STATELESS: '1',
              CONTRACT_KNOWS_KEYS: '0',
              CONTRACT_ALLOW_WRITES: '1',
              // The client was regenerated from this save, not rebuilt: test with its source.
              CONTRACT_CLIENT_SOURCE: '1',
            },
          },
        );
        const results = (await readFile(report, 'utf8')
          .then((text) => JSON.parse(text) as VitestJson)
          .catch(() => undefined)) ?? { numPassedTests: 0, numFailedTests: 0, testResults: [] };
        const failures = results.testResults
          .flatMap((file) => file.assertionResults ?? [])
          .filter((t) => t.status === 'failed')
          .map((t) => `${t.fullName}\n  ${firstLines((t.failureMessages ?? []).join('\n'))}`);
        // A test file that failed without running a single test did not load (a syntax or import error):
        // the operations it covers went unchecked, so the cycle is not green whatever else passed.
        const unloaded = results.testResults
          .filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0)
          .map(
            (file) =>
              `${path.relative(options.repoRoot, file.name ?? '?')} did not load:\n  ${firstLines(file.message ?? '')}`,
          );
        const counts = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
        if (
          unloaded.length > 0 ||
          results.numFailedTests > 0 ||
          (r.code !== 0 && results.numPassedTests === 0)
        ) {
          return { ok: false, detail: [...unloaded, ...failures].slice(0, 5).join('\n') || tail(r, 30) };
        }
        return { ok: true, detail: `${affected.join(', ')}: ${counts}` };
      }));

    if (good) lastGood = operationFingerprints(bundle);
    const ms = performance.now() - started;
    const failed = steps.find((s) => !s.ok);
    const verdict = failed
      ? `RED at ${failed.name} in ${(ms / 1000).toFixed(1)} s${mock ? '; the mock keeps serving the last good spec' : ''}`
      : `GREEN in ${(ms / 1000).toFixed(1)} s (${affected.length} operation(s) affected)`;
    log(`dev: ${verdict}`);
    const result: CycleResult = { ok: !failed, steps, affected, verdict, ms };
    options.onCycle?.(result);
    return result;
  };

  let watcher: SpecWatch | undefined;
  // Cycles never overlap; saves during a cycle are folded into one follow-up cycle.
  let running: Promise<CycleResult> | undefined;
  let pending: Set<string> | undefined;
  const cycle = async (changed: string[] = []): Promise<CycleResult> => {
    if (running) {
      pending ??= new Set();
      for (const f of changed) pending.add(f);
      await running.catch(() => {});
      if (running) return running; // another waiter already started the follow-up
    }
    const files = [...changed, ...(pending ?? [])];
    pending = undefined;
    running = runCycle(files);
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const session: DevSession = {
    ...(mock ? { mockUrl: mock.url } : {}),
    cycle,
    close: async () => {
      await watcher?.close();
      await running?.catch(() => {});
      await mock?.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
  if (options.watch !== false) {
    // The spec's source set (every $ref target, the configs, the house rules), as the mock watches it.
    watcher = await watchSpec(specDir, {
      debounceMs: DEBOUNCE_MS,
      onChange: (files) => void cycle(files),
    });
    log(`dev: watching ${path.relative(process.cwd(), specDir) || '.'} (Ctrl+C to stop)`);
  }

  return session;
}
