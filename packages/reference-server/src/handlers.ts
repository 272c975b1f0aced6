/**
 * The ten operations of the contract over one {@link PhoneStore}. The router has already validated each
 * request against the spec (shape, ids, credentials present); these handlers add what only state can
 * decide: existence, tenancy, bindability, conflicts, idempotent replays. Every handler answers one of its
 * operation's documented replies, typed by the operation; those that do more than one store call are
 * functions of the handler options and their operation's request.
 */
import {
  base64url,
  type components,
  defineHandlers,
  errorReply,
  type HandlerRequest,
  type HandlerResponse,
  type OperationId,
} from '@phone-api/server/browser';
import { newId } from './ids.ts';
import { type Created, idempotent, refusal } from './replies.ts';
import type { Sealer } from './sealer.ts';
// The cursor module itself: the store index also exports the SQL databases, which need Node.
import { decodeCursor, encodeCursor } from './store/cursor.ts';
import type { Capability, NewPhoneNumber, PhonePatch, PhoneStore, Scope, Workspace } from './store/index.ts';
import { inboundTrunk, outboundTrunk } from './trunks.ts';
import { agentsView, convaiView } from './views.ts';

type Schemas = components['schemas'];
type Request<K extends OperationId> = HandlerRequest<K, Workspace>;
type Reply<K extends OperationId> = Promise<HandlerResponse<K>>;

/** Options of {@link createHandlers}: also the context every handler reads. */
export interface HandlerOptions {
  store: PhoneStore;
  /**
   * Seals provider secrets before they are stored: AES-256-GCM on Node (`aesSealer`), `withholdSecrets` in
   * the in-browser mock (see there why).
   */
  seal: Sealer;
  /**
   * The simulated Twilio account directory: e164s that are verified caller IDs rather than DIDs. A
   * `twilio` import of one of these becomes `verified_caller_id` (the spec's server-determined source).
   */
  verifiedCallerIds: ReadonlySet<string>;
}

const PAGE_DEFAULT = 50;

/** Builds the handler map for `createRouter`. */
export function createHandlers(options: HandlerOptions) {
  const { store } = options;
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

    agentsImportPhoneNumber: (req) =>
      idempotent(store, req, 'agents', (sql) => importNumber(options, req, sql)),

    async agentsGetPhoneNumber({ workspace, params, requestId }) {
      const row = await store.getPhoneNumber(workspace, params.id);
      return row
        ? { status: 200, body: agentsView(row) }
        : errorReply('phone_number_not_found', 'agents', requestId);
    },

    agentsUpdatePhoneNumber: (req) => agentsUpdatePhoneNumber(options, req),

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

    convaiCreatePhoneNumber: (req) =>
      idempotent(store, req, 'convai', (sql) => createNumber(options, req, sql)),

    async convaiGetPhoneNumber({ workspace, params, requestId }) {
      const row = await store.getPhoneNumber(workspace, params.phone_number_id);
      return row
        ? { status: 200, body: convaiView(row) }
        : errorReply('phone_number_not_found', 'convai', requestId);
    },

    convaiUpdatePhoneNumber: (req) => convaiUpdatePhoneNumber(options, req),

    async convaiDeletePhoneNumber({ workspace, params, requestId }) {
      return (await store.deletePhoneNumber(workspace, params.phone_number_id))
        ? { status: 200, body: {} }
        : errorReply('phone_number_not_found', 'convai', requestId);
    },
  });
}

/** An import (run by {@link idempotent}): the number its source makes of the body, or the refusal. */
async function importNumber(
  ctx: HandlerOptions,
  { workspace, body, requestId }: Request<'agentsImportPhoneNumber'>,
  sql: Scope,
): Promise<Created<'agentsImportPhoneNumber'>> {
  const base = { e164: body.e164, label: body.label ?? '', agent_id: body.agent_id ?? null };
  let input: NewPhoneNumber;
  if (body.source === 'livekit') {
    // US-only e164 is the schema's job (LivekitPhoneNumberImport), enforced by the router.
    input = {
      ...base,
      source: 'livekit',
      capabilities: ['inbound'],
      trunk_id: null,
      livekit_phone_number_id: `PN_${base64url(globalThis.crypto.getRandomValues(new Uint8Array(9))).replace(/[-_]/g, 'x')}`,
    };
  } else if (body.source === 'twilio') {
    const sharedTrunk = await ctx.store.twilioTrunkOf(workspace, body.twilio.account_sid, sql);
    const twilio = {
      ...base,
      livekit_phone_number_id: null,
      twilio_account_sid: body.twilio.account_sid,
      secrets: { twilio: ctx.seal(JSON.stringify(body.twilio)) },
    };
    if (!ctx.verifiedCallerIds.has(body.e164)) {
      input = {
        ...twilio,
        source: 'twilio',
        capabilities: ['inbound', 'outbound'],
        trunk_id: sharedTrunk ?? newId('trunk'),
      };
    } else if (sharedTrunk === undefined) {
      return errorReply('verified_caller_id_without_account', 'agents', requestId);
    } else {
      input = { ...twilio, source: 'verified_caller_id', capabilities: ['outbound'], trunk_id: sharedTrunk };
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
  const result = await ctx.store.createPhoneNumber(workspace, input, sql);
  if (result.ok) return { status: 201, body: agentsView(result.row), row: result.row };
  return errorReply(refusal('create', result.error), 'agents', requestId);
}

async function agentsUpdatePhoneNumber(
  { store }: HandlerOptions,
  { workspace, params, body, requestId }: Request<'agentsUpdatePhoneNumber'>,
): Reply<'agentsUpdatePhoneNumber'> {
  const patch: PhonePatch = {};
  if (body.label !== undefined) patch.label = body.label;
  // clear_agent_id wins over agent_id, as the spec says.
  if (body.clear_agent_id === true) patch.agent_id = null;
  else if (body.agent_id !== undefined) patch.agent_id = body.agent_id;
  const result = await store.updatePhoneNumber(workspace, params.id, patch);
  if (result.ok) return { status: 200, body: agentsView(result.row) };
  return errorReply(refusal('update', result.error), 'agents', requestId);
}

/** A convai create (run by {@link idempotent}): the number its provider makes of the body, or the refusal. */
async function createNumber(
  ctx: HandlerOptions,
  { workspace, body, requestId, variant }: Request<'convaiCreatePhoneNumber'>,
  sql: Scope,
): Promise<Created<'convaiCreatePhoneNumber'>> {
  // The schema (CreatePhoneNumberRequest's `not`) already refuses both flags false.
  const capabilities: Capability[] = [];
  if (body.supports_inbound !== false) capabilities.push('inbound');
  if (body.supports_outbound !== false) capabilities.push('outbound');
  const base = {
    e164: body.phone_number,
    label: body.label,
    agent_id: body.agent_id ?? null,
    capabilities,
    livekit_phone_number_id: null,
  };
  const create = convaiCreateOf(body, variant);
  let input: NewPhoneNumber;
  if (create.provider === 'twilio') {
    const { sid, token, region_config } = create.body;
    const credentials = { account_sid: sid, auth_token: token, region_config: region_config ?? null };
    input = {
      ...base,
      source: 'twilio',
      trunk_id: (await ctx.store.twilioTrunkOf(workspace, sid, sql)) ?? newId('trunk'),
      twilio_account_sid: sid,
      secrets: { twilio: ctx.seal(JSON.stringify(credentials)) },
    };
  } else if (create.provider === 'exotel') {
    const { account_sid, api_key, api_token, api_subdomain, app_id, applet_url } = create.body;
    const credentials = { account_sid, api_key, api_token, api_subdomain, app_id, applet_url };
    input = {
      ...base,
      source: 'exotel',
      trunk_id: null,
      secrets: { exotel: ctx.seal(JSON.stringify(credentials)) },
    };
  } else {
    const inbound = inboundTrunk(create.body.inbound_trunk_config, ctx.seal);
    const outbound = outboundTrunk(create.body.outbound_trunk_config, ctx.seal);
    input = {
      ...base,
      source: 'byoc',
      trunk_id: newId('trunk'),
      ...inbound.columns,
      ...outbound.columns,
      secrets: { ...inbound.secrets, ...outbound.secrets },
    };
  }
  const result = await ctx.store.createPhoneNumber(workspace, input, sql);
  if (result.ok) return { status: 200, body: { phone_number_id: result.row.id }, row: result.row };
  return errorReply(refusal('create', result.error), 'convai', requestId);
}

/** A convai create body, as the branch of CreatePhoneNumberRequest the validator judged it to be. */
type ConvaiCreate =
  | { provider: 'twilio'; body: Schemas['CreateTwilioPhoneNumberRequest'] }
  | { provider: 'exotel'; body: Schemas['CreateExotelPhoneNumberRequest'] }
  | { provider: 'sip_trunk'; body: Schemas['CreateSIPTrunkPhoneNumberRequestV2'] };

const PROVIDERS = ['twilio', 'exotel', 'sip_trunk'] as const;

/**
 * The provider of a create body as the router's validator judged it (CreatePhoneNumberRequest's
 * `if`/`then`/`else` chain), never inferred here a second time, so the stored kind is the validated kind.
 * The body passed the schema of the branch the chain selected, so it is that branch's body.
 */
function convaiCreateOf(
  body: Schemas['CreatePhoneNumberRequest'],
  variant: Request<'convaiCreatePhoneNumber'>['variant'],
): ConvaiCreate {
  const provider = PROVIDERS.find((p) => p === variant?.provider);
  if (provider === undefined) {
    throw new Error(`the validator named no provider for this create body (${JSON.stringify(variant)})`);
  }
  return { provider, body } as ConvaiCreate;
}

async function convaiUpdatePhoneNumber(
  ctx: HandlerOptions,
  { workspace, params, body, requestId }: Request<'convaiUpdatePhoneNumber'>,
): Reply<'convaiUpdatePhoneNumber'> {
  const { patch, sipFields } = convaiPatch(body, ctx.seal);
  const result = await ctx.store.updatePhoneNumber(workspace, params.phone_number_id, patch);
  if (result.ok) return { status: 200, body: convaiView(result.row) };
  if (result.error === 'not_sip_trunk') {
    // Located at the first trunk setting the request sent (the entry's default names none in particular).
    const loc = sipFields[0] === undefined ? undefined : ['body', sipFields[0]];
    return errorReply('not_sip_trunk', 'convai', requestId, loc ? { loc } : undefined);
  }
  return errorReply(refusal('update', result.error), 'convai', requestId);
}

/**
 * The store patch of a convai update, and the trunk settings it sends (in the order the checks name
 * them): any of those makes the update one only a `sip_trunk` number accepts.
 */
function convaiPatch(
  body: Request<'convaiUpdatePhoneNumber'>['body'],
  seal: Sealer,
): { patch: PhonePatch; sipFields: string[] } {
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
  const trunks = [
    body.inbound_trunk_config === undefined ? undefined : inboundTrunk(body.inbound_trunk_config, seal),
    body.outbound_trunk_config === undefined ? undefined : outboundTrunk(body.outbound_trunk_config, seal),
  ];
  const setSecrets: Record<string, string> = {};
  const dropSecrets: string[] = [];
  for (const trunk of trunks) {
    if (trunk === undefined) continue;
    sipFields.push(`${trunk.side}_trunk_config`);
    Object.assign(patch, trunk.columns);
    Object.assign(setSecrets, trunk.secrets);
    // A new config without a password keeps the stored one; no credentials at all drop it.
    if (trunk.dropPassword) dropSecrets.push(`${trunk.side}_password`);
  }
  if (Object.keys(setSecrets).length > 0) patch.setSecrets = setSecrets;
  if (dropSecrets.length > 0) patch.dropSecrets = dropSecrets;
  if (sipFields.length > 0) patch.requireSipTrunk = true;
  return { patch, sipFields };
}
