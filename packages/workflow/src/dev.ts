/**
 * Dev mode's public face: its options, the session handle and a cycle's result. The work lives in
 * `dev/`: `session.ts` (start, queue, watch, close), `cycle.ts` (run the steps, verdict), `steps.ts`
 * and `contract-tests.ts` (one function per step) and `fingerprints.ts` (which operations changed).
 */
export { operationFingerprints } from './dev/fingerprints.ts';
export { startDev } from './dev/session.ts';

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
