/**
 * The error catalogue: every error reply a server of this repo sends (the router, the request validator,
 * the reference server's handlers, the mock), keyed by what it means rather than by status or code. Each
 * entry gives, per surface, the status, the agents `code` or convai `type`, the message and the convai
 * `loc`. `errorReply` (errors.ts) is the one function that turns a meaning into the surface's reply, so a
 * wording lives here and nowhere else: two refusals that must look alike (another workspace's number and
 * a missing one) are alike because they name the same entry, not because strings were copied.
 *
 * An entry without a surface is a refusal that surface cannot produce (trunk settings exist on convai
 * only); asking for it does not compile. A message or `loc` that depends on the request (the body limit,
 * the JSON parser's reason) is a function of the meaning's parameters, which callers must then pass.
 */
import type { components } from './schema.gen.ts';

/** A convai `loc`: `body`, `path`, `query` or `header`, then property names and array indexes. */
export type Loc = readonly (string | number)[];

/** A value fixed here, or computed from the meaning's parameters (each function takes the same ones). */
type Template<P, T> = T | ((params: P) => T);

/** The agents surface's side of an entry: `{ error: { code, message, fields? }, request_id }`. */
export interface AgentsEntry<P = never> {
  readonly status: number;
  /** Typed by the spec's `ErrorCode` enum: a code the contract does not list fails to compile. */
  readonly code: components['schemas']['ErrorCode'];
  readonly message: Template<P, string>;
  /** `error.fields` this refusal always names (a state check the schema cannot express). */
  readonly fields?: Readonly<Record<string, string>>;
}

/** The convai surface's side of an entry: `{ detail: [{ loc, msg, type }] }`. */
export interface ConvaiEntry<P = never> {
  readonly status: number;
  readonly type: string;
  readonly message: Template<P, string>;
  readonly loc: Template<P, Loc>;
}

/** One meaning on both surfaces (or on the one that can produce it). */
export interface CatalogueEntry {
  // biome-ignore lint/suspicious/noExplicitAny: each entry declares its own parameter type; see ParamsOf.
  readonly agents?: AgentsEntry<any>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  readonly convai?: ConvaiEntry<any>;
}

/**
 * An entry that reads the same on both surfaces: one status, the agents `code` doubling as the convai
 * `type`, one wording; only convai adds a `loc`. Written this way, the agreement is stated, not repeated.
 */
function alike<
  const N extends number,
  const C extends AgentsEntry['code'],
  // The message's and loc's own types (a string, a tuple, or a function of the parameters), kept exact so
  // that ParamsOf finds parameters only where a wording really has them.
  // biome-ignore lint/suspicious/noExplicitAny: any parameter type; ParamsOf reads the one given.
  const T extends Template<any, string>,
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const L extends Template<any, Loc>,
>(status: N, code: C, message: T, loc: L) {
  return { agents: { status, code, message }, convai: { status, type: code, message, loc } };
}

/**
 * The agents validation failure. Refusals that only state can decide (a cursor never issued) are this
 * same envelope naming their field, so they share it rather than repeat its wording.
 */
const VALIDATION_FAILED = {
  status: 400,
  code: 'validation_failed',
  message: 'The request failed validation.',
} as const;

/** The catalogue. Wordings of fixed messages are the spec's own examples where it has one. */
export const ERRORS = {
  /** Unknown path, or a known path with an undocumented method (also an unknown preflight). */
  route_not_found: alike(404, 'not_found', 'No such route.', ['path']),
  /**
   * No such number in the workspace: missing, deleted, another workspace's, or an id not of the
   * `phone_...` form. The spec makes these indistinguishable, so they are one entry.
   */
  phone_number_not_found: {
    agents: {
      status: 404,
      code: 'phone_number_not_found',
      message: 'No phone number with this id in the workspace.',
    },
    convai: {
      status: 404,
      type: 'not_found',
      message: 'Phone number not found.',
      loc: ['path', 'phone_number_id'],
    },
  },
  /** The body references an agent that does not exist in the workspace. */
  agent_not_found: alike(422, 'agent_not_found', 'No agent with this id in the workspace.', [
    'body',
    'agent_id',
  ]),
  /** Credentials missing, malformed, or not recognised by `authenticate`. */
  unauthorized: {
    agents: { status: 401, code: 'unauthorized', message: 'Missing or invalid API key.' },
    convai: {
      status: 401,
      type: 'invalid_api_key',
      message: 'Missing or invalid xi-api-key.',
      loc: ['header', 'xi-api-key'],
    },
  },
  /**
   * The request breaks its schema. Agents name each field in `fields`; convai lists one `detail` item per
   * problem (`issues`), this entry's item standing in only when none is given.
   */
  validation_failed: {
    agents: VALIDATION_FAILED,
    convai: { status: 422, type: 'value_error', message: VALIDATION_FAILED.message, loc: ['body'] },
  },
  /** An agents list `cursor` this API never issued (its format is opaque, so no schema can say). */
  invalid_cursor: {
    agents: { ...VALIDATION_FAILED, fields: { cursor: 'is not a cursor returned by this API' } },
  },
  /** An agents `twilio` import of a verified caller ID before any DID of the same Twilio account. */
  verified_caller_id_without_account: {
    agents: {
      ...VALIDATION_FAILED,
      fields: { e164: 'is a verified caller ID; import a twilio number of the same account first' },
    },
  },
  /** The body is not JSON. `reason` is the parser's (never the input), `position` its character offset. */
  malformed_json: {
    agents: {
      status: 400,
      code: 'bad_request',
      message: (p: { reason: string; position: number }) =>
        `The request body is not valid JSON: ${p.reason} at position ${p.position}`,
    },
    convai: {
      status: 422,
      type: 'json_invalid',
      message: (p: { reason: string; position: number }) => `JSON decode error: ${p.reason}`,
      loc: (p: { reason: string; position: number }) => ['body', p.position],
    },
  },
  /** The number (its `e164`) is already in the workspace. */
  phone_number_conflict: {
    agents: { status: 409, code: 'conflict', message: 'This number is already in the workspace.' },
    convai: {
      status: 409,
      type: 'conflict',
      message: 'This phone number is already imported.',
      loc: ['body', 'phone_number'],
    },
  },
  /** An `Idempotency-Key` replayed with a different body. */
  idempotency_key_reused: alike(
    409,
    'conflict',
    'This Idempotency-Key was used with a different request body.',
    ['header', 'idempotency-key'],
  ),
  /** The body is over the limit; `limit` is how the limit reads (`64 KiB`). */
  payload_too_large: alike(
    413,
    'payload_too_large',
    (p: { limit: string }) => `The request body exceeds ${p.limit}.`,
    ['body'],
  ),
  /** A non-empty body with a non-JSON `Content-Type`. */
  unsupported_media_type: alike(415, 'unsupported_media_type', 'Send the body as application/json.', [
    'header',
    'content-type',
  ]),
  /** An agent assigned to a `verified_caller_id` number, which is outbound-only. */
  not_bindable: {
    agents: {
      status: 400,
      code: 'phone_number_not_agent_bindable',
      message: 'verified_caller_id numbers are outbound-only and cannot be bound to an agent.',
    },
    convai: {
      status: 422,
      type: 'phone_number_not_agent_bindable',
      message: 'verified_caller_id numbers are outbound-only and cannot be assigned an agent.',
      loc: ['body', 'agent_id'],
    },
  },
  /** Trunk settings sent for a number that is not a `sip_trunk` (the agents surface has none). */
  not_sip_trunk: {
    convai: {
      status: 422,
      type: 'not_sip_trunk',
      message: 'Only sip_trunk numbers have trunk settings.',
      loc: ['body', 'inbound_trunk_config'],
    },
  },
  /**
   * Anything unexpected: a thrown or timed-out handler, an out-of-contract reply, a failing
   * `authenticate`, a mock that could not produce an answer. A handler timeout is this too, not a 503
   * (`onError`'s `kind` tells them apart): the 503 says "retry later", which a stuck handler cannot promise.
   */
  internal: {
    agents: { status: 500, code: 'internal_error', message: 'Something went wrong on our side.' },
    convai: { status: 500, type: 'internal_error', message: 'Internal server error.', loc: [] },
  },
  /** A mock's injected rate limit (`Prefer: fault=429`, a failure rate): the documented 429, with `Retry-After`. */
  rate_limited: alike(429, 'rate_limited', 'Too many requests; retry after the delay in Retry-After.', []),
  /** A mock's injected outage (`Prefer: fault=503`): the documented 503, with `Retry-After`. */
  unavailable: alike(
    503,
    'service_unavailable',
    'The service is unavailable; retry after the delay in Retry-After.',
    [],
  ),
  /** `notImplemented(operationId)`'s placeholder answer: the documented 500, naming the operation. */
  not_implemented: alike(
    500,
    'internal_error',
    (p: { operationId: string }) => `${p.operationId} is not implemented.`,
    [],
  ),
} as const satisfies Record<string, CatalogueEntry>;

type Catalogue = typeof ERRORS;

/** Every meaning the catalogue knows; any other string is a compile error wherever a meaning is expected. */
export type ErrorMeaning = keyof Catalogue;

/** The surfaces that can produce `M`. */
export type SurfacesOf<M extends ErrorMeaning> = Extract<keyof Catalogue[M], 'agents' | 'convai'>;

type ParamOf<T> = T extends (params: infer P) => unknown ? P : never;
type EntryParams<E> = E extends { message: infer Msg }
  ? ParamOf<Msg> | (E extends { loc: infer L } ? ParamOf<L> : never)
  : never;

/** The parameters `M`'s message or `loc` is computed from (`never` for a fixed wording). */
export type ParamsOf<M extends ErrorMeaning> = {
  [S in SurfacesOf<M>]: EntryParams<Catalogue[M][S]>;
}[SurfacesOf<M>];

/** The status `M` has on surface `S`, as a literal type (what a handler's reply union needs). */
export type StatusOf<M extends ErrorMeaning, S extends SurfacesOf<M>> = Catalogue[M][S] extends {
  status: infer N;
}
  ? N
  : never;
