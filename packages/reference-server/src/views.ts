/**
 * How a stored number looks on each surface. Built from explicit public fields only, so a secret column
 * could never leak into a reply even if a query selected it.
 */
import type { components } from '@phone-api/server/browser';
import type { PhoneRow } from './store/store.ts';

type Schemas = components['schemas'];

// Date.prototype.toISOString costs about 0.4 µs, twice per reply. A date in the second whose text was
// last written (every write's new updated_at) is written from that text, so only its milliseconds are
// new; any other date's text is kept beside its Date object (never mutated, shared by every cached copy of
// the row, created_at by every version of it) for as long as the object lives. The texts of that second
// are not kept: a WeakMap entry for every write's updated_at (its insert, and the collector's work on
// every entry) cost more than writing the text again.
const isoTexts = new WeakMap<Date, string>();
let textSecond = Number.NaN;
let secondPrefix = '';

/** `date.toISOString()`. */
export function iso(date: Date): string {
  const ms = date.getTime();
  const second = Math.floor(ms / 1000);
  if (second === textSecond) {
    const millis = ms - second * 1000;
    return `${secondPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  }
  let text = isoTexts.get(date);
  if (text === undefined) {
    text = date.toISOString(); // throws for an invalid date, as before
    isoTexts.set(date, text);
    textSecond = second;
    secondPrefix = text.slice(0, -4); // all but the milliseconds and the `Z`
  }
  return text;
}

/** The agents-surface `PhoneNumber`. */
export function agentsView(row: PhoneRow): Schemas['PhoneNumber'] {
  return {
    id: row.id,
    e164: row.e164,
    source: row.source,
    capabilities: [...row.capabilities],
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    label: row.label,
    trunk_id: row.trunk_id,
    agent_id: row.agent_id,
    livekit_phone_number_id: row.livekit_phone_number_id,
  };
}

/** The convai-surface `GetPhoneNumberResponseModel`: the variant follows the number's provider. */
export function convaiView(row: PhoneRow): Schemas['GetPhoneNumberResponseModel'] {
  const common = {
    phone_number: row.e164,
    label: row.label,
    supports_inbound: row.capabilities.includes('inbound'),
    supports_outbound: row.capabilities.includes('outbound'),
    phone_number_id: row.id,
    assigned_agent:
      row.agent_id === null
        ? null
        : {
            agent_id: row.agent_id,
            agent_name: row.agent_name ?? '',
            environment: row.environment,
            branch_id: row.branch_id,
          },
  };
  if (row.provider === 'twilio') return { provider: 'twilio', ...common };
  if (row.provider === 'exotel') return { provider: 'exotel', ...common };
  const outbound = row.outbound_trunk ? outboundView(row.outbound_trunk) : null;
  return {
    provider: 'sip_trunk',
    ...common,
    provider_config: outbound,
    outbound_trunk: outbound,
    inbound_trunk: row.inbound_trunk ? inboundView(row.inbound_trunk) : null,
    livekit_stack: row.livekit_stack,
    store_sip_messages: row.store_sip_messages,
  };
}

function outboundView(
  t: NonNullable<PhoneRow['outbound_trunk']>,
): Schemas['GetPhoneNumberOutboundSIPTrunkConfigResponseModel'] {
  return {
    address: t.address,
    transport: t.transport,
    media_encryption: t.media_encryption,
    ...(t.headers ? { headers: { ...t.headers } } : {}),
    ...(t.attributes_to_headers ? { attributes_to_headers: { ...t.attributes_to_headers } } : {}),
    has_auth_credentials: t.has_auth_credentials,
    username: t.username,
    has_outbound_trunk: true,
    ...(t.enabled_codecs ? { enabled_codecs: [...t.enabled_codecs] } : {}),
  };
}

function inboundView(
  t: NonNullable<PhoneRow['inbound_trunk']>,
): Schemas['GetPhoneNumberInboundSIPTrunkConfigResponseModel'] {
  return {
    allowed_addresses: t.allowed_addresses ? [...t.allowed_addresses] : [],
    allowed_numbers: t.allowed_numbers ? [...t.allowed_numbers] : null,
    media_encryption: t.media_encryption,
    has_auth_credentials: t.has_auth_credentials,
    username: t.username,
    remote_domains: t.remote_domains ? [...t.remote_domains] : null,
    ...(t.attributes_to_headers ? { attributes_to_headers: { ...t.attributes_to_headers } } : {}),
  };
}
