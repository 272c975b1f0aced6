import type { Engine, EngineSettings } from './engine.ts';
import { createEngine } from './engine.ts';
import { readSpec, type SpecSource } from './spec-source.ts';

/** The engine the mock serves now, and the two ways to replace it. */
export interface EngineSlot {
  /** The engine every request reads (one request is served entirely by one engine). */
  current(): Engine;
  /** Re-reads `source` and serves it; `false`, keeping the last good engine, when it is rejected. */
  reload(): Promise<boolean>;
  /** Serves a document the caller has already checked; `false`, keeping the last good engine, when it cannot load. */
  swap(spec: object): Promise<boolean>;
}

/** Why something failed, in the words of the error. */
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Holds the served engine. Reloads and swaps run one at a time, in the order asked, so the last one asked
 * for is what serves; reloads asked for while one runs share a single follow-up run, which reads the files
 * as they are when it starts.
 */
export function createEngineSlot(first: Engine, source: SpecSource, settings: EngineSettings): EngineSlot {
  const { log } = settings;
  let engine = first;
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(job: () => Promise<T>): Promise<T> => {
    const next = last.then(job);
    last = next.catch(() => {});
    return next;
  };
  const install = async (spec: object, started: number, what: string): Promise<boolean> => {
    engine = await createEngine(spec, settings);
    log(`${what} in ${Math.round(performance.now() - started)} ms`);
    return true;
  };
  const refuse = (error: unknown): boolean => {
    log(`spec rejected, still serving the last good one:\n${reason(error)}`);
    return false;
  };
  let waiting: Promise<boolean> | undefined;
  return {
    current: () => engine,
    swap: (spec) => inTurn(() => install(spec, performance.now(), 'spec swapped').catch(refuse)),
    reload() {
      waiting ??= inTurn(() => {
        waiting = undefined;
        const started = performance.now();
        return readSpec(source)
          .then((spec) => install(spec, started, 'spec reloaded'))
          .catch(refuse);
      });
      return waiting;
    },
  };
}
