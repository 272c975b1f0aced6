/**
 * What the store speaks: the caller (a workspace), a phone number as stored, a new one, a patch, and why a
 * write was refused; and the store itself as the handlers, the server and the seed use it, {@link
 * PhoneStore}. Shared by the store's modules and the handlers above them.
 */
import type { Surface } from '@phone-api/server/browser';
import type { ListAfter } from './list.ts';

/** The authenticated caller: a workspace. */
export interface Workspace {
  id: string;
}

/** The two API surfaces (the OpenAPI helper's type, as the server exports it). */
export type { Surface } from '@phone-api/server/browser';

export type Source = 'livekit' | 'twilio' | 'byoc' | 'twilio_purchased' | 'verified_caller_id' | 'exotel';
export type Provider = 'twilio' | 'exotel' | 'sip_trunk';
export type Capability = 'inbound' | 'outbound';

/** The public half of an inbound trunk config as stored (credentials reduced to username + flag). */
export interface InboundTrunk {
  allowed_addresses: string[] | null;
  allowed_numbers: string[] | null;
  media_encryption: 'disabled' | 'allowed' | 'required';
  remote_domains: string[] | null;
  attributes_to_headers?: Record<string, string>;
  has_auth_credentials: boolean;
  username: string | null;
}

/** The public half of an outbound trunk config as stored. */
export interface OutboundTrunk {
  address: string;
  transport: 'auto' | 'udp' | 'tcp' | 'tls';
  media_encryption: 'disabled' | 'allowed' | 'required';
  headers?: Record<string, string>;
  attributes_to_headers?: Record<string, string>;
  enabled_codecs?: ('G722/8000' | 'PCMU/8000' | 'PCMA/8000')[];
  has_auth_credentials: boolean;
  username: string | null;
}

/** A phone number as read from the store: every public column, never the sealed secrets. */
export interface PhoneRow {
  id: string;
  workspace_id: string;
  e164: string;
  source: Source;
  provider: Provider;
  capabilities: Capability[];
  label: string;
  agent_id: string | null;
  agent_name: string | null;
  trunk_id: string | null;
  livekit_phone_number_id: string | null;
  inbound_trunk: InboundTrunk | null;
  outbound_trunk: OutboundTrunk | null;
  livekit_stack: 'standard' | 'static';
  store_sip_messages: boolean;
  environment: string | null;
  branch_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A new number, before it has an id and timestamps. */
export interface NewPhoneNumber {
  e164: string;
  source: Source;
  capabilities: Capability[];
  label: string;
  agent_id: string | null;
  trunk_id: string | null;
  livekit_phone_number_id: string | null;
  twilio_account_sid?: string | null;
  inbound_trunk?: InboundTrunk | null;
  outbound_trunk?: OutboundTrunk | null;
  /** Already sealed secrets by name. */
  secrets?: Record<string, string>;
  /** Only the seed sets these, to give demo data a history. */
  created_at?: Date;
}

/** The columns an update may change; a property that is absent is left as it is. */
export interface PhonePatch {
  label?: string;
  agent_id?: string | null;
  environment?: string | null;
  branch_id?: string | null;
  livekit_stack?: 'standard' | 'static';
  store_sip_messages?: boolean;
  inbound_trunk?: InboundTrunk | null;
  outbound_trunk?: OutboundTrunk | null;
  /** Sealed secrets to set, by name. */
  setSecrets?: Record<string, string>;
  /** Secret names to drop. */
  dropSecrets?: string[];
  /** The update is only allowed on `sip_trunk` numbers (trunk settings). */
  requireSipTrunk?: boolean;
}

/** Why an update or create was refused; nothing was changed. */
export type WriteError = 'not_found' | 'not_bindable' | 'agent_not_found' | 'not_sip_trunk' | 'conflict';

export type UpdateResult = { ok: true; row: PhoneRow } | { ok: false; error: WriteError };
export type CreateResult = { ok: true; row: PhoneRow } | { ok: false; error: WriteError };

/** A stored reply to replay for a repeated `Idempotency-Key`. */
export interface StoredReply {
  status: number;
  body: unknown;
}

const PROVIDER_OF: Record<Source, Provider> = {
  twilio: 'twilio',
  twilio_purchased: 'twilio',
  verified_caller_id: 'twilio',
  livekit: 'sip_trunk',
  byoc: 'sip_trunk',
  exotel: 'exotel',
};

/** The convai `provider` of an agents-surface `source` (the spec's mapping table). */
export function providerOf(source: Source): Provider {
  return PROVIDER_OF[source];
}

// ---- the store ---------------------------------------------------------------------------------
// Two implementations: SQL over a database (`store.ts`, embedded SQLite or PostgreSQL) and plain data
// structures (`memory.ts`, also for a browser). Both keep the same promises: tenancy (another workspace's
// number is indistinguishable from a missing one), the same refusals judged in the same order, keyset
// pages in the same order, the same idempotent replays and the same API key rules.

/**
 * Where a store call runs: outside any transaction (the store's `db`), or inside an idempotent create's
 * (the handle {@link PhoneStore.withIdempotency} passes to it). Callers only hand it back to the store.
 */
export type Scope = object;

/** Every operation of the API over one store. */
export interface PhoneStore {
  /** The scope of calls outside a transaction. */
  readonly db: Scope;

  /**
   * The workspace a key belongs to on a surface, or `undefined`; `connection` (the request's socket) lets
   * a keep-alive connection skip re-hashing the key it already proved (see `keys.ts`).
   */
  authenticate(
    surface: Surface,
    key: string,
    connection?: object,
  ): Workspace | undefined | Promise<Workspace | undefined>;

  /** Creates a workspace with one key per surface; the keys are returned once and stored hashed. */
  createWorkspace(
    name: string,
    options?: { id?: string; apiKeys?: { agents: string; convai: string } },
  ): Promise<{ id: string; apiKeys: { agents: string; convai: string } }>;
  /** Whether a workspace exists. */
  hasWorkspace(id: string): Promise<boolean>;
  /** Creates an agent in a workspace. */
  createAgent(workspaceId: string, name: string, id?: string): Promise<string>;
  /** Whether an agent exists in the workspace. */
  agentExists(workspace: Workspace, agentId: string, scope?: Scope): Promise<boolean>;
  /** The ids of a workspace's agents, in id order. */
  agentIds(workspaceId: string): Promise<string[]>;

  /** A live number of the workspace, or `undefined` (missing, deleted, or another workspace's). */
  getPhoneNumber(workspace: Workspace, id: string): Promise<PhoneRow | undefined>;
  /** One page of the workspace's numbers, newest first (`created_at`, then `id`), strictly after `after`. */
  listPhoneNumbers(workspace: Workspace, limit: number, after?: ListAfter): Promise<PhoneRow[]>;
  /** The convai list: at most `limit` numbers, newest first, optionally filtered. */
  listConvai(
    workspace: Workspace,
    filter: { provider?: Provider; agentId?: string; branchId?: string },
    limit?: number,
  ): Promise<PhoneRow[]>;
  /** The trunk of the earliest live `twilio` import from the same Twilio account, if any. */
  twilioTrunkOf(workspace: Workspace, accountSid: string, scope?: Scope): Promise<string | undefined>;

  /** Inserts a number; `conflict` when its e164 is already live in the workspace. */
  createPhoneNumber(workspace: Workspace, input: NewPhoneNumber, scope?: Scope): Promise<CreateResult>;
  /**
   * Applies a patch atomically, or refuses it (the first failed precondition of `PRECONDITIONS`) and
   * changes nothing. `updated_at` strictly increases; `created_at` never changes.
   */
  updatePhoneNumber(workspace: Workspace, id: string, patch: PhonePatch): Promise<UpdateResult>;
  /** Soft-deletes a number; `false` when there was no live number to delete. */
  deletePhoneNumber(workspace: Workspace, id: string): Promise<boolean>;
  /**
   * Runs a create under an `Idempotency-Key`: the first successful reply is stored with the write and
   * replayed for every later request with the same key and body; the same key with another body is
   * `mismatch`; a failed create stores nothing, so it can be retried.
   */
  withIdempotency(
    workspace: Workspace,
    surface: Surface,
    key: string,
    request: unknown,
    create: (scope: Scope) => Promise<StoredReply & { row?: PhoneRow }>,
  ): Promise<StoredReply | 'mismatch'>;

  /**
   * Deletes every workspace, key, agent, number and idempotency record (a mock's reset), and forgets what
   * was cached of them: a key of a deleted workspace stops working at once.
   */
  clear(): Promise<void>;

  /** Releases the store (closes the database). */
  close(): Promise<void>;
}
