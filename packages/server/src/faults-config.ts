/**
 * Latency and faults from the command line and a config file: one set of flags for every mock's CLI (the
 * Prism-backed mock, the stateful reference server), read into the pipeline's `faults` option.
 */
import { readFileSync } from 'node:fs';
import {
  type FaultOptions,
  type FaultRule,
  type Latency,
  MAX_HOLD_MS,
  parseFaultKinds,
  parseLatency,
} from './faults.ts';

/** The flags, in `node:util` `parseArgs` form, to spread into a CLI's options. */
export const FAULT_FLAGS = {
  delay: { type: 'string' },
  'fault-rate': { type: 'string' },
  faults: { type: 'string' },
  // Not --seed: the reference server's --seed loads the demo data.
  'fault-seed': { type: 'string' },
  'faults-config': { type: 'string' },
} as const;

/** Their lines for a CLI's help. */
export const FAULT_FLAGS_HELP = `  --delay          latency of every answer in ms: 800, 200-800 (uniform) or normal:300,50 (per request: Prefer: delay=800)
  --fault-rate     share of requests that fail, 0 to 1
  --faults         what a failing request gets: 429, 500, 503, reset, timeout, truncated (default 500; per request: Prefer: fault=reset)
  --fault-seed     seed of the random draws: the same seed replays the same delays and faults
  --faults-config  a JSON file with the same settings and per-operation ones (see the mock's README)`;

type FlagValues = Partial<Record<keyof typeof FAULT_FLAGS, string>>;

/**
 * The `faults` option from the flags (a config file first, flags over it). Throws an Error saying what is
 * wrong with which flag; a CLI turns it into its usage error.
 */
export function faultOptionsFromFlags(values: FlagValues): FaultOptions {
  const options: FaultOptions = values['faults-config'] ? readFaultConfig(values['faults-config']) : {};
  if (values.delay !== undefined)
    options.latency = flag('--delay', () => parseLatency(values.delay as string));
  if (values['fault-rate'] !== undefined) options.rate = rate('--fault-rate', values['fault-rate']);
  if (values.faults !== undefined)
    options.faults = flag('--faults', () => parseFaultKinds(values.faults as string));
  const seed = values['fault-seed'];
  if (seed !== undefined) {
    if (!/^\d{1,10}$/.test(seed)) throw new Error(`--fault-seed takes a whole number, got "${seed}"`);
    options.seed = Number(seed);
  }
  return options;
}

function flag<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function rate(where: string, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`${where} takes a share from 0 to 1, got ${JSON.stringify(value)}`);
  return n;
}

const RULE_KEYS = ['delay', 'rate', 'faults', 'first'];
const FILE_KEYS = [...RULE_KEYS, 'seed', 'timeoutMs', 'retryAfterSeconds', 'operations'];

/**
 * Reads a fault config file: `{ "delay": "200-800", "rate": 0.1, "faults": ["429", "reset"], "seed": 7,
 * "operations": { "agentsListPhoneNumbers": { "delay": 1500, "first": 2 } } }`. Unknown keys and bad values
 * are refused with their place in the file.
 */
export function readFaultConfig(path: string): FaultOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`--faults-config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = object(raw, path, FILE_KEYS);
  const options: FaultOptions = rule(file, path);
  if (file.seed !== undefined) options.seed = whole(file.seed, `${path}: seed`);
  if (file.timeoutMs !== undefined) {
    options.timeoutMs = whole(file.timeoutMs, `${path}: timeoutMs`);
    if (options.timeoutMs > MAX_HOLD_MS)
      throw new Error(`${path}: timeoutMs must be at most ${MAX_HOLD_MS} (ms), got ${options.timeoutMs}`);
  }
  if (file.retryAfterSeconds !== undefined)
    options.retryAfterSeconds = whole(file.retryAfterSeconds, `${path}: retryAfterSeconds`);
  if (file.operations !== undefined) {
    const operations: Record<string, FaultRule> = {};
    for (const [operationId, value] of Object.entries(object(file.operations, `${path}: operations`))) {
      const where = `${path}: operations.${operationId}`;
      operations[operationId] = rule(object(value, where, RULE_KEYS), where);
    }
    options.operations = operations;
  }
  return options;
}

function rule(given: Record<string, unknown>, where: string): FaultRule {
  const out: FaultRule = {};
  if (given.delay !== undefined) out.latency = latency(given.delay, `${where}: delay`);
  if (given.rate !== undefined) out.rate = rate(`${where}: rate`, given.rate);
  const faults = given.faults;
  if (faults !== undefined) {
    if (!Array.isArray(faults)) throw new Error(`${where}: faults must be a list`);
    out.faults = flag(`${where}: faults`, () => parseFaultKinds(faults.map(String).join(',')));
  }
  if (given.first !== undefined) out.first = whole(given.first, `${where}: first`);
  return out;
}

function latency(value: unknown, where: string): Latency {
  return flag(where, () => parseLatency(String(value)));
}

function whole(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new Error(`${where} must be a whole number, got ${JSON.stringify(value)}`);
  return value;
}

function object(value: unknown, where: string, keys?: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${where} must be an object`);
  const unknown = keys ? Object.keys(value).filter((key) => !keys.includes(key)) : [];
  if (unknown.length > 0)
    throw new Error(`${where}: unknown key ${unknown.join(', ')} (known: ${keys?.join(', ')})`);
  return value as Record<string, unknown>;
}
