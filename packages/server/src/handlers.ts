/**
 * Handler types derived from the generated `operations`: each handler gets the validated request of its
 * operation and must answer one of that operation's documented responses.
 */
import { errorReply } from './errors.ts';
import type { operations } from './schema.gen.ts';

/** Every operationId of the spec. */
export type OperationId = keyof operations;

type Op<K extends OperationId> = operations[K];
type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type OrEmpty<T> = [NonNullable<T>] extends [never] ? Record<string, never> : NonNullable<T>;

/** The surface an operation belongs to, by its operationId prefix. */
export type SurfaceOf<K extends OperationId> = K extends `agents${string}` ? 'agents' : 'convai';

/** The JSON body an operation accepts (`undefined` when it takes none). */
export type RequestBodyOf<K extends OperationId> = [NonNullable<Op<K>['requestBody']>] extends [never]
  ? undefined
  : JsonContent<NonNullable<Op<K>['requestBody']>>;

/** What a handler receives: the request after validation, typed from the spec. */
export interface HandlerRequest<K extends OperationId, W = unknown> {
  operationId: K;
  surface: SurfaceOf<K>;
  /** Path parameters, percent-decoded (ids with `x-id-prefix` already have the prefixed form). */
  params: OrEmpty<Op<K>['parameters']['path']>;
  /** Declared query parameters, integers parsed and defaults filled in. */
  query: OrEmpty<Op<K>['parameters']['query']>;
  /** Request headers, lowercase names. */
  headers: Record<string, string>;
  body: RequestBodyOf<K>;
  /** Also sent as `X-Request-Id`; the agents error envelope echoes it as `request_id`. */
  requestId: string;
  /** The bearer token or `xi-api-key` value. */
  credential: string;
  /**
   * The `const` tags of the body branch the spec's `if`/`then`/`else` chain chose (`{ provider: 'twilio' }`
   * for a convai create body carrying `sid`); absent for bodies the spec does not split that way.
   */
  variant?: Readonly<Record<string, unknown>>;
  /** What `authenticate` resolved the credential to. */
  workspace: W;
}

type Responses<K extends OperationId> = Op<K>['responses'];

type ResponseFor<S, R> = [JsonContent<R>] extends [undefined]
  ? { status: S; headers?: Record<string, string>; body?: undefined }
  : { status: S; headers?: Record<string, string>; body: JsonContent<R> };

/**
 * The replies a handler of `K` may return: a union over the documented statuses, each with its own body
 * type (none for a response without content, such as 204). `X-Request-Id` and `Content-Type` are added by
 * the router; `headers` carries the rest (e.g. `Retry-After`).
 */
export type HandlerResponse<K extends OperationId> = {
  [S in keyof Responses<K>]: ResponseFor<S, Responses<K>[S]>;
}[keyof Responses<K>];

/** A handler of operation `K`; `W` is the workspace type `authenticate` returns. */
export type Handler<K extends OperationId, W = unknown> = (
  req: HandlerRequest<K, W>,
) => HandlerResponse<K> | Promise<HandlerResponse<K>>;

/** One handler per operation; a missing one is a compile error. */
export type Handlers<W = unknown> = { [K in OperationId]: Handler<K, W> };

type Primitive = string | number | boolean | bigint | symbol | null | undefined;
type Candidates<T, S> = S extends unknown ? (T extends S ? S : never) : never;
type ElementOf<S> = S extends readonly (infer E)[] ? E : never;

/**
 * `T` with every property that `S` does not declare turned into `never`, recursively through objects,
 * arrays and unions (each object is checked against the members of `S` it is assignable to). Asserting
 * `T extends DeepExact<T, S>` therefore fails exactly when `T` carries an extra property somewhere. Needed
 * because TypeScript only checks excess properties of object literals against a declared type, never for
 * the inferred return type of a function expression.
 */
export type DeepExact<T, S> = T extends Primitive
  ? T
  : T extends (...args: never[]) => unknown
    ? T
    : T extends readonly unknown[]
      ? { [I in keyof T]: DeepExact<T[I], ElementOf<S>> }
      : T extends object
        ? ExactObject<T, Candidates<T, S>>
        : T;

type ExactObject<T, M> = [M] extends [never]
  ? T
  : M extends unknown
    ? { [P in keyof T]: P extends keyof M ? DeepExact<T[P], M[P]> : never }
    : never;

/**
 * The exactness check over a handler map: each handler's actual (inferred) reply type must be an exact
 * documented response, and no handler may exist for an unknown operation.
 */
export type ExactHandlers<H, W = unknown> = {
  [K in keyof H]: K extends OperationId
    ? H[K] extends (req: HandlerRequest<K, W>) => infer R
      ? (
          req: HandlerRequest<K, W>,
        ) => DeepExact<Awaited<R>, HandlerResponse<K>> | Promise<DeepExact<Awaited<R>, HandlerResponse<K>>>
      : Handler<K, W>
    : never;
};

/**
 * Declares the handler map with full checking: every operation has a handler (missing ones fail to
 * compile), each returns only documented statuses with their own body types, and (unlike a plain
 * `const h: Handlers = ...` annotation) a body with a property the spec does not declare fails too.
 * Curried so the workspace type can be given while the handler types are inferred:
 * `defineHandlers<Workspace>()({ ... })`.
 */
export function defineHandlers<W = unknown>(): <H extends Handlers<W>>(
  handlers: H & ExactHandlers<H, W>,
) => H {
  return (handlers) => handlers;
}

type WithInternalError<K extends OperationId> = 500 extends keyof Responses<K> ? K : never;

/**
 * An explicit placeholder handler: answers the operation's documented 500 (`internal_error`, "Not
 * implemented.") in its surface's shape. Only operations that document a 500 accept it.
 */
export function notImplemented<K extends OperationId>(
  operationId: WithInternalError<K>,
): Handler<K, unknown> {
  return (req) => {
    const reply = errorReply('not_implemented', req.surface, req.requestId, {
      params: { operationId: String(operationId) },
    });
    return { status: reply.status, body: reply.body } as HandlerResponse<K>;
  };
}
