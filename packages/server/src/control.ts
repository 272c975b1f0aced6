/**
 * Mock control, under a prefix the spec does not use (`/__mock`): a log of recent requests (method,
 * path, status, latency, the validation verdict, what was injected), a reset, and scripted answers for an
 * operation (the next N, each checked against the spec when it is scripted). The same on every mock,
 * because it lives in the pipeline; a deployed server has none of it.
 */
import type { Deadlines } from './deadlines.ts';
import { assertHeader, isFraming } from './headers.ts';
import type { ResponseValidator } from './response-validator.ts';
import { payloadTooLarge } from './validate.ts';

/** The prefix of the control endpoints; no path of the spec starts with it. */
export const CONTROL_PREFIX = '/__mock';

/**
 * The most scripted answers one operation may have queued: a script is a few steps of a scenario, and a
 * runaway loop posting scripts must not grow the mock without bound.
 */
export const MAX_SCRIPTED_PER_OPERATION = 100;

/** One line of the request log. */
export interface LoggedRequest {
  /** When the answer was handed to the transport (ISO 8601). */
  at: string;
  method: string;
  url: string;
  status: number;
  ms: number;
  requestId: string;
  operationId?: string;
  /** `passed`: the request was valid; `refused`: the validator answered it; absent: not an API request. */
  validation?: 'passed' | 'refused';
  /** An injected fault and delay, a scripted answer. */
  fault?: string;
  delayMs?: number;
  scripted?: true;
}

/** A scripted answer, as a handler would return it. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Options of {@link createControl}. */
export interface ControlOptions {
  /** How many requests the log keeps, newest last (default 200). */
  logSize?: number;
  /** What `POST /__mock/reset` does besides clearing the log and the scripts (a stateful mock's data). */
  reset?: () => Promise<void>;
}

/** The control state of one mock; give the same one to every pipeline of it so a reload keeps it. */
export interface MockControl {
  /** Adds a request to the log. */
  record(entry: LoggedRequest): void;
  /** The next scripted answer of an operation, taken from its queue. */
  next(operationId: string): ScriptedReply | undefined;
  /** The answer of a control endpoint, or `undefined` for a path outside the prefix. */
  handle(request: ControlRequest): Promise<ControlAnswer> | undefined;
  readonly log: readonly LoggedRequest[];
}

/** What a control endpoint needs of the request and of the spec it serves. */
export interface ControlRequest {
  method: string;
  path: string;
  body: Uint8Array | undefined;
  operationIds: ReadonlySet<string>;
  checkReply: () => ResponseValidator;
  /** Clears what the pipeline keeps for injection (the fault draws and counts). */
  resetFaults: () => void;
  /** The pipeline's handler timeouts: the reset hook is answered 500 once its deadline passes. */
  deadlines: Deadlines;
  requestId: string;
  /** The body passed the pipeline's limit (`maxBodyBytes`, for the 413's wording) and was not read. */
  bodyTooLarge: boolean;
  maxBodyBytes: number;
}

/** A control endpoint's JSON answer. */
export interface ControlAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function createControl(options: ControlOptions = {}): MockControl {
  const logSize = options.logSize ?? 200;
  const log: LoggedRequest[] = [];
  const scripts = new Map<string, ScriptedReply[]>();
  const state: ControlState = { log, scripts, reset: options.reset };
  return {
    log,
    record(entry) {
      log.push(entry);
      if (log.length > logSize) log.splice(0, log.length - logSize);
    },
    next(operationId) {
      const queue = scripts.get(operationId);
      const reply = queue?.shift();
      if (queue?.length === 0) scripts.delete(operationId);
      return reply;
    },
    handle(request) {
      if (request.path !== CONTROL_PREFIX && !request.path.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
      return route(state, request).catch((error: unknown) => ({
        status: 500,
        body: {
          error: {
            message: `mock control failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        },
      }));
    },
  };
}

interface ControlState {
  log: LoggedRequest[];
  scripts: Map<string, ScriptedReply[]>;
  reset: (() => Promise<void>) | undefined;
}

const ENDPOINTS = `GET|DELETE ${CONTROL_PREFIX}/requests, POST ${CONTROL_PREFIX}/reset, GET|DELETE ${CONTROL_PREFIX}/scripts, POST ${CONTROL_PREFIX}/scripts/{operationId}`;

/** The control endpoints: one small function each. */
async function route(state: ControlState, request: ControlRequest): Promise<ControlAnswer> {
  const { method, path } = request;
  const rest = path.slice(CONTROL_PREFIX.length);
  if (request.bodyTooLarge) {
    // The API routes' own 413 (the path belongs to no surface, so the agents shape, as for an unknown path).
    const { status, headers, body } = payloadTooLarge('agents', request.requestId, request.maxBodyBytes);
    return { status, headers, body };
  }
  if (method === 'OPTIONS')
    return {
      status: 204,
      headers: {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      },
    };
  if (rest === '/requests' && method === 'GET') return { status: 200, body: { requests: state.log } };
  if (rest === '/requests' && method === 'DELETE') {
    state.log.length = 0;
    return { status: 204 };
  }
  if (rest === '/reset' && method === 'POST') return reset(state, request);
  if (rest === '/scripts' && method === 'GET') return { status: 200, body: { scripts: pending(state) } };
  if (rest === '/scripts' && method === 'DELETE') {
    state.scripts.clear();
    return { status: 204 };
  }
  if (rest.startsWith('/scripts/') && method === 'POST') return script(state, request, rest.slice(9));
  return {
    status: 404,
    body: { error: { message: `no control endpoint ${method} ${path}; there are ${ENDPOINTS}` } },
  };
}

async function reset(state: ControlState, request: ControlRequest): Promise<ControlAnswer> {
  state.log.length = 0;
  state.scripts.clear();
  request.resetFaults();
  if (state.reset) await withinDeadline(state.reset(), request.deadlines, 'reset');
  return { status: 204 };
}

/**
 * `work`, or a rejection once a deadline of the pipeline's handler timeout passes: a reset hook that never
 * settles must not hold its request forever.
 */
function withinDeadline(work: Promise<void>, deadlines: Deadlines, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = deadlines.add(() => reject(new Error(`${what} timed out after ${deadlines.ms} ms`)));
    work.then(
      () => {
        deadlines.cancel(deadline);
        resolve();
      },
      (error: unknown) => {
        deadlines.cancel(deadline);
        reject(error);
      },
    );
  });
}

function pending(state: ControlState): Record<string, number> {
  return Object.fromEntries([...state.scripts].map(([id, queue]) => [id, queue.length]));
}

/**
 * Queues the next answers of an operation. Each must be a reply the spec documents for it (status, body,
 * required headers; `X-Request-Id` is the pipeline's): an undocumented one is refused with its mismatch,
 * so a scripted answer can never take a frontend outside the contract.
 */
function script(state: ControlState, request: ControlRequest, rawId: string): ControlAnswer {
  let operationId: string;
  try {
    operationId = decodeURIComponent(rawId);
  } catch {
    operationId = rawId; // a malformed escape names no operation: the 404 below
  }
  if (!request.operationIds.has(operationId))
    return {
      status: 404,
      body: {
        error: {
          message: `no operation ${operationId}; the spec has ${[...request.operationIds].join(', ')}`,
        },
      },
    };
  let given: unknown;
  try {
    given = JSON.parse(new TextDecoder().decode(request.body ?? new Uint8Array()));
  } catch {
    return refusal('the body must be JSON: { "responses": [{ "status": 200, "body": ... }] }');
  }
  const responses = (given as { responses?: unknown } | null)?.responses;
  if (!Array.isArray(responses) || responses.length === 0)
    return refusal('the body must be { "responses": [...] } with at least one answer');
  const problems: string[] = [];
  const replies: ScriptedReply[] = [];
  responses.forEach((item, index) => {
    const reply = scriptedReply(item);
    if (typeof reply === 'string') {
      problems.push(`responses[${index}]: ${reply}`);
      return;
    }
    const mismatch = request.checkReply()(operationId, {
      status: reply.status,
      headers: { ...reply.headers, 'X-Request-Id': 'req_scriptedscriptedscr' },
      body: reply.body,
    });
    if (mismatch) problems.push(`responses[${index}]: ${mismatch}`);
    else replies.push(reply);
  });
  if (problems.length > 0) return refusal('a scripted answer is not one the spec documents', problems);
  const queued = state.scripts.get(operationId)?.length ?? 0;
  if (queued + replies.length > MAX_SCRIPTED_PER_OPERATION)
    return refusal(
      `${operationId} may have at most ${MAX_SCRIPTED_PER_OPERATION} scripted answers queued; it has ${queued} and ${replies.length} more were sent (DELETE ${CONTROL_PREFIX}/scripts clears them)`,
    );
  state.scripts.set(operationId, [...(state.scripts.get(operationId) ?? []), ...replies]);
  return { status: 201, body: { operationId, queued: state.scripts.get(operationId)?.length ?? 0 } };
}

function scriptedReply(item: unknown): ScriptedReply | string {
  if (typeof item !== 'object' || item === null) return 'must be { status, headers?, body? }';
  const { status, headers, body } = item as Record<string, unknown>;
  if (typeof status !== 'number' || !Number.isInteger(status)) return 'status must be a whole number';
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers))
      return 'headers must be an object of strings';
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string') return `header ${name} must be a string`;
      if (isFraming(name)) return `header ${name} is the transport's to set`;
      try {
        assertHeader(name, value);
      } catch (error) {
        return (error as Error).message;
      }
    }
  }
  return {
    status,
    ...(headers !== undefined ? { headers: headers as Record<string, string> } : {}),
    ...(body !== undefined ? { body } : {}),
  };
}

function refusal(message: string, problems?: string[]): ControlAnswer {
  return { status: 400, body: { error: { message, ...(problems ? { problems } : {}) } } };
}
