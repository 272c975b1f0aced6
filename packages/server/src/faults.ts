/**
 * Latency and faults on demand, for the mocks (Prism-backed, stateful, in-browser): per request with
 * `Prefer: delay=800` / `Prefer: fault=reset`, globally (a latency distribution, a failure rate, a seed
 * that replays a run) and per operation. A documented fault (429) is the surface's own error; a transport
 * fault is real on the transport (a reset connection, a truncated body, no answer).
 */
import { readPreferences } from './prefer.ts';

/** The faults a mock can inject: documented statuses, and what a network does. */
export const FAULT_KINDS = ['429', '500', '503', 'reset', 'timeout', 'truncated'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The faults that happen on the transport rather than as an HTTP answer. */
export type TransportFault = Extract<FaultKind, 'reset' | 'timeout' | 'truncated'>;

/** How long answers take: a fixed time, uniform between two, or normal (clipped at 0), in ms. */
export type Latency =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number };

/** Latency and faults for all operations, or for one. */
export interface FaultRule {
  latency?: Latency;
  /** Share of requests that fail, 0 to 1 (default 0). */
  rate?: number;
  /** What a failing request gets, drawn evenly (default `['500']`). */
  faults?: readonly FaultKind[];
  /** The first N requests fail whatever the rate, taking `faults` in turn: a scripted outage. */
  first?: number;
}

/** Options of {@link createFaults} (and the `faults` option of the pipeline). */
export interface FaultOptions extends FaultRule {
  /** Seed of the draws: the same seed and the same requests give the same delays and faults. */
  seed?: number;
  /** Rules per operationId, over the global one (field by field). */
  operations?: Readonly<Record<string, FaultRule>>;
  /** Honour `Prefer: delay=` and `Prefer: fault=` (default true). */
  prefer?: boolean;
  /** How long a `timeout` fault holds the request before closing it (default 30 000 ms). */
  timeoutMs?: number;
  /** `Retry-After` of an injected 429, in seconds (default 1). */
  retryAfterSeconds?: number;
}

/** What to do to one request. */
export interface FaultPlan {
  delayMs: number;
  fault: FaultKind | undefined;
  /** The preferences honoured, for `Preference-Applied`. */
  applied: string[];
}

/**
 * The longest delay, asked for (`Prefer: delay`) or configured (a latency): a request is never held longer
 * than a client would wait.
 */
export const MAX_DELAY_MS = 60_000;

/**
 * The longest `timeoutMs` (how long a `timeout` fault holds a request): the most `setTimeout` can wait
 * (2^31-1 ms); past it a timer fires at once. Not MAX_DELAY_MS: a client's own timeout may be longer.
 */
export const MAX_HOLD_MS = 2 ** 31 - 1;

/** Plans requests; state (the draws, the scripted counts) lives inside. */
export interface Faults {
  plan(operationId: string | undefined, prefer: string | readonly string[] | undefined): FaultPlan;
  readonly timeoutMs: number;
  readonly retryAfterSeconds: number;
  /** Starts the run again: the draws from the seed, the scripted counts from zero. */
  reset(): void;
}

/**
 * The fault planner of `options`. Throws a RangeError naming the option for a latency past MAX_DELAY_MS or
 * a `timeoutMs` past MAX_HOLD_MS, rather than let a timer overflow and fire at once.
 */
export function createFaults(options: FaultOptions): Faults {
  checkBounds(options);
  const seed = options.seed ?? (Math.random() * 2 ** 32) >>> 0;
  let random = mulberry32(seed);
  const served = new Map<string, number>();
  return {
    reset() {
      random = mulberry32(seed);
      served.clear();
    },
    timeoutMs: options.timeoutMs ?? 30_000,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    plan(operationId, prefer) {
      const rule = { ...options, ...(operationId ? options.operations?.[operationId] : undefined) };
      const plan: FaultPlan = { delayMs: draw(rule.latency, random), fault: undefined, applied: [] };
      const key = operationId ?? '';
      const count = served.get(key) ?? 0;
      served.set(key, count + 1);
      const faults = rule.faults && rule.faults.length > 0 ? rule.faults : (['500'] as const);
      if (count < (rule.first ?? 0)) plan.fault = faults[count % faults.length];
      else if ((rule.rate ?? 0) > 0 && random() < (rule.rate ?? 0))
        plan.fault = faults[Math.floor(random() * faults.length)];
      if (options.prefer !== false) applyPreferences(plan, prefer);
      return plan;
    },
  };
}

/** `Prefer: delay=<ms>` and `Prefer: fault=<kind>` override the draws; anything else is ignored. */
function applyPreferences(plan: FaultPlan, prefer: string | readonly string[] | undefined): void {
  if (prefer === undefined) return;
  const given = readPreferences(prefer);
  const delay = given.get('delay');
  if (delay !== undefined && /^\d{1,6}$/.test(delay) && Number(delay) <= MAX_DELAY_MS) {
    plan.delayMs = Number(delay);
    plan.applied.push(`delay=${delay}`);
  }
  const fault = given.get('fault');
  if (fault !== undefined && (FAULT_KINDS as readonly string[]).includes(fault)) {
    plan.fault = fault as FaultKind;
    plan.applied.push(`fault=${fault}`);
  }
}

function checkBounds(options: FaultOptions): void {
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(timeoutMs >= 0 && timeoutMs <= MAX_HOLD_MS))
    throw new RangeError(`faults: timeoutMs must be from 0 to ${MAX_HOLD_MS} ms, got ${timeoutMs}`);
  checkLatency(options.latency, 'latency');
  for (const [operationId, rule] of Object.entries(options.operations ?? {}))
    checkLatency(rule.latency, `operations.${operationId}.latency`);
}

function checkLatency(latency: Latency | undefined, where: string): void {
  if (latency === undefined) return;
  const values =
    latency.kind === 'fixed'
      ? [latency.ms]
      : latency.kind === 'uniform'
        ? [latency.min, latency.max]
        : [latency.mean, latency.sd];
  for (const ms of values)
    if (!(ms >= 0 && ms <= MAX_DELAY_MS))
      throw new RangeError(`faults: ${where} must be from 0 to ${MAX_DELAY_MS} ms, got ${ms}`);
}

function draw(latency: Latency | undefined, random: () => number): number {
  if (latency === undefined) return 0;
  if (latency.kind === 'fixed') return latency.ms;
  if (latency.kind === 'uniform') return Math.round(latency.min + random() * (latency.max - latency.min));
  // Box-Muller; 1 - random() keeps the logarithm finite.
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Clipped at both ends: a long tail must not pass the longest delay either.
  return Math.min(MAX_DELAY_MS, Math.max(0, Math.round(latency.mean + z * latency.sd)));
}

/**
 * A small seeded generator (mulberry32): Math.random cannot be seeded, and a replayable run is the point.
 * Not for anything secret.
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `800` (fixed), `200-800` (uniform) or `normal:300,50` (mean, standard deviation), in ms; throws with the
 * accepted forms on anything else.
 */
export function parseLatency(text: string): Latency {
  const numbers = (match: RegExpExecArray) => {
    const values = match.slice(1).map(Number);
    if (values.some((ms) => ms > MAX_DELAY_MS))
      throw new Error(`latency "${text}" is too long: at most ${MAX_DELAY_MS} ms`);
    return values as [number, number];
  };
  const fixed = /^(\d+)$/.exec(text);
  if (fixed) return { kind: 'fixed', ms: numbers(fixed)[0] };
  const uniform = /^(\d+)-(\d+)$/.exec(text);
  if (uniform && Number(uniform[1]) <= Number(uniform[2])) {
    const [min, max] = numbers(uniform);
    return { kind: 'uniform', min, max };
  }
  const normal = /^normal:(\d+),(\d+)$/.exec(text);
  if (normal) {
    const [mean, sd] = numbers(normal);
    return { kind: 'normal', mean, sd };
  }
  throw new Error(`latency "${text}" is none of 800, 200-800, normal:300,50 (milliseconds)`);
}

/** A comma-separated list of fault kinds; throws naming the known ones. */
export function parseFaultKinds(text: string): FaultKind[] {
  const kinds = text.split(',').map((kind) => kind.trim());
  const unknown = kinds.filter((kind) => !(FAULT_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0 || kinds.length === 0)
    throw new Error(`unknown fault "${unknown.join(', ')}": use ${FAULT_KINDS.join(', ')}`);
  return kinds as FaultKind[];
}
