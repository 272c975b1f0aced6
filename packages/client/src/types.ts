import type { components, operations as OperationTypes } from './schema.gen.ts';

type Schemas = components['schemas'];

// The two API surfaces over the one phone-number resource: the OpenAPI helper's type, inlined into dist.
export type { Surface } from '@phone-api/openapi';
/** Operation ids of the spec, e.g. `agentsGetPhoneNumber`. */
export type OperationId = keyof OperationTypes;

/** A phone number as the agents surface shows it. */
export type PhoneNumber = Schemas['PhoneNumber'];
/** One page of the agents list. */
export type PhoneNumberList = Schemas['PhoneNumberList'];
/** Body of `agents.phoneNumbers.import` (discriminated by `source`). */
export type PhoneNumberImport = Schemas['PhoneNumberImport'];
/** Body of `agents.phoneNumbers.update`. */
export type PhoneNumberUpdate = Schemas['PhoneNumberUpdate'];
/** The agents surface's error envelope. */
export type AgentsError = Schemas['Error'];
/** Machine-readable error codes of the agents surface. */
export type AgentsErrorCode = Schemas['ErrorCode'];
/** A phone number as the convai surface shows it (discriminated by `provider`). */
export type ConvaiPhoneNumber = Schemas['GetPhoneNumberResponseModel'];
/** Body of `convai.phoneNumbers.create`. */
export type ConvaiCreatePhoneNumber = Schemas['CreatePhoneNumberRequest'];
/** Body of `convai.phoneNumbers.update`. */
export type ConvaiUpdatePhoneNumber = Schemas['UpdatePhoneNumberRequest'];
/** The convai surface's error body. */
export type ConvaiError = Schemas['HTTPValidationError'];

type ResponsesOf<Op extends OperationId> = OperationTypes[Op]['responses'];
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type IsSuccess<S extends number> = `${S}` extends `2${string}` ? true : false;

interface ResultBase {
  /** Value of the `X-Request-Id` response header (quote it in support requests). */
  readonly requestId: string | undefined;
  /** The raw response; its body has already been read. */
  readonly response: Response;
}

/** A 2xx answer: `data` is the parsed body (`undefined` for 204). */
export interface ApiSuccess<S extends number, D> extends ResultBase {
  readonly ok: true;
  readonly status: S;
  readonly data: D;
}

/** A documented non-2xx answer: `error` is the parsed body in the surface's error shape. */
export interface ApiFailure<S extends number, E> extends ResultBase {
  readonly ok: false;
  readonly status: S;
  readonly error: E;
}

/**
 * The result of an operation: a union over its documented statuses, discriminated by `status` (and `ok`).
 * `data` exists only on 2xx members and `error` only on the others, so both need narrowing first.
 */
export type ApiResult<Op extends OperationId> = {
  [S in keyof ResponsesOf<Op>]: S extends number
    ? IsSuccess<S> extends true
      ? ApiSuccess<S, JsonBody<ResponsesOf<Op>[S]>>
      : ApiFailure<S, JsonBody<ResponsesOf<Op>[S]>>
    : never;
}[keyof ResponsesOf<Op>];

/** The 2xx members of {@link ApiResult}: what a call returns in throw mode. */
export type ApiSuccessResult<Op extends OperationId> = Extract<ApiResult<Op>, { ok: true }>;

/** Picks the full result or the success-only result from the client's and the call's `throwOnError`. */
export type ResultFor<Op extends OperationId, ClientThrows extends boolean, CallThrows> = (
  CallThrows extends boolean
    ? CallThrows
    : ClientThrows
) extends true
  ? ApiSuccessResult<Op>
  : ApiResult<Op>;
