/**
 * A phone number's row: the columns every read selects, and the row made uniform whichever database
 * returned it ({@link decodeRow}) or computed from a known row and a patch ({@link applyPatch}). Cached
 * rows are built only here, as one object literal of one fixed shape, which keeps them on V8's fast path.
 */
import type { PhonePatch, PhoneRow } from './types.ts';

const COLUMNS = `p.id, p.workspace_id, p.e164, p.source, p.provider, p.capabilities, p.label, p.agent_id,
  p.trunk_id, p.livekit_phone_number_id, p.inbound_trunk, p.outbound_trunk, p.livekit_stack,
  p.store_sip_messages, p.environment, p.branch_id, p.version, p.created_at, p.updated_at`;

/** Every public column of a number (`p`) and its agent's name; a query adds its `where`. */
export const SELECT = `select ${COLUMNS}, a.name as agent_name from phone_numbers p left join agents a on a.id = p.agent_id`;

// SQLite's RETURNING cannot name the table's alias, so it lists bare columns; agents has no `agent_id`
// column, so inside the subquery `agent_id` is the written row's.
/** The columns of {@link SELECT}, returned by an INSERT or UPDATE of `phone_numbers`. */
export const RETURNING = `returning ${COLUMNS.replaceAll('p.', '')}, (select a.name from agents a where a.id = agent_id) as agent_name`;

/**
 * A row as either database returns it, made uniform: SQLite hands back timestamps as epoch milliseconds,
 * JSON columns and the capabilities array as text, booleans as 0/1; PostgreSQL already decoded them.
 */
export function decodeRow(raw: PhoneRow | undefined): PhoneRow | undefined {
  if (!raw) return undefined;
  const row = raw as unknown as Record<keyof PhoneRow, unknown>;
  // A new object literal of one fixed shape (rather than fields rewritten in place from number or string
  // to Date or object), which keeps every cached row on V8's fast path.
  return {
    id: raw.id,
    workspace_id: raw.workspace_id,
    e164: raw.e164,
    source: raw.source,
    provider: raw.provider,
    capabilities: parsed(row.capabilities) as PhoneRow['capabilities'],
    label: raw.label,
    agent_id: raw.agent_id,
    agent_name: raw.agent_name,
    trunk_id: raw.trunk_id,
    livekit_phone_number_id: raw.livekit_phone_number_id,
    inbound_trunk: parsed(row.inbound_trunk) as PhoneRow['inbound_trunk'],
    outbound_trunk: parsed(row.outbound_trunk) as PhoneRow['outbound_trunk'],
    livekit_stack: raw.livekit_stack,
    store_sip_messages: row.store_sip_messages === true || row.store_sip_messages === 1,
    environment: raw.environment,
    branch_id: raw.branch_id,
    version: raw.version,
    created_at: date(row.created_at),
    updated_at: date(row.updated_at),
  };
}

function parsed(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function date(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as number);
}

/** {@link decodeRow} of every row. */
export function decodeRows(rows: PhoneRow[]): PhoneRow[] {
  return rows.map((row) => decodeRow(row) as PhoneRow);
}

/**
 * `base` with a patch that binds no agent applied, as the database would return it: trunk configs go
 * through JSON as they do when stored, so the row is the same as one read back. (An agent the patch binds
 * is left to the caller, which knows the agent's name; `base`'s binding is kept.) One object literal of the
 * row's fixed shape, as {@link decodeRow} builds (a spread made a slower object).
 */
export function applyPatch(base: PhoneRow, patch: PhonePatch, updatedAt: Date): PhoneRow {
  const unbind = patch.agent_id === null;
  return {
    id: base.id,
    workspace_id: base.workspace_id,
    e164: base.e164,
    source: base.source,
    provider: base.provider,
    capabilities: base.capabilities,
    label: patch.label ?? base.label,
    agent_id: unbind ? null : base.agent_id,
    agent_name: unbind ? null : base.agent_name,
    trunk_id: base.trunk_id,
    livekit_phone_number_id: base.livekit_phone_number_id,
    inbound_trunk: patch.inbound_trunk !== undefined ? roundTrip(patch.inbound_trunk) : base.inbound_trunk,
    outbound_trunk:
      patch.outbound_trunk !== undefined ? roundTrip(patch.outbound_trunk) : base.outbound_trunk,
    livekit_stack: patch.livekit_stack ?? base.livekit_stack,
    store_sip_messages: patch.store_sip_messages ?? base.store_sip_messages,
    environment: patch.environment !== undefined ? patch.environment : base.environment,
    branch_id: patch.branch_id !== undefined ? patch.branch_id : base.branch_id,
    version: base.version + 1,
    created_at: base.created_at,
    updated_at: updatedAt,
  };
}

/** A JSON column's value as it reads back once stored: a copy, without `undefined` properties. */
export function roundTrip<T>(value: T | null): T | null {
  return value === null ? null : (JSON.parse(JSON.stringify(value)) as T);
}

/** A JSON column's value as bound: its text, or null. */
export function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
