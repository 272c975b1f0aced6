import { asSchemas } from './arbitraries.ts';
import type { Contract } from './checks.ts';
import { derefSchema } from './invalid.ts';
import type { SourceProviderMapping } from './mapping.ts';
import type { JsonSchema, Surface } from './spec.ts';

/** One field a read-back must show: a dot path into the surface's GET body and the value it must hold. */
export interface ReadBackField {
  surface: Surface;
  field: string;
  want: unknown;
  /** The request field it comes from, for the failure message. */
  sent: string;
}

/** A field whose read-back differs from what was sent. */
export interface RoundTripMismatch extends ReadBackField {
  got: unknown;
}

/**
 * Fields the convai surface reads back under another name: a trunk config is shown as the trunk, and the
 * agent as `assigned_agent` (the spec's response models say so; no rule of the spec can name the pair).
 */
const CONVAI_RENAMED: Record<string, string> = {
  inbound_trunk_config: 'inbound_trunk',
  outbound_trunk_config: 'outbound_trunk',
};

type Across = (value: unknown, mapping: SourceProviderMapping) => [string, unknown][];

/** `agent_id` as the convai surface shows it: `assigned_agent.agent_id`, or `assigned_agent: null`. */
const convaiAgent: Across = (v) =>
  v === null ? [['assigned_agent', null]] : [['assigned_agent.agent_id', v]];

/**
 * How a field sent on one surface shows on the other, as the spec's `info.description` states it (the
 * source/provider table, read by `mapping.ts`). Fields not listed do not show on the other surface.
 */
const ACROSS: Record<Surface, Record<string, Across>> = {
  convai: {
    phone_number: (v) => [['e164', v]],
    label: (v) => (v === null ? [] : [['label', v]]),
    provider: (v, m) => [['source', m.sourceOfProvider[String(v)]]],
    agent_id: (v) => [['agent_id', v]],
  },
  agents: {
    e164: (v) => [['phone_number', v]],
    label: (v) => [['label', v]],
    source: (v, m) => [['provider', m.providerOfSource[String(v)]]],
    agent_id: convaiAgent,
    clear_agent_id: (v) => (v === true ? [['assigned_agent', null]] : []),
  },
};

/** Request fields the same surface shows differently from a same-name property. */
const SAME: Record<Surface, Record<string, Across>> = {
  convai: { agent_id: convaiAgent },
  // `clear_agent_id: true` unbinds even when `agent_id` is sent (it is applied after it).
  agents: { clear_agent_id: (v) => (v === true ? [['agent_id', null]] : []) },
};

/**
 * Request fields no read-back shows as such, with the reason; every other request field is compared. A test
 * fails when a request field is neither compared nor listed here, so a new field cannot slip through.
 */
export const NOT_READ_BACK: Record<string, string> = {
  twilio: 'agents import credentials: write-only secrets',
  sid: 'the Twilio Account SID is kept server-side and shown on neither surface',
  token: 'write-only secret',
  region_config: 'Twilio region settings are shown on neither surface',
  enable_sms: 'SMS routing is shown on neither surface',
  account_sid: 'Exotel settings are shown on neither surface',
  api_key: 'write-only secret',
  api_token: 'write-only secret',
  api_subdomain: 'Exotel settings are shown on neither surface',
  app_id: 'Exotel settings are shown on neither surface',
  applet_url: 'Exotel settings are shown on neither surface',
  environment: 'shown only inside assigned_agent, and only while an agent is bound',
  branch_id: 'shown only inside assigned_agent, and only while an agent is bound',
};

/** Top-level read-back fields a request field may change besides the ones it is compared at. */
const TOUCHES: Record<string, string[]> = {
  environment: ['assigned_agent'],
  branch_id: ['assigned_agent'],
  // The deprecated `provider_config` mirrors `outbound_trunk`.
  outbound_trunk_config: ['provider_config'],
};

/** Fields applied last because they override others (`clear_agent_id` wins over `agent_id`). */
const LAST = new Set(['clear_agent_id']);

/**
 * The fields each surface must read back after `body` was accepted on `sentOn`: same-name properties of the
 * surface's GET response (recursively into objects, write-only fields skipped), the renames above, and the
 * cross-surface table. A field not sent reads back as its documented `default` (creates only); a `null`
 * where the response does not allow one says "leave as is" (e.g. convai `label: null`) and is not compared.
 * `readSchemas` are the GET response schemas of each surface (a union is searched for the property).
 */
export function readBackFields(
  contract: Contract,
  sentOn: Surface,
  body: Record<string, unknown>,
  bodySchema: JsonSchema,
  readSchemas: Record<Surface, JsonSchema>,
  mapping: SourceProviderMapping,
  kind: 'create' | 'update',
): ReadBackField[] {
  // One batch per sent field, in order: a later batch supersedes what earlier ones said of the same field.
  let out: ReadBackField[] = [];
  const names = Object.keys(body).sort((a, b) => Number(LAST.has(a)) - Number(LAST.has(b)));
  const props = objectProperties(contract, bodySchema);
  const unsent = kind === 'create' ? Object.keys(props).filter((n) => !(n in body)) : [];
  const shownOn = (surface: Surface, name: string, value: unknown): ReadBackField[] => {
    const batch: ReadBackField[] = [];
    const special = (surface === sentOn ? SAME[sentOn] : ACROSS[sentOn])[name];
    if (special) {
      for (const [field, want] of special(value, mapping)) batch.push({ surface, field, want, sent: name });
    } else if (surface === sentOn) {
      const shown = sentOn === 'convai' ? (CONVAI_RENAMED[name] ?? name) : name;
      sameName(contract, value, props[name], readSchemas[surface], shown, name, surface, batch);
    }
    return batch;
  };
  for (const name of unsent) {
    const fallback = defaultOf(contract, props[name]);
    if (fallback !== undefined && !SAME[sentOn][name]) out = supersede(out, shownOn(sentOn, name, fallback));
  }
  for (const name of names) {
    out = supersede(out, [...shownOn('agents', name, body[name]), ...shownOn('convai', name, body[name])]);
  }
  if (sentOn === 'convai' && kind === 'create') out.push(capabilities(body));
  return out;
}

/**
 * `older` with what `newer` says instead: every field of `older` whose top-level read-back field `newer`
 * also names is dropped (a trunk config sent again replaces the whole stored trunk), then `newer` follows.
 */
export function supersede(older: readonly ReadBackField[], newer: readonly ReadBackField[]): ReadBackField[] {
  const top = (f: ReadBackField) => `${f.surface} ${f.field.split('.')[0]}`;
  const replaced = new Set(newer.map(top));
  return [...older.filter((f) => !replaced.has(top(f))), ...newer];
}

/** The agents `capabilities` of a convai create: each `supports_*` flag that is not `false` (default true). */
function capabilities(body: Record<string, unknown>): ReadBackField {
  const want = [
    ...(body.supports_inbound === false ? [] : ['inbound']),
    ...(body.supports_outbound === false ? [] : ['outbound']),
  ];
  return { surface: 'agents', field: 'capabilities', want, sent: 'supports_inbound/supports_outbound' };
}

function sameName(
  contract: Contract,
  value: unknown,
  sentSchema: JsonSchema | undefined,
  readSchema: JsonSchema,
  field: string,
  sent: string,
  surface: Surface,
  out: ReadBackField[],
): void {
  if (value === undefined || !sentSchema || isWriteOnly(contract, sentSchema)) return;
  const readProps = objectProperties(contract, readSchema);
  const leaf = field.split('.').at(-1) as string;
  const shown = readProps[leaf];
  if (!shown) return;
  if (value === null) {
    if (allowsNull(contract, shown)) out.push({ surface, field, want: null, sent });
    return;
  }
  if (isRecord(value) && Object.keys(objectProperties(contract, shown)).length > 0) {
    const inner = objectProperties(contract, sentSchema);
    for (const [name, v] of Object.entries(value)) {
      if (name === 'credentials') {
        // Credentials read back as their username and a flag; the password is write-only.
        const c = v as { username?: unknown } | null;
        out.push({
          surface,
          field: `${field}.has_auth_credentials`,
          want: c !== null,
          sent: `${sent}.credentials`,
        });
        out.push({
          surface,
          field: `${field}.username`,
          want: c?.username ?? null,
          sent: `${sent}.credentials.username`,
        });
        continue;
      }
      sameName(contract, v, inner[name], shown, `${field}.${name}`, `${sent}.${name}`, surface, out);
    }
    return;
  }
  out.push({ surface, field, want: value, sent });
}

/** Read-back fields that change on their own (`updated_at`): never compared with an earlier read. */
const VOLATILE = new Set(['updated_at']);

/**
 * After an update, every top-level field of the earlier read-backs that the update did not touch must read
 * back as it was: an update changes what it says and nothing else.
 */
export function unchangedFields(
  before: Record<Surface, unknown>,
  touched: readonly ReadBackField[],
  sentNames: readonly string[],
): ReadBackField[] {
  const extra = sentNames.flatMap((n) => TOUCHES[n] ?? []);
  const out: ReadBackField[] = [];
  for (const surface of ['agents', 'convai'] as const) {
    const view = before[surface];
    if (!isRecord(view)) continue;
    const hit = new Set([
      ...touched.filter((f) => f.surface === surface).map((f) => f.field.split('.')[0]),
      ...(surface === 'convai' ? extra : []),
    ]);
    for (const [field, want] of Object.entries(view)) {
      if (!hit.has(field) && !VOLATILE.has(field)) out.push({ surface, field, want, sent: '(not sent)' });
    }
  }
  return out;
}

/** Compares read-backs with the fields they must show; every difference is reported. */
export function compareReadBack(
  fields: readonly ReadBackField[],
  views: Record<Surface, unknown>,
): RoundTripMismatch[] {
  const mismatches: RoundTripMismatch[] = [];
  for (const f of fields) {
    const got = at(views[f.surface], f.field);
    const same =
      f.field === 'capabilities' && Array.isArray(got) && Array.isArray(f.want)
        ? sameJson([...got].sort(), [...f.want].sort())
        : sameJson(got, f.want);
    if (!same) mismatches.push({ ...f, got });
  }
  return mismatches;
}

/** One line per mismatch: where, what was sent, what must show and what showed. */
export function formatMismatches(mismatches: readonly RoundTripMismatch[]): string {
  return mismatches
    .map(
      (m) =>
        `${m.surface} ${m.field}: sent ${m.sent}, must read back ${JSON.stringify(m.want)}, got ${JSON.stringify(m.got)}`,
    )
    .join('\n  ');
}

function at(value: unknown, path: string): unknown {
  let node = value;
  for (const part of path.split('.')) node = isRecord(node) ? node[part] : undefined;
  return node;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Objects with sorted keys, so property order never decides equality. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(value[k])]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The properties an object schema (or any object branch of a union / nullable `oneOf`) declares. */
function objectProperties(contract: Contract, schema: JsonSchema | undefined): Record<string, JsonSchema> {
  if (!schema) return {};
  const s = derefSchema(schema, (ref) => contract.resolveSchema(ref));
  const own = (s.properties ?? {}) as Record<string, JsonSchema>;
  const branches = [...asSchemas(s.oneOf), ...asSchemas(s.anyOf)].map((b) => objectProperties(contract, b));
  return Object.assign({}, ...branches, own);
}

function allowsNull(contract: Contract, schema: JsonSchema): boolean {
  const s = derefSchema(schema, (ref) => contract.resolveSchema(ref));
  if (s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null'))) return true;
  return [...asSchemas(s.oneOf), ...asSchemas(s.anyOf)].some((b) => allowsNull(contract, b));
}

function isWriteOnly(contract: Contract, schema: JsonSchema): boolean {
  if (schema.writeOnly === true) return true;
  return derefSchema(schema, (ref) => contract.resolveSchema(ref)).writeOnly === true;
}

function defaultOf(contract: Contract, schema: JsonSchema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.default !== undefined) return schema.default;
  return derefSchema(schema, (ref) => contract.resolveSchema(ref)).default;
}
