import createClient, { type Client } from 'openapi-fetch';
import { agentsServer, convaiServers } from './operations.gen.ts';
import { type RetryOptions, resolveRetryPolicy } from './retry.ts';
import type { paths } from './schema.gen.ts';
import {
  execute,
  type FetchLike,
  type RuntimeCallOptions,
  type SurfaceRuntime,
  sendWithRetry,
} from './transport.ts';
import type {
  ConvaiCreatePhoneNumber,
  ConvaiUpdatePhoneNumber,
  OperationId,
  PhoneNumber,
  PhoneNumberImport,
  PhoneNumberList,
  PhoneNumberUpdate,
  ResultFor,
  Surface,
} from './types.ts';

/** The paths of the agents surface. */
export type AgentsPaths = { [P in keyof paths as P extends `/v1/agents/${string}` ? P : never]: paths[P] };
/** The paths of the convai surface. */
export type ConvaiPaths = { [P in keyof paths as P extends `/v1/convai/${string}` ? P : never]: paths[P] };
/** Named regional servers of the convai surface. */
export type ConvaiRegion = keyof typeof convaiServers;

/** Credentials and address of one surface. */
export interface SurfaceOptions {
  /** Agents: the `sk_...` key sent as `Authorization: Bearer`. Convai: the key sent as `xi-api-key`. */
  apiKey: string;
  /** Overrides the client-wide `baseUrl` and the spec's server for this surface. */
  baseUrl?: string;
}

/** Options of {@link createPhoneNumbersClient}. */
export interface PhoneNumbersClientOptions<Throw extends boolean = boolean> {
  /** Credentials for the agents surface (`/v1/agents/phone-numbers`). */
  agents?: SurfaceOptions;
  /** Credentials for the convai surface (`/v1/convai/phone-numbers`). */
  convai?: SurfaceOptions;
  /** Base URL for both surfaces (e.g. a staging host or a local mock); each surface's `baseUrl` wins over it. */
  baseUrl?: string;
  /** Convai region when no base URL is given: `default` (api.elevenlabs.io), `us`, `eu` or `in`. */
  convaiRegion?: ConvaiRegion;
  /** The `fetch` to send requests with (default: `globalThis.fetch`). Tests inject one here. */
  fetch?: FetchLike;
  /** Retry policy; `false` switches retries off. See {@link RetryOptions}. */
  retry?: RetryOptions | false;
  /** Deadline per call in ms, retries and backoff included (default 60000; `Infinity` for none). */
  timeoutMs?: number;
  /** Check every response body against the spec (loads ajv lazily; needs the `ajv` and `ajv-formats` peers). */
  validateResponses?: boolean;
  /** Throw `AgentsApiError` / `ConvaiApiError` on non-2xx answers instead of returning them. */
  throwOnError?: Throw;
}

/** Per-call options; each one overrides the client's setting for this call only. */
export interface CallOptions<Throw extends boolean | undefined = boolean | undefined> {
  /** Cancels the call; it then rejects with the signal's reason (an `AbortError` unless you gave another). */
  signal?: AbortSignal;
  /** Deadline of this call in ms, retries included. */
  timeoutMs?: number;
  /** Retry policy of this call, merged over the client's; `false` switches retries off. */
  retry?: RetryOptions | false;
  /** Throw on non-2xx answers for this call. */
  throwOnError?: Throw;
  /** Validate this call's response body against the spec. */
  validateResponse?: boolean;
}

/** Options of calls that create something: an `Idempotency-Key` makes them safe to retry. */
export interface CreateCallOptions<Throw extends boolean | undefined = boolean | undefined>
  extends CallOptions<Throw> {
  /** Sent as `Idempotency-Key`; a repeat with the same key gets the first answer. Enables retries of the POST. */
  idempotencyKey?: string;
}

type Result<Op extends OperationId, T extends boolean, C> = Promise<ResultFor<Op, T, C>>;

/** `client.agents.phoneNumbers`: the agents surface (Bearer auth, `Error` envelope). */
export interface AgentsPhoneNumbers<T extends boolean> {
  /** One page of the workspace's numbers, newest first. Follow `data.next_cursor` while `data.has_more`. */
  list<C extends boolean | undefined = undefined>(
    query?: { cursor?: string; limit?: number },
    options?: CallOptions<C>,
  ): Result<'agentsListPhoneNumbers', T, C>;
  /** Every page, following cursors; throws `AgentsApiError` on a non-2xx answer. */
  listPages(
    query?: { limit?: number; cursor?: string },
    options?: CallOptions<never>,
  ): AsyncGenerator<PhoneNumberList>;
  /** Every number of every page; throws `AgentsApiError` on a non-2xx answer. */
  listAll(query?: { limit?: number }, options?: CallOptions<never>): AsyncGenerator<PhoneNumber>;
  /** Imports a number (`source` selects the provisioning path). */
  import<C extends boolean | undefined = undefined>(
    body: PhoneNumberImport,
    options?: CreateCallOptions<C>,
  ): Result<'agentsImportPhoneNumber', T, C>;
  /** A number by its `phone_...` id; any other id is a 404. */
  get<C extends boolean | undefined = undefined>(
    id: string,
    options?: CallOptions<C>,
  ): Result<'agentsGetPhoneNumber', T, C>;
  /** Changes the label or the agent binding. */
  update<C extends boolean | undefined = undefined>(
    id: string,
    body: PhoneNumberUpdate,
    options?: CallOptions<C>,
  ): Result<'agentsUpdatePhoneNumber', T, C>;
  /** Deletes a number (204). */
  delete<C extends boolean | undefined = undefined>(
    id: string,
    options?: CallOptions<C>,
  ): Result<'agentsDeletePhoneNumber', T, C>;
}

/** `client.convai.phoneNumbers`: the convai surface (`xi-api-key`, `HTTPValidationError`). */
export interface ConvaiPhoneNumbers<T extends boolean> {
  /** All numbers of the workspace (at most 100), optionally filtered. */
  list<C extends boolean | undefined = undefined>(
    query?: { provider?: 'twilio' | 'sip_trunk' | 'exotel'; agent_id?: string; branch_id?: string },
    options?: CallOptions<C>,
  ): Result<'convaiListPhoneNumbers', T, C>;
  /** Imports a number from a provider configuration; answers `{ phone_number_id }`. */
  create<C extends boolean | undefined = undefined>(
    body: ConvaiCreatePhoneNumber,
    options?: CreateCallOptions<C>,
  ): Result<'convaiCreatePhoneNumber', T, C>;
  /** A number by id. */
  get<C extends boolean | undefined = undefined>(
    phoneNumberId: string,
    options?: CallOptions<C>,
  ): Result<'convaiGetPhoneNumber', T, C>;
  /** Changes the agent, label or trunk configuration. */
  update<C extends boolean | undefined = undefined>(
    phoneNumberId: string,
    body: ConvaiUpdatePhoneNumber,
    options?: CallOptions<C>,
  ): Result<'convaiUpdatePhoneNumber', T, C>;
  /** Deletes a number (200 `{}`). */
  delete<C extends boolean | undefined = undefined>(
    phoneNumberId: string,
    options?: CallOptions<C>,
  ): Result<'convaiDeletePhoneNumber', T, C>;
}

/** The client: one facade per surface, plus the underlying openapi-fetch client (`raw`) for path-level calls. */
export interface PhoneNumbersClient<T extends boolean = false> {
  agents: {
    phoneNumbers: AgentsPhoneNumbers<T>;
    /** openapi-fetch client of the agents paths, with auth, base URL and retries wired in. */
    raw: Client<AgentsPaths>;
  };
  convai: {
    phoneNumbers: ConvaiPhoneNumbers<T>;
    /** openapi-fetch client of the convai paths, with auth, base URL and retries wired in. */
    raw: Client<ConvaiPaths>;
  };
}

const defaultFetch: FetchLike = (request) => globalThis.fetch(request);

function checkTimeout(timeoutMs: number | undefined, where: string): void {
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new RangeError(`${where} must be a positive number of milliseconds, got ${timeoutMs}`);
  }
}

function resolveBaseUrl(surface: Surface, options: PhoneNumbersClientOptions): string {
  const own = options[surface]?.baseUrl ?? options.baseUrl;
  if (own !== undefined) return own;
  if (surface === 'agents') return agentsServer;
  const region = options.convaiRegion ?? 'default';
  const url = convaiServers[region];
  if (url === undefined) {
    throw new RangeError(
      `convaiRegion must be one of ${Object.keys(convaiServers).join(', ')}, got ${JSON.stringify(region)}`,
    );
  }
  return url;
}

/**
 * Creates the typed phone-number client.
 *
 * @example
 * const client = createPhoneNumbersClient({ agents: { apiKey: 'sk_...' }, convai: { apiKey: 'xi_...' } });
 * const res = await client.agents.phoneNumbers.get('phone_01kjqh7vm8fg9vjw2pv29p5pjw');
 * if (res.status === 200) console.log(res.data.e164);
 * else if (res.status === 404) console.log(res.error.error.code);
 */
export function createPhoneNumbersClient<const T extends boolean = false>(
  options: PhoneNumbersClientOptions<T>,
): PhoneNumbersClient<T> {
  checkTimeout(options.timeoutMs, 'timeoutMs');
  const agents = wireSurface<AgentsPaths>('agents', options, {
    Authorization: `Bearer ${options.agents?.apiKey ?? ''}`,
  });
  const convai = wireSurface<ConvaiPaths>('convai', options, { 'xi-api-key': options.convai?.apiKey ?? '' });
  return {
    agents: { phoneNumbers: agentsPhoneNumbers<T>(agents), raw: agents.raw },
    convai: { phoneNumbers: convaiPhoneNumbers<T>(convai), raw: convai.raw },
  };
}

/** One surface, wired: what its facade sends requests through. */
interface WiredSurface<P extends {}> {
  /** openapi-fetch client of the surface's paths, with auth, base URL and retries wired in. */
  raw: Client<P>;
  /** Runs one call of the facade (key check, deadline, retries, narrowing); typed by the facade. */
  call(operationId: OperationId, send: Parameters<typeof execute>[2], given?: CreateCallOptions): never;
}

/** The runtime, raw client and call wrapper of one surface, sending `headers` (its credential) on every request. */
function wireSurface<P extends {}>(
  surface: Surface,
  options: PhoneNumbersClientOptions,
  headers: Record<string, string>,
): WiredSurface<P> {
  const rt: SurfaceRuntime = {
    surface,
    fetch: options.fetch ?? defaultFetch,
    policy: resolveRetryPolicy(options.retry),
    timeoutMs: options.timeoutMs ?? 60_000,
    throwOnError: options.throwOnError === true,
    validateResponses: options.validateResponses === true,
  };
  const raw = createClient<P>({
    baseUrl: resolveBaseUrl(surface, options),
    headers,
    fetch: (request) => sendWithRetry(rt.fetch, request, rt.policy, request.signal),
  });
  return {
    raw,
    call: (operationId, send, given) => {
      requireKey(surface, options);
      return execute(rt, operationId, send, callOptions(given, options.retry)) as never;
    },
  };
}

/** A surface without a key still builds (the other may be all you use); its calls throw this. */
function requireKey(surface: Surface, options: PhoneNumbersClientOptions): void {
  if (!options[surface]?.apiKey) {
    throw new TypeError(
      `The ${surface} surface is not configured: pass createPhoneNumbersClient({ ${surface}: { apiKey: '...' } })`,
    );
  }
}

/** Per-call overrides, turned into what the runtime reads (and the retry policy merged once here). */
function callOptions(
  given: CreateCallOptions | undefined,
  clientRetry: RetryOptions | false | undefined,
): RuntimeCallOptions | undefined {
  if (given === undefined) return undefined;
  checkTimeout(given.timeoutMs, 'timeoutMs');
  return {
    signal: given.signal,
    timeoutMs: given.timeoutMs,
    throwOnError: given.throwOnError,
    validateResponse: given.validateResponse,
    policy:
      given.retry === undefined
        ? undefined
        : resolveRetryPolicy(
            given.retry === false || clientRetry === false ? given.retry : { ...clientRetry, ...given.retry },
          ),
  };
}

/** The `Idempotency-Key` header of a create call, when the caller gave one. */
function idempotencyHeader(opts: CreateCallOptions | undefined): Record<string, string> {
  return opts?.idempotencyKey === undefined ? {} : { 'Idempotency-Key': opts.idempotencyKey };
}

/** `client.agents.phoneNumbers` over the wired agents surface. */
function agentsPhoneNumbers<T extends boolean>({
  raw,
  call,
}: WiredSurface<AgentsPaths>): AgentsPhoneNumbers<T> {
  const agents: AgentsPhoneNumbers<T> = {
    list: (query, opts) =>
      call(
        'agentsListPhoneNumbers',
        (init) => raw.GET('/v1/agents/phone-numbers', { params: { query }, ...init }),
        opts,
      ),
    async *listPages(query, opts) {
      let cursor = query?.cursor;
      for (;;) {
        const res = await agents.list({ ...query, cursor }, { ...opts, throwOnError: true });
        yield res.data;
        const next = res.data.has_more ? res.data.next_cursor : null;
        if (next === null) return;
        // A server that hands back the cursor it was given would make this loop forever.
        if (next === cursor)
          throw new Error(`agentsListPhoneNumbers returned the same next_cursor twice (${next})`);
        cursor = next;
      }
    },
    async *listAll(query, opts) {
      for await (const page of agents.listPages(query, opts)) yield* page.numbers;
    },
    import: (body, opts) =>
      call(
        'agentsImportPhoneNumber',
        (init) =>
          raw.POST('/v1/agents/phone-numbers', {
            params: { header: idempotencyHeader(opts) },
            body,
            ...init,
          }),
        opts,
      ),
    get: (id, opts) =>
      call(
        'agentsGetPhoneNumber',
        (init) => raw.GET('/v1/agents/phone-numbers/{id}', { params: { path: { id } }, ...init }),
        opts,
      ),
    update: (id, body, opts) =>
      call(
        'agentsUpdatePhoneNumber',
        (init) => raw.PATCH('/v1/agents/phone-numbers/{id}', { params: { path: { id } }, body, ...init }),
        opts,
      ),
    delete: (id, opts) =>
      call(
        'agentsDeletePhoneNumber',
        (init) => raw.DELETE('/v1/agents/phone-numbers/{id}', { params: { path: { id } }, ...init }),
        opts,
      ),
  };
  return agents;
}

/** `client.convai.phoneNumbers` over the wired convai surface. */
function convaiPhoneNumbers<T extends boolean>({
  raw,
  call,
}: WiredSurface<ConvaiPaths>): ConvaiPhoneNumbers<T> {
  const byId = '/v1/convai/phone-numbers/{phone_number_id}' as const;
  return {
    list: (query, opts) =>
      call(
        'convaiListPhoneNumbers',
        (init) => raw.GET('/v1/convai/phone-numbers', { params: { query }, ...init }),
        opts,
      ),
    create: (body, opts) =>
      call(
        'convaiCreatePhoneNumber',
        (init) =>
          raw.POST('/v1/convai/phone-numbers', {
            params: { header: idempotencyHeader(opts) },
            body,
            ...init,
          }),
        opts,
      ),
    get: (phoneNumberId, opts) =>
      call(
        'convaiGetPhoneNumber',
        (init) => raw.GET(byId, { params: { path: { phone_number_id: phoneNumberId } }, ...init }),
        opts,
      ),
    update: (phoneNumberId, body, opts) =>
      call(
        'convaiUpdatePhoneNumber',
        (init) => raw.PATCH(byId, { params: { path: { phone_number_id: phoneNumberId } }, body, ...init }),
        opts,
      ),
    delete: (phoneNumberId, opts) =>
      call(
        'convaiDeletePhoneNumber',
        (init) => raw.DELETE(byId, { params: { path: { phone_number_id: phoneNumberId } }, ...init }),
        opts,
      ),
  };
}
