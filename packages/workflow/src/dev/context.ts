/** The state one dev session carries from cycle to cycle, which every step reads and updates. */
import type { SpecWatch } from '@phone-api/tooling/spec';
import type { CycleResult, DevOptions, DevSession } from '../dev.ts';
import type { RunResult } from '../tools.ts';

/** The in-process mock, as dev mode drives it. */
export interface DevMock {
  url: string;
  close(): Promise<void>;
  swap(spec: object): Promise<boolean>;
}

/** What a step reports; the cycle adds its name and duration. */
export interface StepOutcome {
  ok: boolean;
  detail?: string;
}

/** One dev session's context: cycles never overlap, so the steps update it in place. */
export interface DevContext {
  options: DevOptions;
  log: (line: string) => void;
  specDir: string;
  distDir: string;
  /** Scratch space: the typecheck step's tsconfigs and the contract tests' JSON report. */
  workDir: string;
  /** The last bundle this loop checked (or the one it starts from): what the mock serves. */
  bundle: object | undefined;
  /** Operation fingerprints of the last good cycle (or of the starting bundle). */
  lastGood: Map<string, string> | undefined;
  /** Operations the current cycle's bundle changed since {@link lastGood}. */
  affected: string[];
  mock: DevMock | undefined;
  /** The handle given to the caller; the mock reload step sets its `mockUrl` when it starts the mock. */
  session: DevSession;
  watcher: SpecWatch | undefined;
  /** The cycle under way, if any. */
  running: Promise<CycleResult> | undefined;
  /** Files saved during {@link running}, folded into one follow-up cycle. */
  pending: Set<string> | undefined;
}

/** Starts the in-process mock on a free port, serving `spec` without watching files (dev mode reloads it). */
export async function startDevMock(spec: object): Promise<DevMock> {
  const { startMock } = await import('@phone-api/mock');
  return startMock({ port: 0, spec, watch: false });
}

/** The last lines of a tool's output: what a failed step shows. */
export function tail(result: RunResult, lines = 15): string {
  return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-lines).join('\n');
}
