import { AgentsApiError, ConvaiApiError, ResponseValidationError, TimeoutError } from './errors.ts';
import { operations } from './operations.gen.ts';
import { isRetryableStatus, isRetrySafe, type RetryPolicy, retryDelay } from './retry.ts';
import type { OperationId, Surface } from './types.ts';

/** The `fetch` the client calls; receives a fully built `Request` (URL, headers, body, signal). */
export type FetchLike = (request: Request) => Promise<Response>;

/** What openapi-fetch resolves with. */
interface RawOutcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** What one surface needs to run calls. */
export interface SurfaceRuntime {
  surface: Surface;
  fetch: FetchLike;
  policy: RetryPolicy;
  timeoutMs: number | undefined;
  throwOnError: boolean;
  validateResponses: boolean;
}

/** Per-call knobs the runtime reads (the public `CallOptions` adds typing on top). */
export interface RuntimeCallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  policy?: RetryPolicy | undefined;
  throwOnError?: boolean | undefined;
  validateResponse?: boolean | undefined;
}

/**
 * Sends `request`, repeating it on 408/429/5xx answers and network errors when repeating is safe, with the
 * policy's delays. Returns the last response; rethrows the last network error; stops when `signal` aborts.
 */
export async function sendWithRetry(
  fetch: FetchLike,
  request: Request,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
): Promise<Response> {
  if (policy.maxRetries <= 0 || !isRetrySafe(request)) return fetch(request);
  // A body can be read once: send clones and keep the original for the last attempt.
  const reusable = request.body === null;
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= policy.maxRetries;
    const attemptRequest = reusable || last ? request : request.clone();
    let response: Response;
    try {
      response = await fetch(attemptRequest);
    } catch (error) {
      if (last || signal?.aborted || (error as Error)?.name === 'AbortError') throw error;
      await policy.sleep(retryDelay(policy, attempt, null), signal);
      continue;
    }
    if (last || !isRetryableStatus(response.status)) return response;
    const delay = retryDelay(policy, attempt, response.headers.get('retry-after'));
    // Release the connection of the answer we discard. Not awaited: cancelling one branch of a teed
    // (cloned) body only settles once every branch is cancelled.
    response.body?.cancel().catch(() => {});
    await policy.sleep(delay, signal);
  }
}

/** Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts, whatever `fetch` does. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

type Validator = (
  operationId: string,
  status: number,
  body: unknown,
) => { pointer: string; reason: string } | undefined;
let validatorPromise: Promise<Validator> | undefined;

/** Loads ajv and the response schemas on first use only, so clients without validation never pay for them. */
function loadValidator(): Promise<Validator> {
  validatorPromise ??= import('./validation.ts').then((m) => m.createValidator());
  validatorPromise.catch(() => {
    validatorPromise = undefined;
  });
  return validatorPromise;
}

function apiError(surface: Surface, operationId: string, outcome: RawOutcome, body: unknown) {
  const init = {
    status: outcome.response.status,
    operationId,
    body,
    requestId: outcome.response.headers.get('x-request-id') ?? undefined,
    response: outcome.response,
  };
  return surface === 'agents' ? new AgentsApiError(init) : new ConvaiApiError(init);
}

/**
 * Runs one operation: wires timeout and caller signal into one abort signal, sends through the retrying
 * fetch, then turns openapi-fetch's outcome into a status-narrowed result (or throws).
 */
export async function execute(
  runtime: SurfaceRuntime,
  operationId: OperationId,
  send: (init: { signal: AbortSignal | undefined; fetch: FetchLike }) => Promise<RawOutcome>,
  options: RuntimeCallOptions | undefined,
): Promise<unknown> {
  const policy = options?.policy ?? runtime.policy;
  const given = options?.timeoutMs ?? runtime.timeoutMs;
  // setTimeout fires at once for delays beyond 2^31-1 ms; treat those (and Infinity) as "no deadline".
  const timeoutMs = given !== undefined && given <= 2_147_483_647 ? given : undefined;
  const callerSignal = options?.signal;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCallerAbort: (() => void) | undefined;
  if (timeoutMs !== undefined || callerSignal !== undefined) {
    callerSignal?.throwIfAborted();
    controller = new AbortController();
    const ctl = controller;
    if (callerSignal) {
      onCallerAbort = () => ctl.abort(callerSignal.reason);
      callerSignal.addEventListener('abort', onCallerAbort, { once: true });
    }
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => ctl.abort(new TimeoutError(timeoutMs)), timeoutMs);
    }
  }
  const signal = controller?.signal;
  try {
    const pending = send({
      signal,
      fetch: (request) => sendWithRetry(runtime.fetch, request, policy, signal),
    });
    const outcome = signal ? await raceAbort(pending, signal) : await pending;
    return await settle(runtime, operationId, outcome, options);
  } catch (error) {
    // Whatever the fetch implementation threw on abort, report the abort's own reason.
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    if (onCallerAbort) callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

async function settle(
  runtime: SurfaceRuntime,
  operationId: OperationId,
  outcome: RawOutcome,
  options: RuntimeCallOptions | undefined,
): Promise<unknown> {
  const { response } = outcome;
  const status = response.status;
  const body = response.ok ? outcome.data : outcome.error;
  const statuses: readonly number[] = operations[operationId].statuses;
  // The result type lists documented statuses only; anything else (a proxy's 502, say) must not pose as one.
  if (!statuses.includes(status)) throw apiError(runtime.surface, operationId, outcome, body);
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (options?.validateResponse ?? runtime.validateResponses) {
    const mismatch = (await loadValidator())(operationId, status, body);
    if (mismatch) throw new ResponseValidationError({ operationId, status, ...mismatch, requestId, body });
  }
  if (response.ok) return { ok: true, status, data: body, requestId, response };
  if (options?.throwOnError ?? runtime.throwOnError)
    throw apiError(runtime.surface, operationId, outcome, body);
  return { ok: false, status, error: body, requestId, response };
}
