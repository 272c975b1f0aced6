/** A dev session's lifetime: open (mock on the last good bundle), cycles one at a time, watch, close. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readBundle, watchSpec } from '@phone-api/tooling/spec';
import type { CycleResult, DevOptions, DevSession } from '../dev.ts';
import { type DevContext, type DevMock, startDevMock } from './context.ts';
import { runCycle } from './cycle.ts';
import { operationFingerprints } from './fingerprints.ts';

const DEBOUNCE_MS = 120;

/**
 * Starts dev mode: on each save under `spec/`, lint -> bundle -> generate client and server ->
 * typecheck -> reload the mock -> run the contract tests of the affected operations. A failing step
 * stops the chain; the mock keeps serving the last good bundle.
 */
export async function startDev(options: DevOptions): Promise<DevSession> {
  const ctx = await openSession(options);
  if (options.watch !== false) {
    // The spec's source set (every $ref target, the configs, the house rules), as the mock watches it.
    ctx.watcher = await watchSpec(ctx.specDir, {
      debounceMs: DEBOUNCE_MS,
      onChange: (files) => void queueCycle(ctx, files),
    });
    ctx.log(`dev: watching ${path.relative(process.cwd(), ctx.specDir) || '.'} (Ctrl+C to stop)`);
  }
  return ctx.session;
}

/** The session's context, with the mock (unless switched off) serving the bundle already on disk. */
async function openSession(options: DevOptions): Promise<DevContext> {
  const log = options.log ?? ((line: string) => console.log(line));
  const specDir = path.join(options.repoRoot, 'spec');
  const distDir = path.join(specDir, 'dist');
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'phone-api-dev-'));

  let bundle: object | undefined;
  let lastGood: Map<string, string> | undefined;
  try {
    bundle = await readBundle(path.join(distDir, 'openapi.json'));
    lastGood = operationFingerprints(bundle);
  } catch {
    lastGood = undefined; // no bundle yet: the first cycle builds one
  }

  let mock: DevMock | undefined;
  if (options.mock !== false && bundle !== undefined) {
    mock = await startDevMock(bundle);
    log(`dev: mock serving the last good spec at ${mock.url}`);
  }

  // The handle's methods close over `ctx`, which exists by the time anyone calls them.
  const session: DevSession = {
    ...(mock ? { mockUrl: mock.url } : {}),
    cycle: (changed) => queueCycle(ctx, changed),
    close: () => closeSession(ctx),
  };
  const ctx: DevContext = {
    options,
    log,
    specDir,
    distDir,
    workDir,
    bundle,
    lastGood,
    affected: [],
    mock,
    session,
    watcher: undefined,
    running: undefined,
    pending: undefined,
  };
  return ctx;
}

/** Cycles never overlap; saves during a cycle are folded into one follow-up cycle. */
async function queueCycle(ctx: DevContext, changed: string[] = []): Promise<CycleResult> {
  if (ctx.running) {
    ctx.pending ??= new Set();
    for (const f of changed) ctx.pending.add(f);
    await ctx.running.catch(() => {});
    if (ctx.running) return ctx.running; // another waiter already started the follow-up
  }
  const files = [...changed, ...(ctx.pending ?? [])];
  ctx.pending = undefined;
  ctx.running = runCycle(ctx, files);
  try {
    return await ctx.running;
  } finally {
    ctx.running = undefined;
  }
}

/** Stops watching, lets a running cycle finish, stops the mock and removes the scratch folder. */
async function closeSession(ctx: DevContext): Promise<void> {
  await ctx.watcher?.close();
  await ctx.running?.catch(() => {});
  await ctx.mock?.close();
  await rm(ctx.workDir, { recursive: true, force: true });
}
