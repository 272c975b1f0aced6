/**
 * The phone-number store: every read and write the two API surfaces need, as SQL over {@link Database}.
 * Tenancy is enforced here: every statement is scoped by `workspace_id`, so another workspace's number is
 * indistinguishable from a missing one.
 */
import { createHash } from 'node:crypto';
import { hashKey, keyMatches, lookupIdOf, newApiKey, sameKey } from '../crypto.ts';
import { newId } from '../ids.ts';
import type { Database, Dialect, Sql } from './db.ts';

/** The authenticated caller: a workspace. */
export interface Workspace {
  id: string;
}

/** The two API surfaces. */
export type Surface = 'agents' | 'convai';

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

/** Position in the agents list: the last item of the previous page. */
export interface ListAfter {
  createdAt: Date;
  id: string;
}

const COLUMNS = `p.id, p.workspace_id, p.e164, p.source, p.provider, p.capabilities, p.label, p.agent_id,
  p.trunk_id, p.livekit_phone_number_id, p.inbound_trunk, p.outbound_trunk, p.livekit_stack,
  p.store_sip_messages, p.environment, p.branch_id, p.version, p.created_at, p.updated_at`;
const SELECT = `select ${COLUMNS}, a.name as agent_name from phone_numbers p left join agents a on a.id = p.agent_id`;
// SQLite's RETURNING cannot name the table's alias, so it lists bare columns; agents has no `agent_id`
// column, so inside the subquery `agent_id` is the written row's.
const RETURNING = `returning ${COLUMNS.replaceAll('p.', '')}, (select a.name from agents a where a.id = agent_id) as agent_name`;

/**
 * A row as either database returns it, made uniform: SQLite hands back timestamps as epoch milliseconds,
 * JSON columns and the capabilities array as text, booleans as 0/1; PostgreSQL already decoded them.
 */
function decodeRow(raw: PhoneRow | undefined): PhoneRow | undefined {
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

function decodeRows(rows: PhoneRow[]): PhoneRow[] {
  return rows.map((row) => decodeRow(row) as PhoneRow);
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

/** Options of {@link Store}. */
export interface StoreOptions {
  /**
   * Serve single-number reads from memory. Only sound when this process is the database's only writer,
   * which the embedded store guarantees (SQLite inside the process holds the file's exclusive lock).
   * Default: on for embedded.
   */
  readCache?: boolean;
  /** How long a verified API key stays cached, in ms (default 10 s; a revoked key works at most this long). */
  keyCacheMs?: number;
}

const MAX_CACHED = 100_000;

/** A verified API key's row, cached until `until` (epoch ms). */
interface KeyEntry {
  workspace: Workspace;
  hash: Buffer;
  until: number;
}

/** Every operation of the API over one database. */
export class Store {
  private readonly cache: Map<string, PhoneRow> | undefined;
  /**
   * Ids deleted by this process. A read that started before a delete may finish after it; without this
   * it would put the deleted row back in the cache and GET would answer 200 for a deleted number.
   */
  private readonly deleted = new Set<string>();
  /** Rows written by {@link updateKnown} whose commit is still pending, by id: the base of later writes. */
  private readonly unsettled = new Map<string, PhoneRow>();
  /** UPDATE texts by shape of patch (see {@link updateStatement}). */
  private readonly updateTexts = new Map<number, string>();
  private readonly keyCache = new Map<string, KeyEntry>();
  /** Per connection, the last key it proved (see {@link authenticate}); gone with the connection. */
  private readonly proven = new WeakMap<object, { surface: Surface; key: Buffer; entry: KeyEntry }>();
  private readonly keyCacheMs: number;

  readonly db: Database;

  constructor(db: Database, options: StoreOptions = {}) {
    this.db = db;
    this.cache = (options.readCache ?? db.kind === 'embedded') ? new Map() : undefined;
    // A rolled-back group takes its writes with it: rows built on them must not be built on further.
    db.onGroupRollback(() => this.unsettled.clear());
    this.keyCacheMs = options.keyCacheMs ?? 10_000;
  }

  // ---- workspaces, keys, agents -------------------------------------------------------------------

  /** Creates a workspace with one key per surface; the keys are returned once and stored hashed. */
  async createWorkspace(
    name: string,
    options: { id?: string; apiKeys?: { agents: string; convai: string } } = {},
  ): Promise<{ id: string; apiKeys: { agents: string; convai: string } }> {
    const id = options.id ?? newId('ws');
    const apiKeys = options.apiKeys ?? { agents: newApiKey(), convai: newApiKey() };
    await this.db.transaction(async (tx) => {
      await tx.query('insert into workspaces (id, name) values ($1, $2)', [id, name]);
      for (const surface of ['agents', 'convai'] as const) await insertKey(tx, id, surface, apiKeys[surface]);
    });
    return { id, apiKeys };
  }

  /** Whether a workspace exists. */
  async hasWorkspace(id: string): Promise<boolean> {
    return (await this.db.query('select 1 from workspaces where id = $1', [id])).length > 0;
  }

  /** Creates an agent in a workspace. */
  async createAgent(workspaceId: string, name: string, id: string = newId('agent')): Promise<string> {
    await this.db.query('insert into agents (id, workspace_id, name) values ($1, $2, $3)', [
      id,
      workspaceId,
      name,
    ]);
    return id;
  }

  /**
   * The workspace a key belongs to on a surface, or `undefined`. The row is found by the key's non-secret
   * lookup id; the key itself is checked by comparing SHA-256 hashes with `timingSafeEqual`. Answered at
   * once (no promise) when the key's row is cached, which is nearly every request.
   *
   * `connection` (the request's socket) lets a keep-alive connection skip the hash: it remembers the last
   * key it proved and the cached key row that proved it, and a later request on the same connection
   * presenting the same key (compared in constant time, since behind a proxy one connection carries many
   * clients) is accepted while that row is still valid. So a revoked key stops working on every
   * connection within the same {@link StoreOptions.keyCacheMs} as before. The remembered key lives in
   * memory with its connection. Hashing was about a tenth of a PATCH's time.
   */
  authenticate(
    surface: Surface,
    key: string,
    connection?: object,
  ): Workspace | undefined | Promise<Workspace | undefined> {
    if (connection !== undefined) {
      const proof = this.proven.get(connection);
      if (
        proof !== undefined &&
        proof.surface === surface &&
        proof.entry.until > Date.now() &&
        sameKey(key, proof.key)
      )
        return proof.entry.workspace;
    }
    const lookupId = lookupIdOf(key);
    if (lookupId === undefined) return undefined;
    const cacheKey = `${surface}:${lookupId}`;
    const cached = this.keyCache.get(cacheKey);
    if (cached && cached.until > Date.now()) {
      if (!keyMatches(key, cached.hash)) return undefined;
      this.prove(connection, surface, key, cached);
      return cached.workspace;
    }
    return this.authenticateStored(surface, key, lookupId, cacheKey, connection);
  }

  private async authenticateStored(
    surface: Surface,
    key: string,
    lookupId: string,
    cacheKey: string,
    connection: object | undefined,
  ): Promise<Workspace | undefined> {
    const rows = await this.db.query<{ workspace_id: string; key_hash: Uint8Array }>(
      'select workspace_id, key_hash from api_keys where lookup_id = $1 and surface = $2 and revoked_at is null',
      [lookupId, surface],
    );
    const row = rows[0];
    if (!row) return undefined;
    const hash = Buffer.from(row.key_hash);
    if (!keyMatches(key, hash)) return undefined;
    const workspace = { id: row.workspace_id };
    const entry = { workspace, hash, until: Date.now() + this.keyCacheMs };
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(cacheKey, entry);
    this.prove(connection, surface, key, entry);
    return workspace;
  }

  /** Remembers that `connection` proved `key` against `entry` (see {@link authenticate}). */
  private prove(connection: object | undefined, surface: Surface, key: string, entry: KeyEntry): void {
    if (connection !== undefined) this.proven.set(connection, { surface, key: Buffer.from(key), entry });
  }

  // ---- reads -------------------------------------------------------------------------------------

  /** A live number of the workspace, or `undefined` (missing, deleted, or another workspace's). */
  async getPhoneNumber(workspace: Workspace, id: string): Promise<PhoneRow | undefined> {
    const cached = this.cache?.get(id);
    if (cached) return cached.workspace_id === workspace.id ? cached : undefined;
    const rows = await this.db.query<PhoneRow>(
      `${SELECT} where p.id = $1 and p.workspace_id = $2 and p.deleted_at is null`,
      [id, workspace.id],
    );
    const row = decodeRow(rows[0]);
    if (row) this.remember(row);
    return row;
  }

  /** One page of the workspace's numbers, newest first, strictly after `after` in that order. */
  async listPhoneNumbers(workspace: Workspace, limit: number, after?: ListAfter): Promise<PhoneRow[]> {
    if (after) {
      return decodeRows(
        await this.db.query<PhoneRow>(
          `${SELECT} where p.workspace_id = $1 and p.deleted_at is null and (p.created_at, p.id) < ($2, $3)
         order by p.created_at desc, p.id desc limit $4`,
          [workspace.id, after.createdAt, after.id, limit],
        ),
      );
    }
    return decodeRows(
      await this.db.query<PhoneRow>(
        `${SELECT} where p.workspace_id = $1 and p.deleted_at is null order by p.created_at desc, p.id desc limit $2`,
        [workspace.id, limit],
      ),
    );
  }

  /** The convai list: at most `limit` numbers, newest first, optionally filtered. */
  async listConvai(
    workspace: Workspace,
    filter: { provider?: Provider; agentId?: string; branchId?: string },
    limit = 100,
  ): Promise<PhoneRow[]> {
    const where = ['p.workspace_id = $1', 'p.deleted_at is null'];
    const params: unknown[] = [workspace.id];
    if (filter.provider) where.push(`p.provider = $${params.push(filter.provider)}`);
    if (filter.agentId) where.push(`p.agent_id = $${params.push(filter.agentId)}`);
    if (filter.branchId) where.push(`p.branch_id = $${params.push(filter.branchId)}`);
    return decodeRows(
      await this.db.query<PhoneRow>(
        `${SELECT} where ${where.join(' and ')} order by p.created_at desc, p.id desc limit $${params.push(limit)}`,
        params,
      ),
    );
  }

  /** Whether an agent exists in the workspace. */
  async agentExists(workspace: Workspace, agentId: string, sql: Sql = this.db): Promise<boolean> {
    return (
      (await sql.query('select 1 from agents where id = $1 and workspace_id = $2', [agentId, workspace.id]))
        .length > 0
    );
  }

  /** The trunk of an earlier `twilio` import from the same Twilio account, if any. */
  async twilioTrunkOf(
    workspace: Workspace,
    accountSid: string,
    sql: Sql = this.db,
  ): Promise<string | undefined> {
    const rows = await sql.query<{ trunk_id: string }>(
      `select trunk_id from phone_numbers where workspace_id = $1 and twilio_account_sid = $2 and source = 'twilio'
       and deleted_at is null and trunk_id is not null order by created_at limit 1`,
      [workspace.id, accountSid],
    );
    return rows[0]?.trunk_id;
  }

  // ---- writes ------------------------------------------------------------------------------------

  /** Inserts a number; `conflict` when its e164 is already live in the workspace. */
  async createPhoneNumber(
    workspace: Workspace,
    input: NewPhoneNumber,
    sql: Sql = this.db,
  ): Promise<CreateResult> {
    if (input.agent_id !== null) {
      if (input.source === 'verified_caller_id') return { ok: false, error: 'not_bindable' };
      if (!(await this.agentExists(workspace, input.agent_id, sql)))
        return { ok: false, error: 'agent_not_found' };
    }
    const now = input.created_at ?? new Date();
    try {
      const rows = await sql.query<PhoneRow>(
        `insert into phone_numbers as p (id, workspace_id, e164, source, provider, capabilities, label, agent_id,
           trunk_id, livekit_phone_number_id, twilio_account_sid, inbound_trunk, outbound_trunk, secrets,
           created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
         ${RETURNING}`,
        [
          newId('phone'),
          workspace.id,
          input.e164,
          input.source,
          providerOf(input.source),
          input.capabilities,
          input.label,
          input.agent_id,
          input.trunk_id,
          input.livekit_phone_number_id,
          input.twilio_account_sid ?? null,
          json(input.inbound_trunk ?? null),
          json(input.outbound_trunk ?? null),
          JSON.stringify(input.secrets ?? {}),
          now,
        ],
      );
      const row = decodeRow(rows[0]) as PhoneRow;
      // Inside a transaction the row is not committed yet; the caller caches it after commit.
      if (sql === this.db) this.remember(row);
      return { ok: true, row };
    } catch (error) {
      if (this.db.dialect.isUniqueViolation(error)) return { ok: false, error: 'conflict' };
      throw error;
    }
  }

  /**
   * Applies a patch in one UPDATE of only the patched columns, guarded by its preconditions, so the write
   * is row-atomic: concurrent patches of different columns all land, and a refused patch changes nothing.
   * `updated_at` strictly increases; `created_at` is never written.
   */
  updatePhoneNumber(workspace: Workspace, id: string, patch: PhonePatch): Promise<UpdateResult> {
    try {
      return this.updateKnown(workspace, id, patch) ?? this.updateGeneral(workspace, id, patch);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The update of any number: the row is read back by the UPDATE itself. */
  private async updateGeneral(workspace: Workspace, id: string, patch: PhonePatch): Promise<UpdateResult> {
    const update = this.updateStatement(id, workspace, patch, false);
    update.params.push(new Date());
    const rows = await this.db.query<PhoneRow>(update.text, update.params);
    const row = decodeRow(rows[0]);
    if (row) {
      this.remember(row);
      return { ok: true, row };
    }
    return { ok: false, error: await this.whyNotUpdated(workspace, id, patch) };
  }

  /**
   * The update of a number whose current row this process knows (cached, or written by a write of this
   * process still waiting for its commit), without reading the row back: the new row is the known one
   * plus the patch, and the UPDATE sets `version` and `updated_at` to the values computed from it, guarded
   * by the known version. Versions only grow and every write bumps them, so if the guard holds, the stored
   * row was exactly the known one and now is exactly the computed one. `undefined` when the row is not
   * known, the guard or a precondition failed (nothing changed), or the patch binds an agent (whose name
   * the reply needs): the general path then decides. Reading back 20 columns cost about three times the
   * UPDATE itself. Not an async function: on the embedded store whether the write applied is known at
   * once, and the reply then follows the commit with one `then`. Agents are never renamed, so a known
   * row's `agent_name` stays true; an API that renames agents must bump their numbers' versions.
   */
  private updateKnown(
    workspace: Workspace,
    id: string,
    patch: PhonePatch,
  ): Promise<UpdateResult> | undefined {
    if (!this.cache || typeof patch.agent_id === 'string') return undefined;
    const base = this.unsettled.get(id) ?? this.cache.get(id);
    if (!base || base.workspace_id !== workspace.id) return undefined;
    const next = applyPatch(base, patch, new Date(Math.max(Date.now(), base.updated_at.getTime() + 1)));
    const update = this.updateStatement(id, workspace, patch, true);
    update.params.push(next.version, next.updated_at, base.version);
    // Synchronous on the embedded store: the next write of this row, even in the same tick, builds on this.
    const written = this.db.write(update.text, update.params);
    if (written instanceof Promise) {
      // A transaction was in the way: the write ran after it, on its own.
      return written.then((w) =>
        w.changes === 1 ? this.settleKnown(id, next, w.committed) : this.updateGeneral(workspace, id, patch),
      );
    }
    return written.changes === 1 ? this.settleKnown(id, next, written.committed) : undefined;
  }

  /** A known-row write that applied: later writes build on it until its commit, which the reply awaits. */
  private settleKnown(id: string, next: PhoneRow, committed: Promise<void>): Promise<UpdateResult> {
    this.unsettled.set(id, next);
    return committed.then(
      () => {
        if (this.unsettled.get(id) === next) this.unsettled.delete(id);
        this.remember(next);
        return { ok: true, row: next };
      },
      (error: unknown) => {
        if (this.unsettled.get(id) === next) this.unsettled.delete(id);
        throw error;
      },
    );
  }

  /**
   * The UPDATE for a patch, of the patched columns only, with the patch's preconditions as guards, and its
   * parameters so far: id, workspace, the patched values in {@link PATCHED} order, the secrets' drop and
   * set. The caller appends the tail: `known`, the new version, the new `updated_at` and the known version
   * (which the stored one must match); otherwise the time of the write (version and `updated_at` are
   * derived from the row, which is returned). The text is built once per shape of patch (which fields it
   * has), then reused, as is its prepared statement.
   */
  private updateStatement(
    id: string,
    workspace: Workspace,
    patch: PhonePatch,
    known: boolean,
  ): { text: string; params: unknown[] } {
    const params: unknown[] = [id, workspace.id];
    let shape = known ? 1 : 0;
    for (let i = 0; i < PATCHED.length; i++) {
      const { key, json: asJson } = PATCHED[i] as (typeof PATCHED)[number];
      const value = patch[key];
      if (value === undefined) continue;
      shape |= 2 << i;
      params.push(asJson ? json(value) : value);
    }
    if (typeof patch.agent_id === 'string') shape |= 1 << 12;
    if (patch.setSecrets || patch.dropSecrets) {
      shape |= 1 << 13;
      params.push(JSON.stringify(patch.dropSecrets ?? []), JSON.stringify(patch.setSecrets ?? {}));
    }
    if (patch.requireSipTrunk) shape |= 1 << 14;
    let text = this.updateTexts.get(shape);
    if (text === undefined) {
      text = buildUpdateText(this.db.dialect, patch, known);
      this.updateTexts.set(shape, text);
    }
    return { text, params };
  }

  /** Soft-deletes a number; `false` when there was no live number to delete. */
  async deletePhoneNumber(workspace: Workspace, id: string): Promise<boolean> {
    const rows = await this.db.query(
      `update phone_numbers set deleted_at = $3, version = version + 1
       where id = $1 and workspace_id = $2 and deleted_at is null returning id`,
      [id, workspace.id, new Date()],
    );
    // Only a delete that happened marks the id (a 404, e.g. for another workspace's id, changes nothing).
    if (this.cache && rows.length > 0) {
      if (this.deleted.size >= MAX_CACHED) this.deleted.clear();
      this.deleted.add(id);
      this.cache.delete(id);
    }
    return rows.length > 0;
  }

  /**
   * Runs a create under an `Idempotency-Key`: the first request's successful reply is stored in the same
   * transaction as the write, and replayed for every later request with the same key and body. The same
   * key with another body is `mismatch`. A failed create stores nothing, so it can be retried.
   */
  async withIdempotency(
    workspace: Workspace,
    surface: Surface,
    key: string,
    request: unknown,
    create: (tx: Sql) => Promise<StoredReply & { row?: PhoneRow }>,
  ): Promise<StoredReply | 'mismatch'> {
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    let created: PhoneRow | undefined;
    const result = await this.db
      .transaction(async (tx) => {
        // A concurrent request with the same key blocks here until the first one commits, then conflicts.
        const claimed = await tx.query(
          `insert into idempotency_keys (workspace_id, surface, key, request_hash) values ($1, $2, $3, $4)
           on conflict do nothing returning key`,
          [workspace.id, surface, key, requestHash],
        );
        if (claimed.length === 0) {
          const [stored] = await tx.query<{
            request_hash: string;
            response_status: number;
            response_body: string;
          }>(
            'select request_hash, response_status, response_body from idempotency_keys where workspace_id = $1 and surface = $2 and key = $3',
            [workspace.id, surface, key],
          );
          if (!stored || stored.request_hash !== requestHash) return 'mismatch' as const;
          return { status: stored.response_status, body: JSON.parse(stored.response_body) as unknown };
        }
        const reply = await create(tx);
        if (reply.status >= 300) throw new Rollback(reply);
        await tx.query(
          'update idempotency_keys set response_status = $4, response_body = $5 where workspace_id = $1 and surface = $2 and key = $3',
          [workspace.id, surface, key, reply.status, JSON.stringify(reply.body)],
        );
        created = reply.row;
        return { status: reply.status, body: reply.body };
      })
      .catch((error: unknown) => {
        if (error instanceof Rollback) return error.reply;
        throw error;
      });
    if (created) this.remember(created);
    return result;
  }

  private async whyNotUpdated(workspace: Workspace, id: string, patch: PhonePatch): Promise<WriteError> {
    const [row] = await this.db.query<{ source: Source; provider: Provider }>(
      'select source, provider from phone_numbers where id = $1 and workspace_id = $2 and deleted_at is null',
      [id, workspace.id],
    );
    if (!row) return 'not_found';
    if (patch.requireSipTrunk && row.provider !== 'sip_trunk') return 'not_sip_trunk';
    if (typeof patch.agent_id === 'string') {
      if (row.source === 'verified_caller_id') return 'not_bindable';
      return 'agent_not_found';
    }
    // The guards only fail for the reasons above; a row that vanished between the two statements is gone.
    return 'not_found';
  }

  private remember(row: PhoneRow): void {
    if (!this.cache || this.deleted.has(row.id)) return;
    const current = this.cache.get(row.id);
    if (current && current.version >= row.version) return;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(row.id, row);
  }

  /** Closes the database. */
  close(): Promise<void> {
    return this.db.close();
  }
}

class Rollback extends Error {
  readonly reply: StoredReply;
  constructor(reply: StoredReply) {
    super('rollback');
    this.reply = reply;
  }
}

async function insertKey(tx: Sql, workspaceId: string, surface: Surface, key: string): Promise<void> {
  const lookupId = lookupIdOf(key);
  if (lookupId === undefined) throw new Error('API keys must look like sk_ + at least 13 characters');
  await tx.query(
    'insert into api_keys (lookup_id, workspace_id, surface, key_hash) values ($1, $2, $3, $4)',
    [lookupId, workspaceId, surface, hashKey(key)],
  );
}

type PatchedKey =
  | 'label'
  | 'agent_id'
  | 'environment'
  | 'branch_id'
  | 'livekit_stack'
  | 'store_sip_messages'
  | 'inbound_trunk'
  | 'outbound_trunk';

/** The columns a patch may set, in parameter order; JSON columns are bound as text. */
const PATCHED: readonly { key: PatchedKey; json: boolean }[] = [
  { key: 'label', json: false },
  { key: 'agent_id', json: false },
  { key: 'environment', json: false },
  { key: 'branch_id', json: false },
  { key: 'livekit_stack', json: false },
  { key: 'store_sip_messages', json: false },
  { key: 'inbound_trunk', json: true },
  { key: 'outbound_trunk', json: true },
];

/** The SQL of {@link Store.updateStatement}, placeholders numbered in the order it gives the values. */
function buildUpdateText(dialect: Dialect, patch: PhonePatch, known: boolean): string {
  let n = 2;
  const sets: string[] = [];
  const guards: string[] = [];
  for (const { key, json: asJson } of PATCHED) {
    if (patch[key] === undefined) continue;
    n += 1;
    sets.push(`${key} = ${asJson ? dialect.json(`$${n}`) : `$${n}`}`);
    if (key === 'agent_id' && patch.agent_id !== null) {
      guards.push(`p.source <> 'verified_caller_id'`);
      guards.push(`exists (select 1 from agents a where a.id = $${n} and a.workspace_id = $2)`);
    }
  }
  if (patch.setSecrets || patch.dropSecrets) {
    sets.push(`secrets = ${dialect.mergeSecrets(`$${n + 1}`, `$${n + 2}`)}`);
    n += 2;
  }
  if (patch.requireSipTrunk) guards.push(`p.provider = 'sip_trunk'`);
  if (known) {
    sets.push(`version = $${n + 1}`, `updated_at = $${n + 2}`);
    guards.push(`p.version = $${n + 3}`);
  } else {
    sets.push('version = p.version + 1', `updated_at = ${dialect.nextUpdatedAt(`$${n + 1}`)}`);
  }
  return `update phone_numbers as p set ${sets.join(', ')}
       where p.id = $1 and p.workspace_id = $2 and p.deleted_at is null${guards.map((g) => ` and ${g}`).join('')}${known ? '' : ` ${RETURNING}`}`;
}

/**
 * `base` with a patch that binds no agent applied, as the database would return it: trunk configs go
 * through JSON as they do when stored, so the row is the same as one read back. One object literal of the
 * row's fixed shape, as {@link decodeRow} builds (a spread made a slower object).
 */
function applyPatch(base: PhoneRow, patch: PhonePatch, updatedAt: Date): PhoneRow {
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

function roundTrip<T>(value: T | null): T | null {
  return value === null ? null : (JSON.parse(JSON.stringify(value)) as T);
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
