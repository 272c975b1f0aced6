import { jsonRequestSchema, type SpecOperation } from './spec.ts';
import type { Target } from './target.ts';

/** The columns of the conformance table: one kind of check run against every operation it applies to. */
export const CONFORMANCE_CHECKS = [
  'positive',
  'auth',
  'invalid-params',
  'invalid-body',
  'malformed-json',
  'media-type',
  'unknown-fields',
  'legacy-id',
  'property-based',
  'mutation',
  'round-trip',
  'lifecycle',
  'cross-surface',
  'tenancy',
  'links',
] as const;
export type ConformanceCheck = (typeof CONFORMANCE_CHECKS)[number];

/**
 * The columns that are stateful scenarios: sequences of requests whose later answers depend on the earlier
 * ones. Each scenario exercises every operation of both surfaces, so it fills a whole column.
 */
export const STATEFUL_SCENARIOS = [
  'lifecycle',
  'cross-surface',
  'tenancy',
  'links',
] as const satisfies readonly ConformanceCheck[];
export type StatefulScenario = (typeof STATEFUL_SCENARIOS)[number];

/**
 * Columns that need state besides the stateful scenarios: they run on some operations only, but like the
 * scenarios they are `n.a.` on a stateless target and `off` with writes off, for a reason the table prints.
 */
export const NEEDS_STATE = [
  'round-trip',
  ...STATEFUL_SCENARIOS,
] as const satisfies readonly ConformanceCheck[];
export type NeedsState = (typeof NEEDS_STATE)[number];

/** What the applicability of a check depends on besides the operation. */
export type TargetTraits = Pick<Target, 'allowWrites' | 'stateless' | 'hasOtherWorkspace'>;

/** Whether a check applies: `run`, `n.a.` (the spec gives it nothing to check), `off` (writes disabled). */
export type Applicability = 'run' | 'n.a.' | 'off';

/** What a test declares in its vitest `meta`, read by the conformance reporter. */
export interface ConformanceMeta {
  /** The operations whose cells the test fills (a stateful scenario spans several). */
  operationIds: string[];
  check: ConformanceCheck;
}

/**
 * The vitest `meta` of a conformance test. (vitest's `TaskMeta` lives in `@vitest/runner`, which this package
 * cannot augment without depending on it, so the tests and the reporter share this shape instead.)
 */
export interface ConformanceTaskMeta {
  conformance?: ConformanceMeta;
}

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** True when the operation changes state on success. */
export function isWrite(op: SpecOperation): boolean {
  return WRITE_METHODS.has(op.method);
}

/** True when some body variant forbids unknown properties (`additionalProperties: false`). */
export function forbidsUnknownFields(
  op: SpecOperation,
  resolve: (ref: string) => Record<string, unknown>,
): boolean {
  const schema = jsonRequestSchema(op);
  if (!schema) return false;
  const visit = (s: Record<string, unknown>, depth: number): boolean[] => {
    if (depth > 8) return [];
    if (typeof s.$ref === 'string') return visit(resolve(s.$ref), depth + 1);
    const variants = [...((s.oneOf as unknown[]) ?? []), ...((s.anyOf as unknown[]) ?? [])] as Record<
      string,
      unknown
    >[];
    if (variants.length) return variants.flatMap((v) => visit(v, depth + 1));
    return [s.additionalProperties === false];
  };
  const verdicts = visit(schema, 0);
  return verdicts.length > 0 && verdicts.every(Boolean);
}

/** Query and header parameters: the ones an invalid value can be sent for without changing the path. */
export function nonPathParameters(op: SpecOperation) {
  return op.parameters.filter((p) => p.in === 'query' || p.in === 'header');
}

/**
 * Why a stateful scenario does not run on a target, or `undefined` when it does. Printed under the
 * conformance table, so an `n.a.` or `off` column is never a silent skip.
 */
export function scenarioNotRunReason(scenario: NeedsState, target: TargetTraits): string | undefined {
  if (target.stateless) {
    return 'the target is stateless (a write changes nothing a later read sees), so there is no state to check';
  }
  if (!target.allowWrites) return 'the scenario creates, changes and deletes numbers; writes are off';
  if (scenario === 'tenancy' && !target.hasOtherWorkspace) {
    return 'no second workspace (set CONTRACT_OTHER_AGENTS_API_KEY and CONTRACT_OTHER_CONVAI_API_KEY)';
  }
  return undefined;
}

/**
 * Which checks apply to an operation, derived from the spec alone, so a new operation gets every check its
 * shape calls for. A check whose request a conformant target may accept is `off` on a target where
 * writes are disabled, if the operation changes state. Stateful scenarios run on every operation of a
 * stateful target that allows writes (see {@link scenarioNotRunReason}).
 */
export function applicability(
  op: SpecOperation,
  check: ConformanceCheck,
  target: TargetTraits,
  resolve: (ref: string) => Record<string, unknown>,
): Applicability {
  const writesOff = isWrite(op) && !target.allowWrites;
  const hasBody = jsonRequestSchema(op) !== undefined;
  switch (check) {
    case 'positive':
      return writesOff ? 'off' : 'run';
    case 'auth':
      return op.securitySchemes.length > 0 ? 'run' : 'n.a.';
    case 'invalid-params':
      // The invalid parameter comes with an otherwise valid request, which a broken target might execute.
      if (nonPathParameters(op).length === 0) return 'n.a.';
      return writesOff ? 'off' : 'run';
    case 'invalid-body':
    case 'malformed-json':
    case 'media-type':
      return hasBody ? 'run' : 'n.a.';
    case 'unknown-fields':
      if (!hasBody) return 'n.a.';
      // Where unknown fields are allowed the check is that they are accepted: a write.
      return forbidsUnknownFields(op, resolve) || !writesOff ? 'run' : 'off';
    case 'legacy-id':
      return op.parameters.some((p) => p.in === 'path' && p.idPrefix) ? 'run' : 'n.a.';
    case 'property-based':
      return writesOff ? 'off' : 'run';
    case 'mutation':
      // Every mutant must be refused, so it is sent even with writes off (it changes nothing unless broken).
      return hasBody ? 'run' : 'n.a.';
    case 'round-trip':
      // Accepted creates and updates, read back: needs a body, writes and state.
      if (!hasBody || !isWrite(op)) return 'n.a.';
      if (scenarioNotRunReason(check, target) === undefined) return 'run';
      return target.stateless ? 'n.a.' : 'off';
    case 'lifecycle':
    case 'cross-surface':
    case 'tenancy':
    case 'links':
      if (scenarioNotRunReason(check, target) === undefined) return 'run';
      if (target.stateless) return 'n.a.';
      // Only a missing second workspace is left once writes are on.
      return target.allowWrites ? 'n.a.' : 'off';
  }
}
