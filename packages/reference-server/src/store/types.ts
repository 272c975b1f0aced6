/**
 * What the store speaks: the caller (a workspace), a phone number as stored, a new one, a patch, and why a
 * write was refused. Shared by the store's modules and the handlers above them.
 */

/** The authenticated caller: a workspace. */
export interface Workspace {
  id: string;
}

/** The two API surfaces (the OpenAPI helper's type, as the server exports it). */
export type { Surface } from '@phone-api/server';

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
