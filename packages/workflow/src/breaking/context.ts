import { formatPointer } from '@phone-api/openapi';
import { isNode, type Node, type Resolver } from './resolve.ts';
import { type Change, type ChangeKind, type ChangeValues, RULES } from './rules.ts';

/** Which side of the wire a schema is on: requests break by narrowing, responses by widening. */
export type Direction = 'request' | 'response' | 'parameter';

/** The default grace period of a deprecation, in days (the policy file can change it). */
export const DEFAULT_MIN_SUNSET_DAYS = 90;

/** Options of a diff that do not come from the two documents. */
export interface DiffOptions {
  /** "Today" as `YYYY-MM-DD`, for sunset checks; injectable so that verdicts are deterministic in tests. */
  today?: string;
  /** How many days away a new deprecation's sunset must at least be (the policy's `minSunsetDays`). */
  minSunsetDays?: number;
}

/** What every diff step reads and writes: both documents, the findings, and where the walk is. */
export interface Context {
  base: Resolver;
  head: Resolver;
  out: Change[];
  /** `METHOD /path` of the operation being compared. */
  operation?: string;
  /**
   * JSON pointer of the element being compared, in the head bundle (what a reviewer can open); a
   * removed element keeps its parent's pointer. The gate maps it to a split source file and line.
   */
  pointer: string;
  today: string;
  minSunsetDays: number;
}

/** One operation on both sides, as every per-operation step receives it. */
export interface OperationPair {
  basePath: string;
  baseItem: Node;
  baseOp: Node;
  headPath: string;
  headItem: Node;
  headOp: Node;
  /** JSON pointer of the head operation (`#/paths/~1v1~1items/get`). */
  pointer: string;
}

/** A step of the per-operation comparison. */
export type OperationStep = (ctx: Context, pair: OperationPair) => void;

/**
 * Records one change of `kind` at the context's operation and pointer. `values` are the before/after
 * values that tell this change from another of the same rule at the same place (the enum values
 * added, the old and new bound); the fingerprint hashes them, never the message.
 */
export function report(
  ctx: Context,
  kind: ChangeKind,
  location: string,
  message: string,
  values?: ChangeValues,
): void {
  ctx.out.push({
    kind,
    severity: RULES[kind].severity,
    ...(ctx.operation === undefined ? {} : { operation: ctx.operation }),
    location,
    message,
    pointer: ctx.pointer,
    ...(values === undefined ? {} : { values }),
  });
}

/** The value as an object node, or an empty one (a missing section compares as empty). */
export function obj(value: unknown): Node {
  return isNode(value) ? value : {};
}

/** Path templates match regardless of parameter names: renaming `{id}` does not change the URL. */
export function templateKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

/** `base` extended by JSON pointer segments (escaped as RFC 6901 says). */
export function pointerTo(base: string, ...segments: (string | number)[]): string {
  return formatPointer(segments, base);
}
