import { parsePointer } from '@phone-api/openapi';
import type { AgentsError, ConvaiError, Surface } from './types.ts';

/** Options shared by the API error classes. */
export interface ApiErrorInit<Body> {
  status: number;
  operationId: string;
  body: Body;
  requestId: string | undefined;
  response: Response;
}

/**
 * Base class of the errors thrown for a non-2xx answer (in throw mode, or always for a status the spec does not
 * document). Catch this to handle both surfaces; `instanceof AgentsApiError` / `ConvaiApiError` to tell them apart.
 */
export class PhoneNumbersApiError<Body = unknown> extends Error {
  override name = 'PhoneNumbersApiError';
  /** The surface that answered. */
  readonly surface: Surface;
  /** HTTP status of the response. */
  readonly status: number;
  /** Machine-readable code: agents `error.code`, convai first `detail[].type`, else `http_<status>`. */
  readonly code: string;
  /** The operation that failed, e.g. `agentsGetPhoneNumber`. */
  readonly operationId: string;
  /** Value of the `X-Request-Id` response header (quote it in support requests). */
  readonly requestId: string | undefined;
  /** The parsed response body (the surface's error shape when the server kept to the spec). */
  readonly body: Body;
  /** The raw response; its body has already been read. */
  readonly response: Response;

  constructor(surface: Surface, code: string, message: string, init: ApiErrorInit<Body>) {
    super(`${init.operationId} failed with ${init.status} ${code}: ${message}`);
    this.surface = surface;
    this.status = init.status;
    this.code = code;
    this.operationId = init.operationId;
    this.requestId = init.requestId;
    this.body = init.body;
    this.response = init.response;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** A non-2xx answer of the agents surface; `body` is the `Error` envelope `{ error: { code, message }, request_id }`. */
export class AgentsApiError extends PhoneNumbersApiError<AgentsError> {
  override name = 'AgentsApiError';

  constructor(init: ApiErrorInit<unknown>) {
    const error = record(record(init.body)?.error);
    const code = typeof error?.code === 'string' ? error.code : `http_${init.status}`;
    const message = typeof error?.message === 'string' ? error.message : 'unexpected response body';
    const requestId = init.requestId ?? (record(init.body)?.request_id as string | undefined);
    super('agents', code, message, { ...init, requestId, body: init.body as AgentsError });
  }
}

/** A non-2xx answer of the convai surface; `body` is `HTTPValidationError` `{ detail: [{ loc, msg, type }] }`. */
export class ConvaiApiError extends PhoneNumbersApiError<ConvaiError> {
  override name = 'ConvaiApiError';

  constructor(init: ApiErrorInit<unknown>) {
    const detail = record(init.body)?.detail;
    const first = record(Array.isArray(detail) ? detail[0] : undefined);
    const code = typeof first?.type === 'string' ? first.type : `http_${init.status}`;
    const message = typeof first?.msg === 'string' ? first.msg : 'unexpected response body';
    super('convai', code, message, { ...init, body: init.body as ConvaiError });
  }
}

/** The call did not finish within `timeoutMs` (retries and backoff included). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  /** The deadline that passed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`The request did not complete within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** A response body did not match the spec's schema for its operation and status (`validateResponses: true`). */
export class ResponseValidationError extends Error {
  override name = 'ResponseValidationError';
  /** The operation whose response failed validation. */
  readonly operationId: string;
  /** HTTP status of the response. */
  readonly status: number;
  /** JSON path of the first mismatch, e.g. `$.numbers[0].id` (`$` is the body itself). */
  readonly path: string;
  /** The same location as a JSON Pointer, e.g. `/numbers/0/id`. */
  readonly pointer: string;
  /** Value of the `X-Request-Id` response header. */
  readonly requestId: string | undefined;
  /** The parsed response body. */
  readonly body: unknown;

  constructor(init: {
    operationId: string;
    status: number;
    pointer: string;
    reason: string;
    requestId: string | undefined;
    body: unknown;
  }) {
    const path = pointerToPath(init.pointer);
    super(`${init.operationId} ${init.status} response does not match the spec at ${path}: ${init.reason}`);
    this.operationId = init.operationId;
    this.status = init.status;
    this.pointer = init.pointer;
    this.path = path;
    this.requestId = init.requestId;
    this.body = init.body;
  }
}

/** `/numbers/0/id` -> `$.numbers[0].id`; keys that are not identifiers are quoted. */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  let path = '$';
  for (const key of parsePointer(pointer)) {
    if (/^(0|[1-9][0-9]*)$/.test(key)) path += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) path += `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path;
}
