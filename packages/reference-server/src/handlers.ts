/**
 * The ten operations of the contract over one {@link PhoneStore}. The router has already validated each
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
  PhoneStore,
  Scope,
  StoredReply,
  Workspace,
  WriteError,
} from './store/index.ts';
import { decodeCursor, encodeCursor } from './store/index.ts';
import { agentsView, convaiView } from './views.ts';

type Schemas = components['schemas'];

/** Options of {@link createHandlers}. */
export interface HandlerOptions {
  store: PhoneStore;
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
  /** Runs a create directly, or under the request's Idempotency-Key. */
  const idempotent = async (
    workspace: Workspace,
    surface: 'agents' | 'convai',
    headers: Record<string, string>,
    body: unknown,
    create: (sql: Scope) => Promise<StoredReply & { row?: PhoneRow }>,
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
        if (!after) return errorReply('invalid_cursor', 'agents', requestId);
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
      const create = async (sql: Scope): Promise<StoredReply & { row?: PhoneRow }> => {
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
              return errorReply('verified_caller_id_without_account', 'agents', requestId);
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
        return errorReply(writeRefusal(result.error), 'agents', requestId);
      };
      const reply = await idempotent(workspace, 'agents', headers, body, create);
      if (reply === 'mismatch') return errorReply('idempotency_key_reused', 'agents', requestId);
      return reply as
        | { status: 201; body: Schemas['PhoneNumber'] }
        | { status: 400 | 409 | 422; body: Schemas['Error'] };
    },

    async agentsGetPhoneNumber({ workspace, params, requestId }) {
      const row = await store.getPhoneNumber(workspace, params.id);
      return row
        ? { status: 200, body: agentsView(row) }
        : errorReply('phone_number_not_found', 'agents', requestId);
    },

    async agentsUpdatePhoneNumber({ workspace, params, body, requestId }) {
      const patch: PhonePatch = {};
      if (body.label !== undefined) patch.label = body.label;
      // clear_agent_id wins over agent_id, as the spec says.
      if (body.clear_agent_id === true) patch.agent_id = null;
      else if (body.agent_id !== undefined) patch.agent_id = body.agent_id;
      const result = await store.updatePhoneNumber(workspace, params.id, patch);
      if (result.ok) return { status: 200, body: agentsView(result.row) };
      return errorReply(writeRefusal(result.error), 'agents', requestId) as {
        status: 400 | 404 | 422;
        body: Schemas['Error'];
      };
    },

    async agentsDeletePhoneNumber({ workspace, params, requestId }) {
      return (await store.deletePhoneNumber(workspace, params.id))
        ? { status: 204, body: undefined }
        : errorReply('phone_number_not_found', 'agents', requestId);
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
      const create = async (sql: Scope): Promise<StoredReply & { row?: PhoneRow }> => {
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
        return errorReply(writeRefusal(result.error), 'convai', requestId);
      };
      const reply = await idempotent(workspace, 'convai', headers, body, create);
      if (reply === 'mismatch') return errorReply('idempotency_key_reused', 'convai', requestId);
      return reply as { status: 200; body: Schemas['CreatePhoneNumberResponseModel'] };
    },

    async convaiGetPhoneNumber({ workspace, params, requestId }) {
      const row = await store.getPhoneNumber(workspace, params.phone_number_id);
      return row
        ? { status: 200, body: convaiView(row) }
        : errorReply('phone_number_not_found', 'convai', requestId);
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
      if (result.error === 'not_sip_trunk') {
        // Located at the first trunk setting the request sent (the entry's default names none in particular).
        const loc = sipFields[0] === undefined ? undefined : ['body', sipFields[0]];
        return errorReply('not_sip_trunk', 'convai', requestId, loc ? { loc } : undefined);
      }
      return errorReply(writeRefusal(result.error), 'convai', requestId) as {
        status: 404 | 422;
        body: Schemas['HTTPValidationError'];
      };
    },

    async convaiDeletePhoneNumber({ workspace, params, requestId }) {
      return (await store.deletePhoneNumber(workspace, params.phone_number_id))
        ? { status: 200, body: {} }
        : errorReply('phone_number_not_found', 'convai', requestId);
    },
  });
}

/**
 * The catalogue meaning of a store refusal. `not_sip_trunk` only comes from a convai update (the agents
 * surface never asks for trunk settings) and is answered there with its field; anywhere else it cannot
 * happen, and the number is treated as not found.
 */
function writeRefusal(error: WriteError) {
  switch (error) {
    case 'conflict':
      return 'phone_number_conflict';
    case 'agent_not_found':
      return 'agent_not_found';
    case 'not_bindable':
      return 'not_bindable';
    default:
      return 'phone_number_not_found';
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
