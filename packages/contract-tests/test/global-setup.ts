import type { TestProject } from 'vitest/node';
import { type Target, targetFromEnv } from '../src/target.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    target: Target;
  }
}

/** A target this process starts itself, on a free port of 127.0.0.1. */
type Starter = () => Promise<{ url: string; close(): Promise<void> }>;

/**
 * Targets started in-process; `url` targets are already running. The reference server joins here as
 * `server: async () => { const s = await startServer({ port: 0 }); return { url: s.url, close: s.close }; }`.
 */
const STARTERS: Partial<Record<Target['kind'], Starter>> = {
  mock: async () => {
    const { startMock } = await import('@phone-api/mock');
    const mock = await startMock({ port: 0, host: '127.0.0.1' });
    return { url: mock.url, close: () => mock.close() };
  },
};

/**
 * Starts the target of this run (the mock, on a free port) or checks that a live one answers, and hands
 * its description to the tests with `provide`. Returns the teardown that stops what it started.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = targetFromEnv();
  let baseUrl = settings.baseUrl;
  let stop = async (): Promise<void> => {};
  const starter = STARTERS[settings.kind];
  if (starter) {
    const started = await starter();
    baseUrl = started.url;
    stop = started.close;
  }
  if (!baseUrl) throw new Error(`no base URL for the contract target ${settings.kind}`);
  const target: Target = { ...settings, baseUrl };
  project.provide('target', target);
  process.stdout.write(
    `contract target: ${target.kind} at ${target.baseUrl} (writes ${target.allowWrites ? 'on' : 'off'}); ` +
      `fast-check seed ${target.seed}, ${target.numRuns} runs per property (replay: CONTRACT_SEED=${target.seed})\n`,
  );
  return stop;
}
