/**
 * A SIP trunk config of a convai request, as the store keeps it: the public half in the number's trunk
 * column (credentials reduced to a username and a flag), the password sealed among the secrets.
 */
import type { components } from '@phone-api/server/browser';
import type { Sealer } from './sealer.ts';
import type { InboundTrunk, OutboundTrunk, PhonePatch } from './store/index.ts';

type Schemas = components['schemas'];
type InboundRequest = Schemas['InboundSIPTrunkConfigRequestModel'];
type OutboundRequest = Schemas['OutboundSIPTrunkConfigRequestModel'];

/** One side's trunk config, converted. */
export interface StoredTrunk {
  side: 'inbound' | 'outbound';
  /** The side's trunk column (`null` when the request sent no config). */
  columns: Pick<PhonePatch, 'inbound_trunk' | 'outbound_trunk'>;
  /** The sealed password by secret name, when the config carries one. */
  secrets: Record<string, string>;
  /** The stored password must go: no config, or a config without credentials. */
  dropPassword: boolean;
}

/** The credentials of a config: the sealed password and the public half every stored trunk carries. */
function credentialsOf(
  side: StoredTrunk['side'],
  credentials: Schemas['SIPTrunkCredentialsRequestModel'] | null | undefined,
  seal: Sealer,
) {
  const sent = credentials ?? null;
  const secrets: Record<string, string> =
    sent && typeof sent.password === 'string' ? { [`${side}_password`]: seal(sent.password) } : {};
  const auth = { has_auth_credentials: sent !== null, username: sent?.username ?? null };
  return { secrets, auth, dropPassword: sent === null };
}

/** An inbound trunk config as stored. */
export function inboundTrunk(config: InboundRequest | null | undefined, seal: Sealer): StoredTrunk {
  if (config === null || config === undefined) {
    return { side: 'inbound', columns: { inbound_trunk: null }, secrets: {}, dropPassword: true };
  }
  const { secrets, auth, dropPassword } = credentialsOf('inbound', config.credentials, seal);
  const stored: InboundTrunk = {
    allowed_addresses: config.allowed_addresses ?? null,
    allowed_numbers: config.allowed_numbers ?? null,
    media_encryption: config.media_encryption ?? 'allowed',
    remote_domains: config.remote_domains ?? null,
    ...(config.attributes_to_headers ? { attributes_to_headers: config.attributes_to_headers } : {}),
    ...auth,
  };
  return { side: 'inbound', columns: { inbound_trunk: stored }, secrets, dropPassword };
}

/** An outbound trunk config as stored. */
export function outboundTrunk(config: OutboundRequest | null | undefined, seal: Sealer): StoredTrunk {
  if (config === null || config === undefined) {
    return { side: 'outbound', columns: { outbound_trunk: null }, secrets: {}, dropPassword: true };
  }
  const { secrets, auth, dropPassword } = credentialsOf('outbound', config.credentials, seal);
  const stored: OutboundTrunk = {
    address: config.address,
    transport: config.transport ?? 'auto',
    media_encryption: config.media_encryption ?? 'allowed',
    ...(config.headers ? { headers: config.headers } : {}),
    ...(config.attributes_to_headers ? { attributes_to_headers: config.attributes_to_headers } : {}),
    ...(config.enabled_codecs ? { enabled_codecs: config.enabled_codecs } : {}),
    ...auth,
  };
  return { side: 'outbound', columns: { outbound_trunk: stored }, secrets, dropPassword };
}
