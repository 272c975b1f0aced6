import { type CheckReport, type ErrorExpectation, errorCodes, formatReport } from './checks.ts';
import { describeRequest, type RawRequest, sendAndCheck, sendAndCheckError } from './http.ts';
import { type FollowedLink, followableLinks } from './links.ts';
import type { SourceProviderMapping } from './mapping.ts';
import {
  createdFields,
  READ_BACK_OPERATIONS,
  remove,
  SEMANTIC_CODES,
  type Session,
  stepRequest,
  updatedFields,
} from './readback.ts';
import { compareReadBack, formatMismatches, type ReadBackField, supersede } from './roundtrip.ts';
import type { SpecOperation, Surface } from './spec.ts';

/** One generated scenario: a create, then at each step a link of the last response that has links. */
export interface WalkPlan {
  create: { surface: Surface; body: Record<string, unknown> };
  /** `pick` chooses among the followable links (modulo their number); `bodies` are update bodies by operationId. */
  steps: { pick: number; bodies: Record<string, Record<string, unknown>> }[];
}

/** What each surface answers when the credentials are missing, and when a number does not exist. */
export interface WalkErrors {
  unauthorized: Record<Surface, ErrorExpectation>;
  notFound: Record<Surface, ErrorExpectation>;
}

/** The outcome of a walk: `skipped` when the target refused the create for its state. */
export type WalkOutcome = { skipped: true } | { skipped: false; sequence: string[] };

/** Thrown when a walk breaks the contract; `sequence` lists every request sent, to replay it. */
export class WalkFailure extends Error {
  readonly why: string;
  readonly sequence: readonly string[];
  constructor(why: string, sequence: readonly string[]) {
    super(`${why}\n  sequence:\n    ${sequence.map((s, i) => `${i + 1}. ${s}`).join('\n    ')}`);
    this.why = why;
    this.sequence = sequence;
  }
}

interface WalkState {
  session: Session;
  mapping: SourceProviderMapping;
  errors: WalkErrors;
  sequence: string[];
  /** The fields every read of the number must show, from the create and the accepted updates. */
  expected: ReadBackField[];
  /** The last response with links, which the next step follows. */
  from: { op: SpecOperation; status: number; json: unknown };
  alive: boolean;
  id: string;
}

/**
 * Walks the spec's `links` from a create: first every read its answer links to (the number is retrievable
 * on both surfaces), then at every step a link of the last response that has links, with generated update
 * bodies. Along the way a read shows what the create and every accepted update set,
 * a deleted number answers 404 to every link on both surfaces (no use after free), and every request is
 * first sent without credentials and must get the surface's 401 (credentials are never ignored).
 */
export async function walkLinks(
  session: Session,
  mapping: SourceProviderMapping,
  errors: WalkErrors,
  plan: WalkPlan,
): Promise<WalkOutcome> {
  const { contract } = session;
  const create = contract.operation(READ_BACK_OPERATIONS[plan.create.surface].create);
  const sequence: string[] = [];
  const expected = createdFields(contract, mapping, plan.create.surface, plan.create.body);
  const created = await send(session, errors, sequence, create, undefined, plan.create.body, '(start)');
  if (!isSuccess(created.status)) {
    if (refusedForState(created, create.surface)) return { skipped: true };
    throw new WalkFailure(`a valid create was refused: ${formatReport(created)}`, sequence);
  }
  const json = created.json as { id?: string; phone_number_id?: string };
  const state: WalkState = {
    session,
    mapping,
    errors,
    sequence,
    expected,
    from: { op: create, status: created.status ?? 0, json: created.json },
    alive: true,
    id: String(json.id ?? json.phone_number_id),
  };
  try {
    // A created number is retrievable on both surfaces: every read the create's answer links to, first.
    for (const read of followableLinks(create, state.from.status, state.from.json)) {
      if (contract.operation(read.link.operationId).method === 'get') await follow(state, read, {});
    }
    for (const step of plan.steps) {
      const links = followableLinks(state.from.op, state.from.status, state.from.json);
      const followed = links[step.pick % Math.max(links.length, 1)];
      if (!followed) break;
      await follow(state, followed, step.bodies);
    }
    if (!state.alive) await goneEverywhere(state);
  } finally {
    if (state.alive) await remove(session, state.id);
  }
  return { skipped: false, sequence };
}

/** Follows one link: the request the link names, with the value it carries, checked for what must hold. */
async function follow(state: WalkState, followed: FollowedLink, bodies: WalkPlan['steps'][number]['bodies']) {
  const { contract } = state.session;
  const op = contract.operation(followed.link.operationId);
  const id = Object.values(followed.values)[0];
  const body = op.method === 'patch' ? (bodies[op.operationId] ?? {}) : undefined;
  const via = `via ${state.from.op.operationId} ${state.from.status} link ${followed.link.name}`;
  if (!state.alive) {
    await send(
      state.session,
      state.errors,
      state.sequence,
      op,
      id,
      body,
      via,
      state.errors.notFound[op.surface],
    );
    return;
  }
  const report = await send(state.session, state.errors, state.sequence, op, id, body, via);
  const status = report.status ?? 0;
  if (op.method === 'get') {
    if (status !== 200)
      throw new WalkFailure(`a live number was not found: ${formatReport(report)}`, state.sequence);
    const mismatches = compareReadBack(
      state.expected.filter((f) => f.surface === op.surface),
      { agents: report.json, convai: report.json },
    );
    if (mismatches.length > 0) {
      throw new WalkFailure(
        `a read does not show what was written:\n  ${formatMismatches(mismatches)}`,
        state.sequence,
      );
    }
  } else if (op.method === 'delete') {
    if (!isSuccess(status))
      throw new WalkFailure(`a live number was not deleted: ${formatReport(report)}`, state.sequence);
    state.alive = false;
  } else if (isSuccess(status) && body) {
    state.expected = supersede(state.expected, updatedFields(contract, state.mapping, op.surface, body));
    state.from = { op, status, json: report.json };
  } else if (!refusedForState(report, op.surface)) {
    throw new WalkFailure(`a valid update was refused: ${formatReport(report)}`, state.sequence);
  }
}

/** After a delete: the number is gone on both surfaces, whatever the walk did after it. */
async function goneEverywhere(state: WalkState): Promise<void> {
  for (const surface of ['agents', 'convai'] as const) {
    const op = state.session.contract.operation(READ_BACK_OPERATIONS[surface].get);
    await send(
      state.session,
      state.errors,
      state.sequence,
      op,
      state.id,
      undefined,
      '(after the delete)',
      state.errors.notFound[surface],
    );
  }
}

/**
 * Sends one request of a walk, first without credentials (it must get the surface's 401), then as is;
 * both answers must conform to the spec, and the second must match `want` when given.
 */
async function send(
  session: Session,
  errors: WalkErrors,
  sequence: string[],
  op: SpecOperation,
  id: string | undefined,
  body: unknown,
  via: string,
  want?: ErrorExpectation,
): Promise<CheckReport> {
  const { contract, baseUrl } = session;
  const req = stepRequest(session, op.operationId, id, body);
  const bare = withoutCredentials(req);
  sequence.push(`${describeRequest(bare)} without credentials ${via}`);
  const refused = await sendAndCheckError(
    contract,
    baseUrl,
    op.operationId,
    bare,
    errors.unauthorized[op.surface],
  );
  if (!refused.ok) throw new WalkFailure(`credentials were ignored: ${formatReport(refused)}`, sequence);
  sequence.push(`${describeRequest(req)}${body === undefined ? '' : ` ${JSON.stringify(body)}`} ${via}`);
  const report = want
    ? await sendAndCheckError(contract, baseUrl, op.operationId, req, want)
    : await sendAndCheck(contract, baseUrl, op.operationId, req);
  if (!report.ok) {
    const why = want === undefined ? 'an answer broke the contract' : 'a deleted number was still there';
    throw new WalkFailure(`${why}: ${formatReport(report)}`, sequence);
  }
  return report;
}

/** The request without its credential headers. */
function withoutCredentials(req: RawRequest): RawRequest {
  const { authorization: _a, 'xi-api-key': _k, ...headers } = req.headers ?? {};
  return { ...req, headers };
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

/** A refusal a valid request may get for the target's state (unknown agent, taken number, not a SIP trunk). */
function refusedForState(report: CheckReport, surface: Surface): boolean {
  return errorCodes(surface, report.json).some((c) => SEMANTIC_CODES.has(c));
}
