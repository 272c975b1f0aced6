import {
  type CheckReport,
  type Contract,
  checkError,
  checkResponse,
  type ErrorExpectation,
  type ObservedResponse,
} from './checks.ts';

/** A raw HTTP request: for inputs the typed client cannot express (bad JSON, wrong media type, bad ids). */
export interface RawRequest {
  method: string;
  /** Path with parameters already substituted, e.g. `/v1/agents/phone-numbers/phone_...`. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** The body exactly as sent (already serialized). */
  body?: string;
}

/** Default time limit for one answer: a contract target answers every request, even a malformed one. */
export const DEFAULT_TIMEOUT_MS = 2000;

/** `GET /v1/...?a=b` for messages. */
export function describeRequest(req: RawRequest): string {
  const query = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query)}` : '';
  return `${req.method.toUpperCase()} ${req.path}${query}`;
}

/** Thrown when the target does not answer within the time limit. */
export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

/** Sends a raw request and reads the whole answer; rejects with {@link NoAnswerError} after `timeoutMs`. */
export async function send(
  baseUrl: string,
  req: RawRequest,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ObservedResponse> {
  const url = new URL(req.path, baseUrl);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: req.method.toUpperCase(),
      headers: req.headers ?? {},
      ...(req.body === undefined ? {} : { body: req.body }),
      signal: controller.signal,
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new NoAnswerError(`${describeRequest(req)}: no answer within ${timeoutMs} ms`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function noAnswer(operationId: string, req: RawRequest, error: NoAnswerError): CheckReport {
  return {
    operationId,
    request: describeRequest(req),
    status: undefined,
    ok: false,
    failures: [{ check: 'response_time', path: 'status', message: error.message }],
  };
}

/** Sends a request and checks the answer with {@link checkResponse}; no answer in time fails `response_time`. */
export async function sendAndCheck(
  contract: Contract,
  baseUrl: string,
  operationId: string,
  req: RawRequest,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<CheckReport> {
  try {
    return checkResponse(contract, operationId, await send(baseUrl, req, timeoutMs), describeRequest(req));
  } catch (error) {
    if (error instanceof NoAnswerError) return noAnswer(operationId, req, error);
    throw error;
  }
}

/** Sends a request the target must reject and checks the answer with {@link checkError}. */
export async function sendAndCheckError(
  contract: Contract,
  baseUrl: string,
  operationId: string,
  req: RawRequest,
  want: ErrorExpectation,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<CheckReport> {
  try {
    return checkError(contract, operationId, await send(baseUrl, req, timeoutMs), want, describeRequest(req));
  } catch (error) {
    if (error instanceof NoAnswerError) return noAnswer(operationId, req, error);
    throw error;
  }
}
