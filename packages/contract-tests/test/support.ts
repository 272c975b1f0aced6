import { inject, it, type TestContext, type TestOptions } from 'vitest';
import {
  type CheckReport,
  Contract,
  type ErrorExpectation,
  formatReport,
  onResponseChecked,
} from '../src/checks.ts';
import { logObservation } from '../src/coverage.ts';
import type { ConformanceCheck, ConformanceTaskMeta } from '../src/matrix.ts';
import type { SpecOperation, Surface } from '../src/spec.ts';
import { authHeaders, type Target } from '../src/target.ts';

/** The compiled spec, shared by every test of a file. */
export const contract = new Contract();
/** The target of this run, from the global setup. */
export const target: Target = inject('target');

// Every response a test of the target checks counts for the coverage report (see src/coverage.ts).
const coverageLog = inject('coverageLog');
onResponseChecked((operationId, status, json) => logObservation(coverageLog, operationId, status, json));
/** Resolves schema `$ref`s of the bundle. */
export const resolve = (ref: string) => contract.resolveSchema(ref);

/**
 * A test that fills one cell of the conformance table (operation x check): the reporter reads the
 * `meta` and prints pass/FAIL per cell.
 */
export function contractTest(
  op: SpecOperation | readonly SpecOperation[],
  check: ConformanceCheck,
  name: string,
  fn: (ctx: TestContext) => Promise<void>,
  timeout?: number,
): void {
  const operationIds = (Array.isArray(op) ? op : [op]).map((o: SpecOperation) => o.operationId);
  const meta: ConformanceTaskMeta = { conformance: { operationIds, check } };
  it(name, { meta: meta as TestOptions['meta'], ...(timeout ? { timeout } : {}) }, fn);
}

/** Fails the test with the report (first failing check and its path first) unless every check passed. */
export function assertConforms(report: CheckReport): void {
  if (!report.ok) throw new Error(formatReport(report));
}

/** Fails unless the report passed and the status is 2xx. */
export function assertAccepted(report: CheckReport): void {
  assertConforms(report);
  if (report.status === undefined || report.status < 200 || report.status >= 300) {
    throw new Error(`${formatReport(report)}\n  expected a 2xx answer to a valid request`);
  }
}

/** What each surface answers to each kind of bad request (the conventions the spec states per surface). */
export const SURFACE_ERRORS: Record<
  Surface,
  {
    unauthorized: ErrorExpectation;
    validation: ErrorExpectation;
    malformed: ErrorExpectation;
    unsupportedMediaType: ErrorExpectation;
    notFound: ErrorExpectation;
    conflict: ErrorExpectation;
    agentNotFound: ErrorExpectation;
    notBindable: ErrorExpectation;
  }
> = {
  agents: {
    unauthorized: { status: 401, codes: ['unauthorized'] },
    validation: { status: 400, codes: ['validation_failed'] },
    malformed: { status: 400, codes: ['bad_request'] },
    unsupportedMediaType: { status: 415, codes: ['unsupported_media_type'] },
    notFound: { status: 404, codes: ['phone_number_not_found'] },
    conflict: { status: 409, codes: ['conflict'] },
    agentNotFound: { status: 422, codes: ['agent_not_found'] },
    notBindable: { status: 400, codes: ['phone_number_not_agent_bindable'] },
  },
  convai: {
    unauthorized: { status: 401, codes: ['invalid_api_key'] },
    validation: { status: 422 },
    malformed: { status: 422, codes: ['json_invalid'] },
    unsupportedMediaType: { status: 415, codes: ['unsupported_media_type'] },
    notFound: { status: 404, codes: ['not_found'] },
    conflict: { status: 409, codes: ['conflict'] },
    agentNotFound: { status: 422, codes: ['agent_not_found'] },
    notBindable: { status: 422, codes: ['phone_number_not_agent_bindable'] },
  },
};

/** Headers of an authenticated JSON request to the operation's surface. */
export function jsonHeaders(op: SpecOperation): Record<string, string> {
  return { ...authHeaders(target, op.surface), 'content-type': 'application/json' };
}

/** A well-formed phone number id that names no number (a fresh random TypeID-shaped value). */
export function unknownPhoneNumberId(): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  let id = 'phone_7';
  for (let i = 0; i < 25; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}

/**
 * Path values for a request that should reach the operation's logic: the spec's own example ids on a
 * stateless target, the configured/discovered id on a live one.
 */
export function pathValues(op: SpecOperation, existingId: string | undefined): Record<string, string> {
  return Object.fromEntries(
    op.parameters
      .filter((p) => p.in === 'path')
      .map((p) => {
        const example = p.examples.find((e): e is string => typeof e === 'string');
        const value = target.stateless ? example : (existingId ?? example);
        if (value === undefined)
          throw new Error(`${op.operationId}: no example for path parameter ${p.name}`);
        return [p.name, value];
      }),
  );
}

/** The spec's first request body example of an operation (every operation with a body has examples). */
export function firstExample(op: SpecOperation): unknown {
  const [first] = Object.values(op.requestExamples);
  if (first === undefined)
    throw new Error(`${op.operationId} has a request body but no examples in the spec`);
  return first;
}

let discovered: Promise<string | undefined> | undefined;

/**
 * An existing phone number id on a live target: `CONTRACT_PHONE_NUMBER_ID`, else the first one the agents
 * list returns. `undefined` on a stateless target (its example ids always exist) or an empty workspace.
 */
export function existingPhoneNumberId(): Promise<string | undefined> {
  discovered ??= (async () => {
    if (target.stateless) return undefined;
    if (target.phoneNumberId) return target.phoneNumberId;
    const res = await fetch(new URL('/v1/agents/phone-numbers?limit=1', target.baseUrl), {
      headers: authHeaders(target, 'agents'),
      signal: AbortSignal.timeout(5000),
    });
    const page = (await res.json()) as { numbers?: { id?: string }[] };
    return page.numbers?.[0]?.id;
  })();
  return discovered;
}

let sequence = 0;
/** An e164 no earlier request used: US (LiveKit sells only those), random, and counted within the run. */
export function freshE164(): string {
  sequence += 1;
  const tail =
    `${Math.floor(Math.random() * 10_000)}`.padStart(4, '0') + `${sequence % 1000}`.padStart(3, '0');
  return `+1646${tail}`;
}

/** An agent the spec's update examples bind: the target's workspace has it (the positive checks need it too). */
export function exampleAgentId(): string {
  const bodies = Object.values(contract.operation('agentsUpdatePhoneNumber').requestExamples) as {
    agent_id?: unknown;
  }[];
  const found = bodies.map((b) => b.agent_id).find((a): a is string => typeof a === 'string');
  if (!found) throw new Error('no agents update example binds an agent');
  return found;
}

/**
 * Generated values that name state fit to the target's: a fresh e164 (a generated one may be taken) and,
 * for a generated agent id, the agent the spec's examples bind (the target's workspace has it).
 */
export function toTargetState(body: unknown): Record<string, unknown> {
  const out = { ...(body as Record<string, unknown>) };
  for (const field of ['e164', 'phone_number']) if (field in out) out[field] = freshE164();
  if (typeof out.agent_id === 'string') out.agent_id = exampleAgentId();
  return out;
}
