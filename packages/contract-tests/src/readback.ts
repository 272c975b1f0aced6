import {
  type CheckReport,
  type Contract,
  type ErrorExpectation,
  errorCodes,
  formatReport,
} from './checks.ts';
import { type RawRequest, sendAndCheck, sendAndCheckError } from './http.ts';
import type { SourceProviderMapping } from './mapping.ts';
import type { FieldMutation } from './mutations.ts';
import {
  compareReadBack,
  type ReadBackField,
  type RoundTripMismatch,
  readBackFields,
  unchangedFields,
} from './roundtrip.ts';
import { fillPath, type JsonSchema, jsonRequestSchema, type Surface } from './spec.ts';
import { authHeaders, type WorkspaceKeys } from './target.ts';
import { bodyVerdict, branchTag } from './verdict.ts';

/** Where the steps of a round trip (or of a mutation's read-back) are sent. */
export interface Session {
  contract: Contract;
  baseUrl: string;
  keys: WorkspaceKeys;
}

/** The operations a round trip uses, per surface. */
export const READ_BACK_OPERATIONS: Record<
  Surface,
  { create: string; get: string; update: string; delete: string }
> = {
  agents: {
    create: 'agentsImportPhoneNumber',
    get: 'agentsGetPhoneNumber',
    update: 'agentsUpdatePhoneNumber',
    delete: 'agentsDeletePhoneNumber',
  },
  convai: {
    create: 'convaiCreatePhoneNumber',
    get: 'convaiGetPhoneNumber',
    update: 'convaiUpdatePhoneNumber',
    delete: 'convaiDeletePhoneNumber',
  },
};

/**
 * Error codes that say "this valid request meets the target's state" rather than "this request is invalid":
 * a stateful target may answer a generated valid request with them (an unknown agent, a taken number).
 */
export const SEMANTIC_CODES = new Set([
  'phone_number_not_found',
  'not_found',
  'conflict',
  'agent_not_found',
  'phone_number_not_agent_bindable',
  'not_sip_trunk',
]);

/** The outcome of a write: accepted (with the number's id), or refused for the target's state. */
export type WriteOutcome = { accepted: true; id: string } | { accepted: false; report: CheckReport };

/** A request of one operation, with the session's credentials and, when given, a JSON body. */
export function stepRequest(session: Session, operationId: string, id?: string, body?: unknown): RawRequest {
  const op = session.contract.operation(operationId);
  const pathParam = op.parameters.find((p) => p.in === 'path');
  return {
    method: op.method,
    path: pathParam ? fillPath(op.path, { [pathParam.name]: id ?? '' }) : op.path,
    headers: {
      ...authHeaders(session.keys, op.surface),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** Sends a step; every answer must conform to the spec (status, media type, schema, headers). */
async function conforming(session: Session, operationId: string, req: RawRequest): Promise<CheckReport> {
  const report = await sendAndCheck(session.contract, session.baseUrl, operationId, req);
  if (!report.ok) throw new Error(formatReport(report));
  return report;
}

/**
 * Sends a create or an update. A 2xx is accepted; a documented semantic error (unknown agent, taken number,
 * trunk settings on a non-SIP number) is a refusal for the target's state; anything else fails.
 */
export async function write(
  session: Session,
  operationId: string,
  body: unknown,
  id?: string,
): Promise<WriteOutcome> {
  const report = await conforming(session, operationId, stepRequest(session, operationId, id, body));
  const status = report.status ?? 0;
  if (status >= 200 && status < 300) {
    const json = report.json as { id?: string; phone_number_id?: string };
    const got = id ?? json.id ?? json.phone_number_id;
    if (!got) throw new Error(`${formatReport(report)}\n  the answer carries no id`);
    return { accepted: true, id: got };
  }
  const surface = session.contract.operation(operationId).surface;
  if (errorCodes(surface, report.json).some((c) => SEMANTIC_CODES.has(c))) return { accepted: false, report };
  throw new Error(`${formatReport(report)}\n  a valid request was refused`);
}

/** Reads a number on both surfaces (each answer must be a 200 that conforms to the spec). */
export async function readBoth(session: Session, id: string): Promise<Record<Surface, unknown>> {
  const views = {} as Record<Surface, unknown>;
  for (const surface of ['agents', 'convai'] as const) {
    const operationId = READ_BACK_OPERATIONS[surface].get;
    const report = await conforming(session, operationId, stepRequest(session, operationId, id));
    if (report.status !== 200) throw new Error(`${formatReport(report)}\n  expected 200 reading ${id} back`);
    views[surface] = report.json;
  }
  return views;
}

/** Deletes a number the round trip created (2xx, or 404 if a scenario already did). */
export async function remove(session: Session, id: string): Promise<void> {
  const operationId = READ_BACK_OPERATIONS.agents.delete;
  await conforming(session, operationId, stepRequest(session, operationId, id));
}

/** What a round trip found: the fields that did not read back, or a refusal for the target's state. */
export type RoundTripResult =
  | { refused: true }
  | { refused: false; id: string; mismatches: RoundTripMismatch[] };

/** The GET 200 body schema of each surface: what a read-back is compared against. */
function readSchemas(contract: Contract): Record<Surface, JsonSchema> {
  const of = (surface: Surface) =>
    contract.operation(READ_BACK_OPERATIONS[surface].get).responses['200']?.content['application/json'] ?? {};
  return { agents: of('agents'), convai: of('convai') };
}

/**
 * Creates a number with `body` on `surface` and reads it back on both surfaces: every field the spec says is
 * shown must show what was sent. A convai body without `provider` is read back as the provider the spec's
 * verdict names (never the target's own guess); a body the spec gives no single verdict fails.
 */
export async function createRoundTrip(
  session: Session,
  mapping: SourceProviderMapping,
  surface: Surface,
  body: Record<string, unknown>,
): Promise<RoundTripResult> {
  const fields = createdFields(session.contract, mapping, surface, body);
  const outcome = await write(session, READ_BACK_OPERATIONS[surface].create, body);
  if (!outcome.accepted) return { refused: true };
  const views = await readBoth(session, outcome.id);
  return { refused: false, id: outcome.id, mismatches: compareReadBack(fields, views) };
}

/**
 * The fields a number created with `body` on `surface` must read back with. A convai body without `provider`
 * is expected as the provider the spec's verdict names; a body the spec gives no single reading throws.
 */
export function createdFields(
  contract: Contract,
  mapping: SourceProviderMapping,
  surface: Surface,
  body: Record<string, unknown>,
): ReadBackField[] {
  const schema = jsonRequestSchema(contract.operation(READ_BACK_OPERATIONS[surface].create)) ?? {};
  const verdict = bodyVerdict(contract, schema, body);
  if (verdict.kind !== 'branch') {
    throw new Error(
      `the spec gives ${JSON.stringify(body)} no single body (${verdict.kind}): a target would guess`,
    );
  }
  const provider = branchTag(contract, verdict.branch, 'provider');
  const sent = provider === undefined || 'provider' in body ? body : { ...body, provider };
  return readBackFields(contract, surface, sent, verdict.branch, readSchemas(contract), mapping, 'create');
}

/** The fields an accepted update with `body` on `surface` must show from then on. */
export function updatedFields(
  contract: Contract,
  mapping: SourceProviderMapping,
  surface: Surface,
  body: Record<string, unknown>,
): ReadBackField[] {
  const schema = jsonRequestSchema(contract.operation(READ_BACK_OPERATIONS[surface].update)) ?? {};
  return readBackFields(contract, surface, body, schema, readSchemas(contract), mapping, 'update');
}

/**
 * Updates number `id` with `body` on `surface` and reads it back on both surfaces: what was sent shows, and
 * every other field reads back as before the update.
 */
export async function updateRoundTrip(
  session: Session,
  mapping: SourceProviderMapping,
  surface: Surface,
  id: string,
  body: Record<string, unknown>,
): Promise<RoundTripResult> {
  const before = await readBoth(session, id);
  const outcome = await write(session, READ_BACK_OPERATIONS[surface].update, body, id);
  if (!outcome.accepted) return { refused: true };
  const after = await readBoth(session, id);
  const fields = updatedFields(session.contract, mapping, surface, body);
  const unchanged = unchangedFields(before, fields, Object.keys(body));
  return { refused: false, id, mismatches: compareReadBack([...fields, ...unchanged], after) };
}

/** The ids of every number the session's workspace has, as the convai list shows them (sorted). */
export async function listedIds(session: Session): Promise<string[]> {
  const operationId = 'convaiListPhoneNumbers';
  const report = await conforming(session, operationId, stepRequest(session, operationId));
  if (report.status !== 200) throw new Error(`${formatReport(report)}\n  expected 200 listing numbers`);
  return (report.json as { phone_number_id: string }[]).map((n) => n.phone_number_id).sort();
}

/**
 * Sends each mutant of an operation's body and returns what went wrong: a mutant not refused with `want`
 * (status, code, naming the mutated field), or one after which the target reads back differently (the
 * number `id` on both surfaces, or, for a create, the list of numbers). `stateful: false` skips read-backs.
 */
export async function mutantFailures(
  session: Session,
  operationId: string,
  mutants: Iterable<FieldMutation>,
  want: ErrorExpectation,
  options: { id?: string; stateful: boolean },
): Promise<string[]> {
  const snapshot = async () => {
    if (!options.stateful) return undefined;
    return JSON.stringify(
      options.id === undefined ? await listedIds(session) : await readBoth(session, options.id),
    );
  };
  const failures: string[] = [];
  for (const m of mutants) {
    const what = `${m.kind} at ${m.field}: ${JSON.stringify(m.body).slice(0, 300)}`;
    const before = await snapshot();
    const req = stepRequest(session, operationId, options.id, m.body);
    const report = await sendAndCheckError(session.contract, session.baseUrl, operationId, req, {
      ...want,
      paths: [m.field],
    });
    if (!report.ok) failures.push(`${formatReport(report)}\n  mutant: ${what}`);
    const after = await snapshot();
    if (before !== after) failures.push(`mutant ${what}\n  changed what reads back: ${before} -> ${after}`);
  }
  return failures;
}
