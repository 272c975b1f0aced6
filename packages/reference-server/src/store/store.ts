/**
 * The phone-number store: every read and write the two API surfaces need, as SQL over {@link Database}.
 * Tenancy is enforced here: every statement is scoped by `workspace_id`, so another workspace's number is
 * indistinguishable from a missing one. Its parts: `keys.ts` (authentication), `rows.ts` (what a row is),
 * `row-cache.ts` (the rows this process knows), `update-sql.ts` (a patch's UPDATE and its preconditions),
 * `list.ts` (the lists).
 */
import { newApiKey } from '../api-keys.ts';
import { nodeKeyCrypto } from '../crypto.ts';
import { newId } from '../ids.ts';
import type { Database, Sql } from './db.ts';
import { type IdempotencyTable, idempotentCreate, type KeyRecord } from './idempotency.ts';
import { authenticate, forgetKeys, type KeyEntry, keyRow, type Proof } from './keys.ts';
import { type ListAfter, listConvai, listPhoneNumbers } from './list.ts';
import { RowCache } from './row-cache.ts';
import { applyPatch, decodeRow, json, RETURNING, SELECT } from './rows.ts';
import type {
  CreateResult,
  NewPhoneNumber,
  PhonePatch,
  PhoneRow,
  PhoneStore,
  Provider,
  StoredReply,
  Surface,
  UpdateResult,
  Workspace,
} from './types.ts';
import { providerOf } from './types.ts';
import { type NumberFacts, refusalOf, SELECT_FACTS, UpdateSql, whyRefused } from './update-sql.ts';

// The store's vocabulary, so that a caller of the store imports one module.
export type { ListAfter } from './list.ts';
export * from './types.ts';

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

/** Every operation of the API over one database (SQL; `memory.ts` is the same without one). */
export class Store implements PhoneStore {
  readonly db: Database;
  /** The rows this process knows; `undefined` where it is not the only writer (PostgreSQL). */
  private readonly cache: RowCache | undefined;
  private readonly updates: UpdateSql;

  // The key state of keys.ts, which reads it as `this` in `authenticate` (so these are not private).
  /** @internal */ readonly keyCache = new Map<string, KeyEntry>();
  /** @internal */ readonly proven = new WeakMap<object, Proof>();
  /** @internal */ readonly keyCacheMs: number;
  /** @internal */ readonly keyCrypto = nodeKeyCrypto;

  /**
   * The workspace a key belongs to on a surface, or `undefined`; at once when the key's row is cached
   * (see keys.ts). The module's function itself rather than a method that calls it: the key check of a
   * proven connection runs on every request and gains no call.
   */
  readonly authenticate = authenticate;

  constructor(db: Database, options: StoreOptions = {}) {
    this.db = db;
    this.cache = (options.readCache ?? db.kind === 'embedded') ? new RowCache(db) : undefined;
    this.updates = new UpdateSql(db.dialect);
    this.keyCacheMs = options.keyCacheMs ?? 10_000;
  }

  // ---- workspaces, agents ------------------------------------------------------------------------

  /** Creates a workspace with one key per surface; the keys are returned once and stored hashed. */
  async createWorkspace(
    name: string,
    options: { id?: string; apiKeys?: { agents: string; convai: string } } = {},
  ): Promise<{ id: string; apiKeys: { agents: string; convai: string } }> {
    const id = options.id ?? newId('ws');
    const apiKeys = options.apiKeys ?? { agents: newApiKey(), convai: newApiKey() };
    await this.db.transaction(async (tx) => {
      await tx.query('insert into workspaces (id, name) values ($1, $2)', [id, name]);
      for (const surface of ['agents', 'convai'] as const) {
        const row = keyRow(this.keyCrypto, id, surface, apiKeys[surface]);
        await tx.query(
          'insert into api_keys (lookup_id, workspace_id, surface, key_hash) values ($1, $2, $3, $4)',
          [row.lookup_id, row.workspace_id, row.surface, row.key_hash],
        );
      }
    });
    return { id, apiKeys };
  }

  /** @internal The live key row with this lookup id on this surface (see keys.ts). */
  async findKey(
    lookupId: string,
    surface: Surface,
  ): Promise<{ workspace_id: string; key_hash: Uint8Array } | undefined> {
    const rows = await this.db.query<{ workspace_id: string; key_hash: Uint8Array }>(
      'select workspace_id, key_hash from api_keys where lookup_id = $1 and surface = $2 and revoked_at is null',
      [lookupId, surface],
    );
    return rows[0];
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

  /** Whether an agent exists in the workspace. */
  async agentExists(workspace: Workspace, agentId: string, sql: Sql = this.db): Promise<boolean> {
    return (
      (await sql.query('select 1 from agents where id = $1 and workspace_id = $2', [agentId, workspace.id]))
        .length > 0
    );
  }

  /** The ids of a workspace's agents, in id order. */
  async agentIds(workspaceId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      'select id from agents where workspace_id = $1 order by id',
      [workspaceId],
    );
    return rows.map((a) => a.id);
  }

  // ---- reads -------------------------------------------------------------------------------------

  /** A live number of the workspace, or `undefined` (missing, deleted, or another workspace's). */
  async getPhoneNumber(workspace: Workspace, id: string): Promise<PhoneRow | undefined> {
    const cached = this.cache?.rows.get(id);
    if (cached) return cached.workspace_id === workspace.id ? cached : undefined;
    const rows = await this.db.query<PhoneRow>(
      `${SELECT} where p.id = $1 and p.workspace_id = $2 and p.deleted_at is null`,
      [id, workspace.id],
    );
    const row = decodeRow(rows[0]);
    if (row) this.cache?.remember(row);
    return row;
  }

  /** One page of the workspace's numbers, newest first, strictly after `after` in that order. */
  listPhoneNumbers(workspace: Workspace, limit: number, after?: ListAfter): Promise<PhoneRow[]> {
    return listPhoneNumbers(this.db, workspace, limit, after);
  }

  /** The convai list: at most `limit` numbers, newest first, optionally filtered. */
  listConvai(
    workspace: Workspace,
    filter: { provider?: Provider; agentId?: string; branchId?: string },
    limit = 100,
  ): Promise<PhoneRow[]> {
    return listConvai(this.db, workspace, filter, limit);
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
      // The preconditions of binding the agent, as a PATCH has them; the agent is looked up only when
      // the number itself does not already refuse it.
      const binding = { agent_id: input.agent_id };
      const number = { source: input.source, provider: providerOf(input.source) };
      const refusal =
        refusalOf(binding, number, true) ??
        refusalOf(binding, number, await this.agentExists(workspace, input.agent_id, sql));
      if (refusal) return { ok: false, error: refusal };
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
      if (sql === this.db) this.cache?.remember(row);
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
    const update = this.updates.statement(id, workspace, patch, false);
    update.params.push(new Date());
    const rows = await this.db.query<PhoneRow>(update.text, update.params);
    const row = decodeRow(rows[0]);
    if (row) {
      this.cache?.remember(row);
      return { ok: true, row };
    }
    const [number] = await this.db.query<NumberFacts>(SELECT_FACTS, [id, workspace.id]);
    return { ok: false, error: whyRefused(patch, number) };
  }

  /**
   * The update of a number whose current row this process knows (cached, or written by a write of this
   * process still waiting for its commit), without reading the row back: the new row is the known one
   * plus the patch, and the UPDATE sets `version` and `updated_at` to the values computed from it, guarded
   * by the known version. Versions only grow and every write bumps them, so if the guard holds, the stored
   * row was exactly the known one and now is exactly the computed one. `undefined` when the row is not
   * known, the guard or a precondition failed (nothing changed), or the patch binds an agent (whose name
   * the reply needs): the general path then decides. Reading back 20 columns cost about three times the
   * UPDATE itself. Not an async function: on the embedded store whether
   * the write applied is known at once, and the reply then follows the commit with one `then`. Agents are
   * never renamed, so a known row's `agent_name` stays true; an API that renames agents must bump their
   * numbers' versions.
   */
  private updateKnown(
    workspace: Workspace,
    id: string,
    patch: PhonePatch,
  ): Promise<UpdateResult> | undefined {
    const cache = this.cache;
    if (!cache || typeof patch.agent_id === 'string') return undefined;
    const base = cache.unsettled.get(id) ?? cache.rows.get(id);
    if (!base || base.workspace_id !== workspace.id) return undefined;
    const next = applyPatch(base, patch, new Date(Math.max(Date.now(), base.updated_at.getTime() + 1)));
    const update = this.updates.statement(id, workspace, patch, true);
    update.params.push(next.version, next.updated_at, base.version);
    // Synchronous on the embedded store: the next write of this row, even in the same tick, builds on this.
    const written = this.db.write(update.text, update.params);
    if (written instanceof Promise) {
      // A transaction was in the way: the write ran after it, on its own.
      return written.then((w) =>
        w.changes === 1 ? cache.settle(id, next, w.committed) : this.updateGeneral(workspace, id, patch),
      );
    }
    return written.changes === 1 ? cache.settle(id, next, written.committed) : undefined;
  }

  /** Soft-deletes a number; `false` when there was no live number to delete. */
  async deletePhoneNumber(workspace: Workspace, id: string): Promise<boolean> {
    const rows = await this.db.query(
      `update phone_numbers set deleted_at = $3, version = version + 1
       where id = $1 and workspace_id = $2 and deleted_at is null returning id`,
      [id, workspace.id, new Date()],
    );
    // Only a delete that happened marks the id (a 404, e.g. for another workspace's id, changes nothing).
    if (rows.length > 0) this.cache?.forget(id);
    return rows.length > 0;
  }

  /** Runs a create under an `Idempotency-Key` (see idempotency.ts), its key row in the create's transaction. */
  async withIdempotency(
    workspace: Workspace,
    surface: Surface,
    key: string,
    request: unknown,
    create: (tx: Sql) => Promise<StoredReply & { row?: PhoneRow }>,
  ): Promise<StoredReply | 'mismatch'> {
    let created: PhoneRow | undefined;
    const result = await idempotentCreate<Sql>(
      (fn) => this.db.transaction(fn),
      (tx) => sqlKeys(tx, workspace, surface, key),
      request,
      async (tx) => {
        const reply = await create(tx);
        created = reply.row;
        return reply;
      },
    );
    // Only a committed create gets here with its row (a refused one has none; a failed commit threw).
    if (created) this.cache?.remember(created);
    return result;
  }

  async clear(): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Children first: the foreign keys point from numbers and keys to agents and workspaces.
      for (const table of ['idempotency_keys', 'phone_numbers', 'agents', 'api_keys', 'workspaces'])
        await tx.query(`delete from ${table}`);
    });
    this.cache?.clear();
    forgetKeys(this);
  }

  /** Closes the database. */
  close(): Promise<void> {
    return this.db.close();
  }
}

/** The `idempotency_keys` row of one key, inside a create's transaction. */
function sqlKeys(tx: Sql, workspace: Workspace, surface: Surface, key: string): IdempotencyTable {
  return {
    async claim(requestHash) {
      // A concurrent request with the same key blocks here until the first one commits, then conflicts.
      const claimed = await tx.query(
        `insert into idempotency_keys (workspace_id, surface, key, request_hash) values ($1, $2, $3, $4)
         on conflict do nothing returning key`,
        [workspace.id, surface, key, requestHash],
      );
      if (claimed.length > 0) return 'claimed';
      const [stored] = await tx.query<KeyRecord>(
        'select request_hash, response_status, response_body from idempotency_keys where workspace_id = $1 and surface = $2 and key = $3',
        [workspace.id, surface, key],
      );
      return stored;
    },
    async save(reply) {
      await tx.query(
        'update idempotency_keys set response_status = $4, response_body = $5 where workspace_id = $1 and surface = $2 and key = $3',
        [workspace.id, surface, key, reply.status, JSON.stringify(reply.body)],
      );
    },
  };
}
