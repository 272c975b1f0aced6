/** One dev cycle: the steps in order, each logged as it ends, then a verdict line. */
import path from 'node:path';
import type { CycleResult, StepResult } from '../dev.ts';
import type { DevContext, StepOutcome } from './context.ts';
import { operationFingerprints } from './fingerprints.ts';
import { STEPS, type Step } from './steps.ts';

/** Runs the steps until one fails; a green cycle's bundle becomes the new last good one. */
export async function runCycle(ctx: DevContext, changedFiles: string[]): Promise<CycleResult> {
  const started = performance.now();
  const steps: StepResult[] = [];
  ctx.affected = [];
  const files = changedFiles.map((f) => path.relative(ctx.options.repoRoot, f)).join(', ');
  ctx.log(`dev: ${files || 'spec'} changed`);

  for (const step of STEPS) {
    const result = await runStep(ctx, step);
    steps.push(result);
    if (!result.ok) break;
  }

  const failed = steps.find((s) => !s.ok);
  if (!failed) ctx.lastGood = operationFingerprints(ctx.bundle);
  const ms = performance.now() - started;
  const verdict = failed
    ? `RED at ${failed.name} in ${(ms / 1000).toFixed(1)} s${ctx.mock ? '; the mock keeps serving the last good spec' : ''}`
    : `GREEN in ${(ms / 1000).toFixed(1)} s (${ctx.affected.length} operation(s) affected)`;
  ctx.log(`dev: ${verdict}`);
  const result: CycleResult = { ok: !failed, steps, affected: ctx.affected, verdict, ms };
  ctx.options.onCycle?.(result);
  return result;
}

/** Runs one step, timing it; a step that throws fails with the error's message. */
async function runStep(ctx: DevContext, step: Step): Promise<StepResult> {
  const t = performance.now();
  const outcome = await step.run(ctx).catch(
    (error: unknown): StepOutcome => ({
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    }),
  );
  const result: StepResult = { name: step.name, ms: performance.now() - t, ...outcome };
  logStep(ctx, result);
  return result;
}

/** `  ok   typecheck        1.23 s  detail`, or a FAIL line with the detail indented under it. */
function logStep(ctx: DevContext, result: StepResult): void {
  ctx.log(
    `  ${result.ok ? 'ok  ' : 'FAIL'} ${result.name.padEnd(16)} ${(result.ms / 1000).toFixed(2)} s${result.detail && result.ok ? `  ${result.detail}` : ''}`,
  );
  if (!result.ok && result.detail) ctx.log(result.detail.replace(/^/gm, '       '));
}
