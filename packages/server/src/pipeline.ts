/**
 * The request pipeline, transport-agnostic: a plain request in, one reply out. Its steps are module-level
 * functions over one per-request {@link Exchange} (fastify's `handleRequest` shape): preflight or
 * validation -> authentication -> the operation's handler -> the reply check -> serialisation. Adapters put
 * it on a transport: `node.ts` (`node:http`, the path the benchmarks measure) and `fetch.ts` (`Request` ->
 * `Response`, for service workers, edge runtimes and the in-browser mock). Every HTTP-level behaviour
 * (CORS, 401 before 400, 413, 415, malformed JSON, the 500) lives here once, so no adapter can differ.
 */
import { type Surface, surfaceOf } from '@phone-api/openapi';
import { type CompiledSpec, compileSpec } from './compile.ts';
import { type ControlOptions, createControl, type LoggedRequest, type MockControl } from './control.ts';
import { Deadlines } from './deadlines.ts';
import type { OperationHeaders } from './deprecation.ts';
import { withOperationHeaders } from './deprecation.ts';
import { errorReply, newRequestId, type Reply, withRequestId } from './errors.ts';
import {
  createFaults,
  type FaultKind,
  type FaultOptions,
  type Faults,
  MAX_HOLD_MS,
  type TransportFault,
} from './faults.ts';
import type { HandlerRequest, OperationId } from './handlers.ts';
import { assertHeader, dropFraming } from './headers.ts';
import { type ResponseValidator, responseValidatorFor } from './response-validator.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  type RawRequest,
  readCredential,
  type ValidRequest,
  validatorFor,
} from './validate.ts';

/** A request as any transport hands it over: header names lowercase, the body already read (or cut off). */
export interface PlainRequest {
  method: string;
  /** Path plus query string, as sent (percent-encoded). */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body bytes, `undefined` when the request has none. */
  body: Uint8Array | undefined;
  /** The body passed the byte limit and was not read to its end (see `readBody`). */
  bodyTooLarge?: boolean;
  /**
   * Who is asking, as an identity only (the node adapter passes the socket): `authenticate` may remember
   * what a connection has already proven, never trusting it for another connection.
   */
  connection: object;
  /**
   * Calls `listener` once the client has gone (at once if it already has): an injected delay then ends
   * rather than holding a timer for nobody. Absent: a delay runs its course.
   */
  onClose?: (listener: () => void) => void;
}

/** The reply as a transport writes it. */
export interface Outgoing {
  status: number;
  headers: Record<string, string | number>;
  /** Serialised body; `undefined` for none (204, a preflight). */
  payload: string | Uint8Array | undefined;
  /** The request body was left unread (413): the transport closes the connection after this reply. */
  closeConnection: boolean;
  /**
   * An injected transport fault: `reset` closes the connection instead of answering, `truncated` sends
   * the headers and half the body then closes, `timeout` answers nothing for `holdMs`, then closes.
   */
  fault?: { kind: TransportFault; holdMs: number };
}

/** Why the pipeline called `onError`. */
export type RouterErrorKind =
  | 'handler_threw'
  | 'handler_timeout'
  | 'invalid_response'
  | 'authenticate_threw'
  | 'authenticate_timeout'
  | 'reply_not_serialisable';

/** What `onError` learns about a failed request (never its body). */
export interface RouterErrorContext {
  kind: RouterErrorKind;
  requestId: string;
  operationId: string;
  surface: Surface;
  /** For `invalid_response`: the mismatch, with the JSON path of the first difference. */
  mismatch?: string;
}

/** What `onResponse` learns about every answered request. */
export interface ResponseRecord {
  method: string;
  url: string;
  status: number;
  requestId: string;
  /** The matched operation; absent for an unknown route, a preflight or a page of `serveOther`. */
  operationId?: string;
  /** Milliseconds from the request reaching the pipeline to its reply being handed to the transport. */
  ms: number;
  /** Answered by `serveOther` (a page outside the API). */
  page?: true;
  /** An injected fault (see the `faults` option), and the injected delay in ms when there was one. */
  fault?: string;
  delayMs?: number;
  /** Whether the request passed validation or was refused by it; absent when it was not validated. */
  validation?: 'passed' | 'refused';
  /** Answered with a scripted reply (see the `control` option). */
  scripted?: true;
}

/** A handler as the pipeline calls it; the typed map is {@link Handlers}, checked by `createRouter`. */
export type AnyHandler<W> = (req: HandlerRequest<OperationId, W>) => unknown;

/** Options of {@link createPipeline}. */
export interface PipelineOptions<W> {
  /** The bundled OpenAPI document (`spec/dist/openapi.json`), parsed. */
  spec: object;
  /** Check every handler reply against the spec (default: `NODE_ENV !== 'production'`). */
  validateResponses?: boolean;
  /** Request body limit in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /**
   * Resolves a credential to a workspace; `undefined` answers the surface's 401. Without it any present
   * credential is accepted and handlers get `workspace: undefined`. May answer synchronously.
   */
  authenticate?: (
    surface: Surface,
    credential: string,
    connection: object,
  ) => W | undefined | Promise<W | undefined>;
  /** Called when a request ends in a 500 (thrown handler, timeout, out-of-contract reply). */
  onError?: (error: unknown, context: RouterErrorContext) => void;
  /** Called once per answered request, after its reply is handed to the transport (request logs). */
  onResponse?: (record: ResponseRecord) => void;
  /**
   * A handler, `authenticate` or the control reset hook that has not settled after this many milliseconds
   * is answered 500 (default 30 000; more than 0 and at most 2^31-1, the longest a timer waits, else the
   * pipeline is not made: RangeError).
   */
  handlerTimeoutMs?: number;
  /** Where failures are logged (default `console`). Request bodies are never logged. */
  logger?: Pick<Console, 'error'>;
  /** Request headers a browser may send besides the spec's own (the mock adds `Prefer`). */
  corsAllowHeaders?: readonly string[];
  /**
   * Pages outside the API (the mock's `/docs`): asked first for every request; `undefined` (at once or
   * resolved) lets the API answer. A page is sent as it is, without the API's checks.
   */
  serveOther?: (method: string, path: string) => Promise<Outgoing | undefined> | undefined;
  /**
   * Latency and faults on demand (the mocks): see `faults.ts`. Off when absent. Given as a {@link Faults}
   * (from `createFaults`), its draws and scripted counts outlive this pipeline (a mock's reload).
   */
  faults?: FaultOptions | Faults;
  /**
   * Mock control endpoints under `/__mock` (request log, reset, scripted answers): see `control.ts`. Off
   * when absent. Given as a {@link MockControl} (from `createControl`), its state outlives this pipeline.
   */
  control?: ControlOptions | MockControl;
}

/** Response headers a browser app may read (CORS hides every other non-safelisted header). */
export const EXPOSED_HEADERS = 'X-Request-Id, Retry-After, RateLimit, Deprecation, Sunset, Link';

/** A compiled pipeline: hand it requests through an adapter. */
export interface Pipeline {
  readonly maxBodyBytes: number;
  /** The compiled spec, shared with whoever needs more of it (the mock's response check). */
  readonly compiled: CompiledSpec;
  /** Answers `request` by calling `reply` exactly once (possibly synchronously). Never throws. */
  handle(request: PlainRequest, reply: (out: Outgoing) => void): void;
  /** The response check over the same compiled spec, built on first use. */
  responseValidator(): ResponseValidator;
}

/** Everything built once per spec and shared by every request. */
interface PipelineState<W> {
  options: PipelineOptions<W>;
  compiled: CompiledSpec;
  maxBodyBytes: number;
  handlers: Readonly<Record<string, AnyHandler<W>>>;
  validate: ReturnType<typeof validatorFor>;
  checkResponse: ResponseValidator | undefined;
  /** The response check, built on first use whether or not replies are checked (scripted answers are). */
  responseValidator: () => ResponseValidator;
  logger: Pick<Console, 'error'>;
  /** The handler timeouts of the pending answers (see {@link awaitBounded}), `handlerTimeoutMs` ahead. */
  deadlines: Deadlines;
  corsAllowHeaders: readonly string[];
  faults: Faults | undefined;
  control: MockControl | undefined;
  operationIds: ReadonlySet<string>;
}

/** One request on its way through the steps. */
interface Exchange<W> {
  state: PipelineState<W>;
  request: PlainRequest;
  requestId: string;
  cors: boolean;
  started: number;
  /** The matched operation's own headers (a deprecated one's), added to whatever answers it. */
  operationHeaders: OperationHeaders | undefined;
  operationId: string | undefined;
  /** Set once the reply is out: a late handler result or timer finds it and does nothing. */
  done: boolean;
  /** The reply is a page of `serveOther`. */
  page: boolean;
  /** Injected: the delay before the reply is handed over, the transport fault, the preferences honoured. */
  delayMs: number;
  /** The injected fault; a transport one is applied to the answer in {@link deliver}. */
  injected: FaultKind | undefined;
  applied: string[] | undefined;
  validation: 'passed' | 'refused' | undefined;
  scripted: boolean;
  /** A control endpoint's answer: kept out of the request log. */
  control: boolean;
  reply: (out: Outgoing) => void;
}

/**
 * Compiles the spec and the handler map into a {@link Pipeline}. Throws when an operation has no handler.
 * Handlers are untyped here; `createRouter` and `createFetchHandler` check them against the spec.
 */
export function createPipeline<W>(
  options: PipelineOptions<W> & { handlers: Readonly<Record<string, AnyHandler<W>>> },
): Pipeline {
  const compiled = compileSpec(options.spec);
  const missing = [...compiled.model.operations.keys()].filter(
    (id) => typeof options.handlers[id] !== 'function',
  );
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(', ')}`);
  const timeoutMs = options.handlerTimeoutMs ?? 30_000;
  // A timer longer than this fires at once (node warns, browsers say nothing): every async handler would be
  // answered 500 before it could settle.
  if (!(timeoutMs > 0 && timeoutMs <= MAX_HOLD_MS))
    throw new RangeError(
      `handlerTimeoutMs must be more than 0 and at most ${MAX_HOLD_MS} (ms), got ${timeoutMs}`,
    );
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let responseValidator: ResponseValidator | undefined;
  const lazyResponseValidator = () => {
    responseValidator ??= responseValidatorFor(compiled);
    return responseValidator;
  };
  const state: PipelineState<W> = {
    options,
    compiled,
    maxBodyBytes,
    handlers: options.handlers,
    validate: validatorFor(compiled, { maxBodyBytes }),
    checkResponse:
      (options.validateResponses ?? globalThis.process?.env.NODE_ENV !== 'production')
        ? lazyResponseValidator()
        : undefined,
    logger: options.logger ?? console,
    deadlines: new Deadlines(timeoutMs),
    corsAllowHeaders: options.corsAllowHeaders ?? [],
    responseValidator: lazyResponseValidator,
    control:
      options.control === undefined
        ? undefined
        : isControl(options.control)
          ? options.control
          : createControl(options.control),
    operationIds: new Set(compiled.model.operations.keys()),
    faults:
      options.faults === undefined
        ? undefined
        : isFaults(options.faults)
          ? options.faults
          : createFaults(options.faults),
  };
  return {
    maxBodyBytes,
    compiled,
    responseValidator: lazyResponseValidator,
    handle: (request, reply) => handleRequest(state, request, reply),
  };
}

function handleRequest<W>(state: PipelineState<W>, request: PlainRequest, reply: (out: Outgoing) => void) {
  const exchange: Exchange<W> = {
    state,
    request,
    requestId: newRequestId(),
    cors: request.headers.origin !== undefined,
    started: state.options.onResponse || state.control ? performance.now() : 0,
    operationHeaders: undefined,
    operationId: undefined,
    done: false,
    page: false,
    delayMs: 0,
    injected: undefined,
    applied: undefined,
    validation: undefined,
    scripted: false,
    control: false,
    reply,
  };
  if (state.control && controlStep(exchange, state.control)) return;
  if (state.options.serveOther) {
    let page: Promise<Outgoing | undefined> | undefined;
    try {
      page = state.options.serveOther(request.method, pathOf(request.url));
    } catch (error) {
      page = Promise.reject(error); // answered as its 500 below, like a rejected page
    }
    if (page) {
      servePage(exchange, page);
      return;
    }
  }
  routeStep(exchange);
}

/** A control endpoint's answer (the mocks' `/__mock`); false for any other path. */
function controlStep<W>(exchange: Exchange<W>, control: MockControl): boolean {
  const { state, request, requestId } = exchange;
  const answer = control.handle({
    method: request.method,
    path: pathOf(request.url),
    body: request.body,
    operationIds: state.operationIds,
    checkReply: state.responseValidator,
    resetFaults: () => state.faults?.reset(),
    deadlines: state.deadlines,
    requestId,
    bodyTooLarge: request.bodyTooLarge === true,
    maxBodyBytes: state.maxBodyBytes,
  });
  if (!answer) return false;
  exchange.control = true;
  answer.then((a) =>
    send(exchange, { status: a.status, headers: { 'X-Request-Id': requestId, ...a.headers }, body: a.body }),
  );
  return true;
}

function routeStep<W>(exchange: Exchange<W>): void {
  if (exchange.request.method === 'OPTIONS') send(exchange, preflight(exchange));
  else if (exchange.state.faults) faultStep(exchange, exchange.state.faults);
  else validateStep(exchange);
}

/** The injected faults that are documented answers, by the catalogue entry that answers them. */
const DOCUMENTED_FAULTS: Partial<Record<FaultKind, 'rate_limited' | 'internal' | 'unavailable'>> = {
  '429': 'rate_limited',
  '500': 'internal',
  '503': 'unavailable',
};

/**
 * Plans this request's latency and fault. A documented fault (429, 500) is answered at once, in the
 * surface's shape; a transport fault lets the request run (a stateful server does the work) and is applied
 * to its answer, as when a network loses a reply.
 */
function faultStep<W>(exchange: Exchange<W>, faults: Faults): void {
  const { state, request, requestId } = exchange;
  const op = matchedOperation(state, request);
  const plan = faults.plan(op?.operationId, request.headers.prefer);
  exchange.delayMs = plan.delayMs;
  exchange.injected = plan.fault;
  if (plan.applied.length > 0) exchange.applied = plan.applied;
  const documented = plan.fault === undefined ? undefined : DOCUMENTED_FAULTS[plan.fault];
  if (documented) {
    const surface = op?.surface ?? pathSurface(request);
    exchange.operationId = op?.operationId;
    exchange.operationHeaders = op?.responseHeaders;
    const reply = errorReply(documented, surface, requestId);
    // 429 and 503 tell the client when to come back.
    if (documented !== 'internal') reply.headers['Retry-After'] = String(faults.retryAfterSeconds);
    send(exchange, reply);
    return;
  }
  validateStep(exchange);
}

/** A page of `serveOther`, sent as it is; a failure to produce it is the API's 500 in the path's surface. */
function servePage<W>(exchange: Exchange<W>, page: Promise<Outgoing | undefined>): void {
  page.then(
    (out) => {
      if (!out) return routeStep(exchange);
      exchange.page = true;
      deliver(exchange, out);
    },
    (error: unknown) => {
      const surface = pathSurface(exchange.request);
      send(exchange, fail(exchange, error, { kind: 'handler_threw', operationId: '', surface }));
    },
  );
}

/** Validates the request; a refusal still goes through {@link authenticateRefused} first. */
function validateStep<W>(exchange: Exchange<W>): void {
  const checked = exchange.state.validate(exchange.request as RawRequest, exchange.requestId);
  exchange.validation = checked.ok ? 'passed' : 'refused';
  if (checked.ok) {
    exchange.operationHeaders = checked.request.responseHeaders;
    exchange.operationId = checked.request.operationId;
    authenticateStep(exchange, checked.request);
    return;
  }
  exchange.operationHeaders = checked.responseHeaders;
  authenticateRefused(exchange, checked.reply);
}

/**
 * A request the validator refused is still authenticated first when it carries a credential: a caller
 * with a wrong key learns only that (401), never how the request itself would have been judged.
 * Unknown routes keep their 404: no operation, so no security scheme to check.
 */
function authenticateRefused<W>(exchange: Exchange<W>, refusal: Reply): void {
  const { state, request } = exchange;
  const authenticate = state.options.authenticate;
  const op = authenticate && refusal.status !== 401 ? matchedOperation(state, request) : undefined;
  const credential = op ? readCredential(op, request.headers as RawRequest['headers']) : undefined;
  if (!authenticate || !op || credential === undefined || credential === '') {
    send(exchange, refusal);
    return;
  }
  exchange.operationId = op.operationId;
  const judged = (workspace: W | undefined) =>
    send(
      exchange,
      workspace === undefined ? errorReply('unauthorized', op.surface, exchange.requestId) : refusal,
    );
  const threw = (error: unknown) =>
    send(
      exchange,
      fail(exchange, error, { kind: 'authenticate_threw', operationId: op.operationId, surface: op.surface }),
    );
  try {
    const answer = authenticate(op.surface, credential, request.connection);
    if (isThenable(answer))
      awaitBounded(
        exchange,
        answer,
        () => ({ kind: 'authenticate_timeout', operationId: op.operationId, surface: op.surface }),
        judged,
        threw,
      );
    else judged(answer);
  } catch (error) {
    threw(error);
  }
}

/**
 * Resolves the credential, then runs the handler. Written with callbacks rather than as an async function:
 * a cached key answers synchronously and the handler's promise is followed directly, so a request costs
 * one turn of the microtask queue instead of four (and no wrapper promises).
 */
function authenticateStep<W>(exchange: Exchange<W>, request: ValidRequest): void {
  const authenticate = exchange.state.options.authenticate;
  if (!authenticate) {
    handleStep(exchange, request, undefined);
    return;
  }
  const threw = (error: unknown) =>
    send(exchange, fail(exchange, error, errorContext(request, exchange.requestId, 'authenticate_threw')));
  try {
    const answer = authenticate(request.surface, request.credential, exchange.request.connection);
    if (isThenable(answer)) {
      awaitBounded(
        exchange,
        answer,
        () => errorContext(request, exchange.requestId, 'authenticate_timeout'),
        (workspace) => handleStep(exchange, request, workspace),
        threw,
      );
      return;
    }
    handleStep(exchange, request, answer);
  } catch (error) {
    threw(error); // authenticate itself threw, or the then() of the thenable it returned did.
  }
}

function handleStep<W>(exchange: Exchange<W>, request: ValidRequest, workspace: W | undefined): void {
  const { state, requestId } = exchange;
  if (state.options.authenticate && workspace === undefined) {
    send(exchange, errorReply('unauthorized', request.surface, requestId));
    return;
  }
  const scripted = state.control?.next(request.operationId);
  if (scripted) {
    exchange.scripted = true;
    const stamped = { ...scripted, body: withRequestId(scripted.body, requestId) };
    send(exchange, finish(exchange, request, stamped));
    return;
  }
  const handler = state.handlers[request.operationId] as AnyHandler<W>;
  const handlerRequest = {
    operationId: request.operationId as OperationId,
    surface: request.surface,
    params: request.params,
    query: request.query,
    headers: request.headers,
    body: request.body,
    requestId,
    credential: request.credential,
    workspace: workspace as W,
  } as HandlerRequest<OperationId, W>;
  // Added after the literal rather than spread into it: a spread in the middle of a literal builds every
  // request's object property by property.
  if (request.variant) handlerRequest.variant = request.variant;
  let result: unknown;
  try {
    result = handler(handlerRequest);
  } catch (error) {
    send(exchange, fail(exchange, error, errorContext(request, requestId, 'handler_threw')));
    return;
  }
  if (isThenable(result))
    awaitBounded(
      exchange,
      result,
      () => errorContext(request, requestId, 'handler_timeout'),
      (value) => send(exchange, finish(exchange, request, value)),
      (error) => send(exchange, fail(exchange, error, errorContext(request, requestId, 'handler_threw'))),
    );
  else send(exchange, finish(exchange, request, result));
}

/**
 * Follows `answer` (a handler's or `authenticate`'s promise) under the handler timeout. One that has not
 * settled in time is answered 500 at once (`timedOut` says why, for `onError`); whatever it settles to later
 * is dropped (not validated, not logged, no handler run for a late workspace), as the request is over.
 */
function awaitBounded<W, T>(
  exchange: Exchange<W>,
  answer: PromiseLike<T>,
  timedOut: () => Omit<RouterErrorContext, 'requestId'>,
  settled: (value: T) => void,
  failed: (error: unknown) => void,
): void {
  const deadlines = exchange.state.deadlines;
  const deadline = deadlines.add(() => {
    if (exchange.done) return;
    const waited = new Error(`no answer within ${deadlines.ms} ms`);
    send(exchange, fail(exchange, waited, timedOut()));
  });
  const rejected = (error: unknown) => {
    deadlines.cancel(deadline);
    if (!exchange.done) failed(error);
  };
  try {
    answer.then((value) => {
      deadlines.cancel(deadline);
      if (!exchange.done) settled(value);
    }, rejected);
  } catch (error) {
    rejected(error); // a thenable whose then() itself throws
  }
}

/**
 * The reply for what a handler returned: checked for a status, and against the spec when enabled. Never
 * throws (a reply that cannot even be checked is a 500 too), since nothing above it would catch.
 */
function finish<W>(exchange: Exchange<W>, request: ValidRequest, result: unknown): Reply {
  try {
    return checkReply(exchange, request, result);
  } catch (error) {
    const mismatch = error instanceof Error ? error.message : describe(error);
    return fail(exchange, error, errorContext(request, exchange.requestId, 'invalid_response', mismatch));
  }
}

function checkReply<W>(exchange: Exchange<W>, request: ValidRequest, result: unknown): Reply {
  const { requestId } = exchange;
  const out = result as { status?: unknown; headers?: Record<string, string>; body?: unknown } | undefined;
  const invalid = (problem: string) =>
    fail(exchange, new Error(problem), errorContext(request, requestId, 'invalid_response', problem));
  if (!out || typeof out.status !== 'number') return invalid('$.status is missing');
  // A transport would refuse it (node:http throws from writeHead, a Fetch Response from its constructor;
  // a 1xx is an interim response, never an answer); with response checks off nothing else catches it.
  if (!Number.isInteger(out.status) || out.status < 200 || out.status > 599)
    return invalid(`$.status ${out.status} is not a final HTTP status`);
  if (out.headers) {
    // Checked here, where a refusal becomes the documented 500: node:http would throw from writeHead,
    // after it had already taken the status in (a 204 there leaves no way to send the 500's body).
    for (const [name, value] of Object.entries(out.headers)) assertHeader(name, value);
  }
  // The operation's own headers go into the reply here, so the response check sees exactly what is sent.
  const reply: Reply = {
    status: out.status,
    headers: request.responseHeaders
      ? { ...withOperationHeaders(out.headers ?? {}, request.responseHeaders), 'X-Request-Id': requestId }
      : { ...out.headers, 'X-Request-Id': requestId },
    body: out.body,
  };
  const checkResponse = exchange.state.checkResponse;
  if (checkResponse) {
    const mismatch = checkResponse(request.operationId, reply);
    if (mismatch) return invalid(mismatch);
  }
  return reply;
}

// Never throws: it is the last resort of every failure path, and nothing above them would catch.
function fail<W>(
  exchange: Exchange<W>,
  error: unknown,
  context: Omit<RouterErrorContext, 'requestId'>,
): Reply {
  const { state, requestId } = exchange;
  const full: RouterErrorContext = { ...context, requestId };
  const detail =
    context.kind === 'invalid_response' ? `out-of-contract reply: ${context.mismatch}` : describe(error);
  state.logger.error(`[@phone-api/server] ${context.operationId} ${requestId} ${context.kind}: ${detail}`);
  try {
    state.options.onError?.(error, full);
  } catch (hookError) {
    state.logger.error(`[@phone-api/server] onError threw: ${describe(hookError)}`);
  }
  return errorReply('internal', context.surface, requestId);
}

/**
 * Serialises a reply and hands it over: CORS and content headers, and the operation's own headers on
 * whatever answers a matched operation (a refusal, the 401, a 500, a timeout) unless the reply has them.
 */
function send<W>(exchange: Exchange<W>, reply: Reply): void {
  if (exchange.done) return;
  let payload: string | undefined;
  try {
    payload = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  } catch (error) {
    reply = fail(exchange, error, {
      kind: 'reply_not_serialisable',
      operationId: exchange.operationId ?? '',
      surface: pathSurface(exchange.request),
    });
    payload = JSON.stringify(reply.body);
  }
  // Every reply reaching here was built for this request (by the steps, errorReply or preflight), so its
  // headers object is completed in place rather than copied.
  const headers: Record<string, string | number> = reply.headers;
  dropFraming(headers);
  // No body goes with these statuses (RFC 9110); a Fetch Response refuses one outright.
  if (reply.status === 204 || reply.status === 205 || reply.status === 304) payload = undefined;
  const operationHeaders = exchange.operationHeaders;
  if (operationHeaders)
    for (const name in operationHeaders)
      if (headers[name] === undefined)
        headers[name] = operationHeaders[name as keyof OperationHeaders] as string;
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = byteLength(payload);
  }
  deliver(exchange, {
    status: reply.status,
    headers,
    payload,
    closeConnection: exchange.request.bodyTooLarge === true,
  });
}

/**
 * Hands the reply to the transport, once (after the injected delay, if any); adds the CORS answer for
 * browsers and tells `onResponse`.
 */
function deliver<W>(exchange: Exchange<W>, out: Outgoing): void {
  if (exchange.done) return;
  exchange.done = true;
  if (exchange.cors && (!exchange.control || isLocalOrigin(exchange.request.headers.origin))) {
    out.headers['Access-Control-Allow-Origin'] = '*';
    out.headers['Access-Control-Expose-Headers'] = EXPOSED_HEADERS;
  }
  if (exchange.applied) applied(out.headers, exchange.applied);
  const injected = exchange.injected;
  if (injected && !DOCUMENTED_FAULTS[injected] && exchange.state.faults)
    out.fault = { kind: injected as TransportFault, holdMs: exchange.state.faults.timeoutMs };
  if (exchange.delayMs > 0) delay(exchange, out);
  else handOver(exchange, out);
}

/**
 * Hands the reply over after the injected delay, or as soon as the client leaves (the transport then
 * writes nothing, but the request is logged). Unref'd: a closed server's process is not kept alive by it.
 */
function delay<W>(exchange: Exchange<W>, out: Outgoing): void {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    clearTimeout(timer);
    handOver(exchange, out);
  };
  const timer = setTimeout(release, exchange.delayMs);
  (timer as { unref?: () => void }).unref?.();
  exchange.request.onClose?.(release);
}

/** `Preference-Applied` (RFC 7240) with the injected ones added to any the handler named. */
function applied(headers: Record<string, string | number>, names: string[]): void {
  const own = Object.keys(headers).find((name) => name.toLowerCase() === 'preference-applied');
  const value = own === undefined ? names.join(', ') : `${headers[own]}, ${names.join(', ')}`;
  if (own !== undefined) delete headers[own];
  headers['Preference-Applied'] = value;
}

function handOver<W>(exchange: Exchange<W>, out: Outgoing): void {
  exchange.reply(out);
  const { onResponse } = exchange.state.options;
  const control = exchange.control ? undefined : exchange.state.control;
  if (!onResponse && !control) return;
  const record = recordOf(exchange, out);
  control?.record({ at: new Date().toISOString(), ...record });
  try {
    onResponse?.(record);
  } catch (error) {
    exchange.state.logger.error(`[@phone-api/server] onResponse threw: ${describe(error)}`);
  }
}

function recordOf<W>(exchange: Exchange<W>, out: Outgoing): ResponseRecord & Omit<LoggedRequest, 'at'> {
  const { request } = exchange;
  return {
    method: request.method,
    url: request.url,
    status: out.status,
    requestId: exchange.requestId,
    ...(exchange.operationId ? { operationId: exchange.operationId } : {}),
    ms: Math.round((performance.now() - exchange.started) * 10) / 10,
    ...(exchange.page ? { page: true as const } : {}),
    ...(exchange.validation ? { validation: exchange.validation } : {}),
    ...(exchange.injected ? { fault: exchange.injected } : {}),
    ...(exchange.delayMs > 0 ? { delayMs: exchange.delayMs } : {}),
    ...(exchange.scripted ? { scripted: true as const } : {}),
  };
}

/** The answer to a CORS preflight: the path's methods and the headers the spec lets clients send. */
function preflight<W>(exchange: Exchange<W>): Reply {
  const { state, request, requestId } = exchange;
  const operations = state.compiled.match(pathOf(request.url))?.operations;
  if (!operations) return errorReply('route_not_found', pathSurface(request), requestId);
  const allowHeaders = new Set(['Content-Type']);
  for (const op of operations.values()) {
    for (const c of op.credentials)
      allowHeaders.add(c.kind === 'bearer' ? 'Authorization' : (c.header ?? ''));
    for (const p of op.params) if (p.in === 'header') allowHeaders.add(p.name);
  }
  for (const name of state.corsAllowHeaders) allowHeaders.add(name);
  return {
    status: 204,
    headers: {
      'X-Request-Id': requestId,
      'Access-Control-Allow-Methods': [...operations.keys()].join(', '),
      'Access-Control-Allow-Headers': [...allowHeaders].join(', '),
      'Access-Control-Max-Age': '600',
    },
    body: undefined,
  };
}

function errorContext(
  request: ValidRequest,
  requestId: string,
  kind: RouterErrorKind,
  mismatch?: string,
): RouterErrorContext {
  return {
    kind,
    requestId,
    operationId: request.operationId,
    surface: request.surface,
    ...(mismatch ? { mismatch } : {}),
  };
}

/** The operation the request's path and method name, if any. */
function matchedOperation<W>(state: PipelineState<W>, request: PlainRequest) {
  return state.compiled.match(pathOf(request.url))?.operations.get(request.method.toUpperCase());
}

/** The surface whose error shape answers a request no operation claims (agents for a path of neither). */
function pathSurface(request: PlainRequest): Surface {
  return surfaceOf(pathOf(request.url)) ?? 'agents';
}

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

const encoder = new TextEncoder();
/** UTF-8 length without a copy where the runtime has Buffer (node), by encoding where it has not. */
const byteLength: (text: string) => number =
  typeof Buffer === 'function' ? (text) => Buffer.byteLength(text) : (text) => encoder.encode(text).length;

/** Text for any thrown value, even one String() cannot convert (`Object.create(null)`, a throwing toString). */
function describe(value: unknown): string {
  try {
    return value instanceof Error ? (value.stack ?? value.message) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Whether a browser origin is this machine's: the control endpoints (the request log, scripts, reset)
 * answer a dev tool on another local port, never a page from elsewhere the developer happens to visit.
 */
function isLocalOrigin(origin: string | string[] | undefined): boolean {
  if (typeof origin !== 'string') return false;
  try {
    const { hostname } = new URL(origin);
    return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  } catch {
    return false;
  }
}

function isControl(value: ControlOptions | MockControl): value is MockControl {
  return typeof (value as Partial<MockControl>).record === 'function';
}

function isFaults(value: FaultOptions | Faults): value is Faults {
  return typeof (value as Partial<Faults>).plan === 'function';
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
