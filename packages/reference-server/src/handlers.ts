/**
 * The ten operations of the contract over one {@link Store}. The router has already validated each
 * request against the spec (shape, ids, credentials present); these handlers add what only state can
 * decide: existence, tenancy, bindability, conflicts, idempotent replays.
 */
import { randomBytes } from 'node:crypto';
import { type components, defineHandlers, errorReply } from '@phone-api/server';
import { type SecretsKey, seal } from './crypto.ts';
import { newId } from './ids.ts';
import type {
  Capability,
  InboundTrunk,
  NewPhoneNumber,
  OutboundTrunk,
  PhonePatch,
  PhoneRow,
  Sql,
  Store,
  StoredReply,
  Workspace,
  WriteError,
} from './store/index.ts';
import { agentsView, convaiView } from './views.ts';

type Schemas = components['schemas'];
type AgentsError = Schemas['Error'];
type ConvaiError = Schemas['HTTPValidationError'];

/** Options of {@link createHandlers}. */
export interface HandlerOptions {
  store: Store;
  secretsKey: SecretsKey;
  /**
   * The simulated Twilio account directory: e164s that are verified caller IDs rather than DIDs. A
   * `twilio` import of one of these becomes `verified_caller_id` (the spec's server-determined source).
   */
  verifiedCallerIds: ReadonlySet<string>;
}

const PAGE_DEFAULT = 50;

/** Builds the handler map for `createRouter`. */
export function createHandlers({ store, secretsKey, verifiedCallerIds }: HandlerOptions) {
  const agentsError = (
    requestId: string,
    status: number,
    code: string,
    message: string,
    fields?: Record<string, string>,
  ) =>
    errorReply('agents', status, code, message, requestId, fields ? { fields } : undefined)
      .body as AgentsError;
  const convaiError = (
    requestId: string,
    status: number,
    type: string,
    message: string,
    loc: (string | number)[],
  ) => errorReply('convai', status, type, message, requestId, { loc }).body as ConvaiError;
  const phoneNotFound = (requestId: string) =>
    ({
      status: 404,
      body: agentsError(
        requestId,
        404,
        'phone_number_not_found',
        'No phone number with this id in the workspace.',
      ),
    }) as const;
  const convaiNotFound = (requestId: string) =>
    ({
      status: 404,
      body: convaiError(requestId, 404, 'not_found', 'Phone number not found.', ['path', 'phone_number_id']),
    }) as const;

  /** Runs a create directly, or under the request's Idempotency-Key. */
  const idempotent = async (
    workspace: Workspace,
    surface: 'agents' | 'convai',
    headers: Record<string, string>,
    body: unknown,
    create: (sql: Sql) => Promise<StoredReply & { row?: PhoneRow }>,
  ): Promise<StoredReply | 'mismatch'> => {
    const key = headers['idempotency-key'];
    if (key === undefined) return create(store.db);
    return store.withIdempotency(workspace, surface, key, body, create);
  };

  return defineHandlers<Workspace>()({
    async agentsListPhoneNumbers({ workspace, query, requestId }) {
      const limit = query.limit ?? PAGE_DEFAULT;
      let after: { createdAt: Date; id: string } | undefined;
      if (query.cursor !== undefined) {
        after = decodeCursor(query.cursor);
        if (!after) {
          return {
            status: 400,
            body: agentsError(requestId, 400, 'validation_failed', 'The request failed validation.', {
              cursor: 'is not a cursor returned by this API',
            }),
          };
        }
      }
      const rows = await store.listPhoneNumbers(workspace, limit + 1, after);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const hasMore = rows.length > limit && last !== undefined;
      return {
        status: 200,
        body: {
          numbers: page.map(agentsView),
          next_cursor: hasMore ? encodeCursor(last.created_at, last.id) : null,
          has_more: hasMore,
        },
      };
    },

    async agentsImportPhoneNumber({ workspace, body, headers, requestId }) {
      const create = async (sql: Sql): Promise<StoredReply & { row?: PhoneRow }> => {
        const fail = (status: number, code: string, message: string, fields?: Record<string, string>) => ({
          status,
          body: agentsError(requestId, status, code, message, fields),
        });
        let input: NewPhoneNumber;
        const base = { e164: body.e164, label: body.label ?? '', agent_id: body.agent_id ?? null };
        if (body.source === 'livekit') {
          // US-only e164 is the schema's job (LivekitPhoneNumberImport), enforced by the router.
          input = {
            ...base,
            source: 'livekit',
            capabilities: ['inbound'],
            trunk_id: null,
            livekit_phone_number_id: `PN_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`,
          };
        } else if (body.source === 'twilio') {
          const sharedTrunk = await store.twilioTrunkOf(workspace, body.twilio.account_sid, sql);
          const secrets = { twilio: seal(secretsKey, JSON.stringify(body.twilio)) };
          if (verifiedCallerIds.has(body.e164)) {
            if (sharedTrunk === undefined) {
              return fail(400, 'validation_failed', 'The request failed validation.', {
                e164: 'is a verified caller ID; import a twilio number of the same account first',
              });
            }
            input = {
              ...base,
              source: 'verified_caller_id',
              capabilities: ['outbound'],
              trunk_id: sharedTrunk,
              livekit_phone_number_id: null,
              twilio_account_sid: body.twilio.account_sid,
              secrets,
            };
          } else {
            input = {
              ...base,
              source: 'twilio',
              capabilities: ['inbound', 'outbound'],
              trunk_id: sharedTrunk ?? newId('trunk'),
              livekit_phone_number_id: null,
              twilio_account_sid: body.twilio.account_sid,
              secrets,
            };
          }
        } else {
          input = {
            ...base,
            source: 'byoc',
            capabilities: ['inbound', 'outbound'],
            trunk_id: body.trunk_id,
            livekit_phone_number_id: null,
          };
        }
        const result = await store.createPhoneNumber(workspace, input, sql);
        if (result.ok) return { status: 201, body: agentsView(result.row), row: result.row };
        return agentsWriteFailure(result.error, requestId, agentsError);
      };
      const reply = await idempotent(workspace, 'agents', headers, body, create);
      if (reply === 'mismatch') {
        return {
          status: 409,
          body: agentsError(
            requestId,
            409,
            'conflict',
            'This Idempotency-Key was used with a different request body.',
          ),
        };
      }
      return reply as
        | { status: 201; body: Schemas['PhoneNumber'] }
        | { status: 400 | 409 | 422; body: AgentsError };
    },

    async agentsGetPhoneNumber({ workspace, params, requestId }) {
      const row = await store.getPhoneNumber(workspace, params.id);
      return row ? { status: 200, body: agentsView(row) } : phoneNotFound(requestId);
    },

    async agentsUpdatePhoneNumber({ workspace, params, body, requestId }) {
      const patch: PhonePatch = {};
      if (body.label !== undefined) patch.label = body.label;
      // clear_agent_id wins over agent_id, as the spec says.
      if (body.clear_agent_id === true) patch.agent_id = null;
      else if (body.agent_id !== undefined) patch.agent_id = body.agent_id;
      const result = await store.updatePhoneNumber(workspace, params.id, patch);
      if (result.ok) return { status: 200, body: agentsView(result.row) };
      if (result.error === 'not_found') return phoneNotFound(requestId);
      return agentsWriteFailure(result.error, requestId, agentsError) as {
        status: 400 | 422;
        body: AgentsError;
      };
    },

    async agentsDeletePhoneNumber({ workspace, params, requestId }) {
      return (await store.deletePhoneNumber(workspace, params.id))
        ? { status: 204, body: undefined }
        : phoneNotFound(requestId);
    },

    async convaiListPhoneNumbers({ workspace, query }) {
      const rows = await store.listConvai(workspace, {
        ...(query.provider ? { provider: query.provider } : {}),
        ...(query.agent_id ? { agentId: query.agent_id } : {}),
        ...(query.branch_id ? { branchId: query.branch_id } : {}),
      });
      return { status: 200, body: rows.map(convaiView) };
    },

    async convaiCreatePhoneNumber({ workspace, body, headers, requestId, variant }) {
      const b = body as ConvaiCreateBody;
      const create = async (sql: Sql): Promise<StoredReply & { row?: PhoneRow }> => {
        // The schema (CreatePhoneNumberRequest's `not`) already refuses both flags false.
        const capabilities: Capability[] = [];
        if (b.supports_inbound !== false) capabilities.push('inbound');
        if (b.supports_outbound !== false) capabilities.push('outbound');
        const provider = providerOf(variant);
        const base = {
          e164: b.phone_number,
          label: b.label,
          agent_id: b.agent_id ?? null,
          capabilities,
          livekit_phone_number_id: null,
        };
        let input: NewPhoneNumber;
        if (provider === 'twilio') {
          const sid = String(b.sid);
          input = {
            ...base,
            source: 'twilio',
            trunk_id: (await store.twilioTrunkOf(workspace, sid, sql)) ?? newId('trunk'),
            twilio_account_sid: sid,
            secrets: {
              twilio: seal(
                secretsKey,
                JSON.stringify({
                  account_sid: sid,
                  auth_token: b.token,
                  region_config: b.region_config ?? null,
                }),
              ),
            },
          };
        } else if (provider === 'exotel') {
          const { account_sid, api_key, api_token, api_subdomain, app_id, applet_url } = b;
          input = {
            ...base,
            source: 'exotel',
            trunk_id: null,
            secrets: {
              exotel: seal(
                secretsKey,
                JSON.stringify({ account_sid, api_key, api_token, api_subdomain, app_id, applet_url }),
              ),
            },
          };
        } else {
          const inbound = trunkConfig('inbound', b.inbound_trunk_config, secretsKey);
          const outbound = trunkConfig('outbound', b.outbound_trunk_config, secretsKey);
          input = {
            ...base,
            source: 'byoc',
            trunk_id: newId('trunk'),
            inbound_trunk: inbound.stored as InboundTrunk | null,
            outbound_trunk: outbound.stored as OutboundTrunk | null,
            secrets: { ...inbound.secrets, ...outbound.secrets },
          };
        }
        const result = await store.createPhoneNumber(workspace, input, sql);
        if (result.ok) return { status: 200, body: { phone_number_id: result.row.id }, row: result.row };
        return convaiWriteFailure(result.error, requestId, convaiError);
      };
      const reply = await idempotent(workspace, 'convai', headers, body, create);
      if (reply === 'mismatch') {
        return {
          status: 409,
          body: convaiError(
            requestId,
            409,
            'conflict',
            'This Idempotency-Key was used with a different request body.',
            ['header', 'idempotency-key'],
          ),
        };
      }
      return reply as { status: 200; body: Schemas['CreatePhoneNumberResponseModel'] };
    },

    async convaiGetPhoneNumber({ workspace, params, requestId }) {
      const row = await store.getPhoneNumber(workspace, params.phone_number_id);
      return row ? { status: 200, body: convaiView(row) } : convaiNotFound(requestId);
    },

    async convaiUpdatePhoneNumber({ workspace, params, body, requestId }) {
      const patch: PhonePatch = {};
      const sipFields: string[] = [];
      if (body.agent_id !== undefined) patch.agent_id = body.agent_id;
      // label, livekit_stack and store_sip_messages are never null in a reply, so null leaves them as they are.
      if (body.label !== undefined && body.label !== null) patch.label = body.label;
      if (body.environment !== undefined) patch.environment = body.environment;
      if (body.branch_id !== undefined) patch.branch_id = body.branch_id;
      if (body.livekit_stack !== undefined && body.livekit_stack !== null) {
        patch.livekit_stack = body.livekit_stack;
        sipFields.push('livekit_stack');
      }
      if (body.store_sip_messages !== undefined && body.store_sip_messages !== null) {
        patch.store_sip_messages = body.store_sip_messages;
        sipFields.push('store_sip_messages');
      }
      const setSecrets: Record<string, string> = {};
      const dropSecrets: string[] = [];
      for (const side of ['inbound', 'outbound'] as const) {
        const sent = body[`${side}_trunk_config`];
        if (sent === undefined) continue;
        sipFields.push(`${side}_trunk_config`);
        const converted = trunkConfig(side, sent, secretsKey);
        if (side === 'inbound') patch.inbound_trunk = converted.stored as InboundTrunk | null;
        else patch.outbound_trunk = converted.stored as OutboundTrunk | null;
        Object.assign(setSecrets, converted.secrets);
        // A new config without a password keeps the stored one; no credentials at all drop it.
        if (converted.dropPassword) dropSecrets.push(`${side}_password`);
      }
      if (Object.keys(setSecrets).length > 0) patch.setSecrets = setSecrets;
      if (dropSecrets.length > 0) patch.dropSecrets = dropSecrets;
      if (sipFields.length > 0) patch.requireSipTrunk = true;
      const result = await store.updatePhoneNumber(workspace, params.phone_number_id, patch);
      if (result.ok) return { status: 200, body: convaiView(result.row) };
      if (result.error === 'not_found') return convaiNotFound(requestId);
      if (result.error === 'not_sip_trunk') {
        return {
          status: 422,
          body: convaiError(requestId, 422, 'not_sip_trunk', 'Only sip_trunk numbers have trunk settings.', [
            'body',
            sipFields[0] ?? 'inbound_trunk_config',
          ]),
        };
      }
      return convaiWriteFailure(result.error, requestId, convaiError) as { status: 422; body: ConvaiError };
    },

    async convaiDeletePhoneNumber({ workspace, params, requestId }) {
      return (await store.deletePhoneNumber(workspace, params.phone_number_id))
        ? { status: 200, body: {} }
        : convaiNotFound(requestId);
    },
  });
}

function agentsWriteFailure(
  error: WriteError,
  requestId: string,
  agentsError: (requestId: string, status: number, code: string, message: string) => AgentsError,
): { status: 400 | 404 | 409 | 422; body: AgentsError } {
  switch (error) {
    case 'conflict':
      return {
        status: 409,
        body: agentsError(requestId, 409, 'conflict', 'This number is already in the workspace.'),
      };
    case 'agent_not_found':
      return {
        status: 422,
        body: agentsError(requestId, 422, 'agent_not_found', 'No agent with this id in the workspace.'),
      };
    case 'not_bindable':
      return {
        status: 400,
        body: agentsError(
          requestId,
          400,
          'phone_number_not_agent_bindable',
          'verified_caller_id numbers are outbound-only and cannot be bound to an agent.',
        ),
      };
    default:
      return {
        status: 404,
        body: agentsError(
          requestId,
          404,
          'phone_number_not_found',
          'No phone number with this id in the workspace.',
        ),
      };
  }
}

function convaiWriteFailure(
  error: WriteError,
  requestId: string,
  convaiError: (
    requestId: string,
    status: number,
    type: string,
    message: string,
    loc: (string | number)[],
  ) => ConvaiError,
): { status: 404 | 409 | 422; body: ConvaiError } {
  switch (error) {
    case 'conflict':
      return {
        status: 409,
        body: convaiError(requestId, 409, 'conflict', 'This phone number is already imported.', [
          'body',
          'phone_number',
        ]),
      };
    case 'agent_not_found':
      return {
        status: 422,
        body: convaiError(requestId, 422, 'agent_not_found', 'No agent with this id in the workspace.', [
          'body',
          'agent_id',
        ]),
      };
    case 'not_bindable':
      return {
        status: 422,
        body: convaiError(
          requestId,
          422,
          'phone_number_not_agent_bindable',
          'verified_caller_id numbers are outbound-only and cannot be assigned an agent.',
          ['body', 'agent_id'],
        ),
      };
    default:
      return {
        status: 404,
        body: convaiError(requestId, 404, 'not_found', 'Phone number not found.', [
          'path',
          'phone_number_id',
        ]),
      };
  }
}

/** The convai create body, all three variants flattened (the router validated it against the spec). */
type ConvaiCreateBody = {
  phone_number: string;
  label: string;
  provider?: 'twilio' | 'exotel' | 'sip_trunk';
  supports_inbound?: boolean;
  supports_outbound?: boolean;
  agent_id?: string | null;
  sid?: string;
  token?: string;
  region_config?: unknown;
  account_sid?: string;
  api_key?: string;
  api_token?: string;
  api_subdomain?: string;
  app_id?: string;
  applet_url?: string | null;
  inbound_trunk_config?: Schemas['InboundSIPTrunkConfigRequestModel'] | null;
  outbound_trunk_config?: Schemas['OutboundSIPTrunkConfigRequestModel'] | null;
};

const PROVIDERS = ['twilio', 'exotel', 'sip_trunk'] as const;

/**
 * The provider of a create body, as the router's validator judged it (CreatePhoneNumberRequest's
 * `if`/`then`/`else` chain): never inferred here a second time, so the stored kind is the validated kind.
 */
function providerOf(variant: Readonly<Record<string, unknown>> | undefined): (typeof PROVIDERS)[number] {
  const provider = PROVIDERS.find((p) => p === variant?.provider);
  if (provider === undefined) {
    throw new Error(`the validator named no provider for this create body (${JSON.stringify(variant)})`);
  }
  return provider;
}

type TrunkRequest =
  | Schemas['InboundSIPTrunkConfigRequestModel']
  | Schemas['OutboundSIPTrunkConfigRequestModel']
  | null
  | undefined;

/**
 * Splits a trunk config into its public stored half and its sealed password. `dropPassword` is set when
 * the stored password must go (no config, or a config without credentials).
 */
function trunkConfig(
  side: 'inbound' | 'outbound',
  config: TrunkRequest,
  secretsKey: SecretsKey,
): { stored: InboundTrunk | OutboundTrunk | null; secrets: Record<string, string>; dropPassword: boolean } {
  if (config === null || config === undefined) return { stored: null, secrets: {}, dropPassword: true };
  const credentials = config.credentials ?? null;
  const secrets: Record<string, string> =
    credentials && typeof credentials.password === 'string'
      ? { [`${side}_password`]: seal(secretsKey, credentials.password) }
      : {};
  const auth = { has_auth_credentials: credentials !== null, username: credentials?.username ?? null };
  if (side === 'inbound') {
    const c = config as Schemas['InboundSIPTrunkConfigRequestModel'];
    const stored: InboundTrunk = {
      allowed_addresses: c.allowed_addresses ?? null,
      allowed_numbers: c.allowed_numbers ?? null,
      media_encryption: c.media_encryption ?? 'allowed',
      remote_domains: c.remote_domains ?? null,
      ...(c.attributes_to_headers ? { attributes_to_headers: c.attributes_to_headers } : {}),
      ...auth,
    };
    return { stored, secrets, dropPassword: credentials === null };
  }
  const c = config as Schemas['OutboundSIPTrunkConfigRequestModel'];
  const stored: OutboundTrunk = {
    address: c.address,
    transport: c.transport ?? 'auto',
    media_encryption: c.media_encryption ?? 'allowed',
    ...(c.headers ? { headers: c.headers } : {}),
    ...(c.attributes_to_headers ? { attributes_to_headers: c.attributes_to_headers } : {}),
    ...(c.enabled_codecs ? { enabled_codecs: c.enabled_codecs } : {}),
    ...auth,
  };
  return { stored, secrets, dropPassword: credentials === null };
}

const MAX_DATE_MS = 8_640_000_000_000_000;
const CURSOR = /^(\d{1,16})\.(phone_[0-7][0-9a-hjkmnp-tv-z]{25})$/;

/** An opaque keyset cursor: the (created_at, id) of the last item, base64url. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or `undefined` if it is not one of ours. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const ms = Number(match[1]);
  // Past JavaScript's last representable date the Date is invalid: PostgreSQL would fail on it (a 500)
  // and SQLite would bind it as NULL (an empty page). Such a cursor was never issued.
  if (ms > MAX_DATE_MS) return undefined;
  return { createdAt: new Date(ms), id: match[2] as string };
}
