/**
 * The pipeline bench's rows: how a step is timed, and when a timing counts. A run that exits with a code
 * the step does not accept fails the row; so does a run whose tool did no work (Redocly exits 1 without
 * a word for a path that does not exist, which once read as a 0.25 s lint of the corpus).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { RunResult } from '../src/tools.ts';

/** Why a run did no work, or `undefined` when it did. */
export type WorkCheck = (result: RunResult) => string | undefined;

/** How a step is measured. A failure exit accepted as a result (a lint with findings) needs a work check. */
export type MeasureOptions = { targetMs?: number; note?: string; repeat?: boolean } & (
  | { okCodes?: undefined; didWork?: WorkCheck }
  | { okCodes: readonly number[]; didWork: WorkCheck }
);

/** One row of the table: its timings, or why it failed (then no time is shown). */
export interface Row {
  group: string;
  step: string;
  /** Milliseconds of each counted run. */
  samples: number[];
  targetMs?: number;
  note?: string;
  failed?: string;
}

/** The last lines of what a run printed, on one line. */
const lastWords = (result: RunResult) =>
  (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ') || 'no output';

/** Why a run does not count: a refused exit code or no work done; `undefined` when it counts. */
export function refusal(result: RunResult, options: MeasureOptions): string | undefined {
  if (!(options.okCodes ?? [0]).includes(result.code)) return `exit ${result.code}: ${lastWords(result)}`;
  const idle = options.didWork?.(result);
  return idle === undefined ? undefined : `did no work: ${idle}`;
}

/**
 * Times `once` up to `runs` times. Cheap steps (under 5 s) repeat and report the median; slow ones run
 * once unless `repeat` (a target row wants its median). The first run that does not count fails the row.
 */
export async function measureRow(
  where: { group: string; step: string; runs: number },
  once: () => Promise<RunResult>,
  options: MeasureOptions = {},
): Promise<Row> {
  const { okCodes: _ok, didWork: _work, repeat, ...shown } = options;
  const row: Row = { group: where.group, step: where.step, samples: [], ...shown };
  for (let i = 0; i < where.runs; i++) {
    const result = await once();
    const failed = refusal(result, options);
    if (failed !== undefined) {
      row.failed = failed;
      row.samples = [];
      break;
    }
    row.samples.push(result.ms);
    if (repeat === false || (repeat !== true && result.ms > 5_000)) break;
  }
  return row;
}

/** Median of the samples (`NaN` for none). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
}

// Work checks of the tools the bench runs: each names what a run that did its job leaves behind.

/** Redocly `lint` prints `<file>: validated in <n>ms` for each document it linted (`<test>ms` under a test runner). */
export const redoclyLinted: WorkCheck = (result) =>
  /: validated in /.test(result.stdout + result.stderr) ? undefined : 'Redocly validated no document';

/** A tool that writes `file` (Spectral's `-o`, a bundle, generated code) must have written something. */
export const wrote =
  (file: string): WorkCheck =>
  () =>
    existsSync(file) && readFileSync(file).length > 0 ? undefined : `${file} was not written`;
