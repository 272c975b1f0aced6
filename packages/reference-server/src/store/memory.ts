/**
 * The phone-number store in plain data structures: no database, nothing kept after the process, and no
 * `node:` import here or below, so it also runs in a browser (the in-browser mock). It behaves as the SQL
 * store does, through the same pieces: refusals from `PRECONDITIONS` (update-sql.ts), rows patched by
 * `applyPatch` (rows.ts), API keys by keys.ts, idempotent creates by idempotency.ts, lists in the SQL
 * queries' order (`created_at` then `id`, newest first), so the cursors of list.ts page the same way.
 */
import { newApiKey, pureKeyCrypto } from '../api-keys.ts';
import { newId } from '../ids.ts';
import { Exclusive, type Transaction } from './exclusive.ts';
import { type IdempotencyTable, idempotentCreate, type KeyRecord } from './idempotency.ts';
import { authenticate, forgetKeys, type KeyEntry, type KeyRow, keyRow, type Proof } from './keys.ts';
import type { ListAfter } from './list.ts';
import { applyPatch, roundTrip } from './rows.ts';
import {
  type CreateResult,
  type NewPhoneNumber,
  type PhonePatch,
  type PhoneRow,
  type PhoneStore,
  type Provider,
  providerOf,
  type Surface,
  type UpdateResult,
  type Workspace,
} from './types.ts';
import { refusalOf } from './update-sql.ts';

/** A number as stored: its public row (replaced, never changed, by a write) and what no reply shows. */
export interface StoredNumber {
  row: PhoneRow;
  twilio_account_sid: string | null;
  /** Sealed secrets by name. */
  secrets: Record<string, string>;
  deleted_at: Date | null;
}

/** The tables of the SQL schema, keyed as their primary keys are. */
export interface MemoryTables {
  workspaces: Map<string, { id: string; name: string }>;
  /** By lookup id. */
  apiKeys: Map<string, KeyRow & { revoked_at: Date | null }>;
  agents: Map<string, { id: string; workspace_id: string; name: string }>;
  phoneNumbers: Map<string, StoredNumber>;
  /** By workspace, surface and key (see {@link idempotencyId}). */
  idempotencyKeys: Map<string, KeyRecord>;
}

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** How long a verified API key stays cached, in ms (default 10 s, as on the SQL store). */
  keyCacheMs?: number;
}

/** Every operation of the API over {@link MemoryTables}. */
export class MemoryStore implements PhoneStore {
  /** The scope of calls outside a transaction (a transaction's scope is its {@link Transaction}). */
  readonly db: object = {};
  /** The stored data, for tests and tooling. */
  readonly tables: MemoryTables = {
    workspaces: new Map(),
    apiKeys: new Map(),
    agents: new Map(),
    phoneNumbers: new Map(),
    idempotencyKeys: new Map(),
  };
  private readonly exclusive = new Exclusive();

  // The key state of keys.ts, which reads it as `this` in `authenticate` (so these are not private).
  /** @internal */ readonly keyCache = new Map<string, KeyEntry>();
  /** @internal */ readonly proven = new WeakMap<object, Proof>();
  /** @internal */ readonly keyCacheMs: number;
  /** @internal */ readonly keyCrypto = pureKeyCrypto;
  /** The workspace a key belongs to on a surface, or `undefined` (keys.ts, as on the SQL store). */
  readonly authenticate = authenticate;

  constructor(options: MemoryStoreOptions = {}) {
    this.keyCacheMs = options.keyCacheMs ?? 10_000;
  }

  /** @internal The live key row with this lookup id on this surface (see keys.ts). */
  findKey(lookupId: string, surface: Surface): Promise<KeyRow | undefined> {
    return this.exclusive.run(this.db, () => {
      const row = this.tables.apiKeys.get(lookupId);
      return row && row.surface === surface && row.revoked_at === null ? row : undefined;
    });
  }

  // ---- workspaces, agents ------------------------------------------------------------------------

  createWorkspace(
    name: string,
    options: { id?: string; apiKeys?: { agents: string; convai: string } } = {},
  ): Promise<{ id: string; apiKeys: { agents: string; convai: string } }> {
    return this.exclusive.run(this.db, () => {
      const id = options.id ?? newId('ws');
      const apiKeys = options.apiKeys ?? { agents: newApiKey(), convai: newApiKey() };
      const keys = (['agents', 'convai'] as const).map((surface) =>
        keyRow(this.keyCrypto, id, surface, apiKeys[surface]),
      );
      // Every key checked before anything is written, as the SQL store's transaction would roll back.
      unique(this.tables.workspaces, id, 'workspaces');
      for (const key of keys) unique(this.tables.apiKeys, key.lookup_id, 'api_keys');
      if (keys[0]?.lookup_id === keys[1]?.lookup_id) throw new Error('duplicate key in api_keys');
      this.tables.workspaces.set(id, { id, name });
      for (const key of keys) this.tables.apiKeys.set(key.lookup_id, { ...key, revoked_at: null });
      return { id, apiKeys };
    });
  }

  hasWorkspace(id: string): Promise<boolean> {
    return this.exclusive.run(this.db, () => this.tables.workspaces.has(id));
  }

  createAgent(workspaceId: string, name: string, id: string = newId('agent')): Promise<string> {
    return this.exclusive.run(this.db, () => {
      unique(this.tables.agents, id, 'agents');
      if (!this.tables.workspaces.has(workspaceId)) throw new Error(`no workspace ${workspaceId}`);
      this.tables.agents.set(id, { id, workspace_id: workspaceId, name });
      return id;
    });
  }

  agentExists(workspace: Workspace, agentId: string, scope: object = this.db): Promise<boolean> {
    return this.exclusive.run(scope, () => this.agentOf(workspace, agentId) !== undefined);
  }

  agentIds(workspaceId: string): Promise<string[]> {
    return this.exclusive.run(this.db, () =>
      [...this.tables.agents.values()]
        .filter((agent) => agent.workspace_id === workspaceId)
        .map((agent) => agent.id)
        .sort(byText),
    );
  }

  // ---- reads -------------------------------------------------------------------------------------

  getPhoneNumber(workspace: Workspace, id: string): Promise<PhoneRow | undefined> {
    return this.exclusive.run(this.db, () => this.live(workspace, id)?.row);
  }

  listPhoneNumbers(workspace: Workspace, limit: number, after?: ListAfter): Promise<PhoneRow[]> {
    return this.exclusive.run(this.db, () => {
      const rows = this.newestFirst(workspace);
      const from = after ? rows.filter((row) => isAfter(row, after)) : rows;
      return from.slice(0, limit);
    });
  }

  listConvai(
    workspace: Workspace,
    filter: { provider?: Provider; agentId?: string; branchId?: string },
    limit = 100,
  ): Promise<PhoneRow[]> {
    return this.exclusive.run(this.db, () =>
      this.newestFirst(workspace)
        .filter(
          (row) =>
            (!filter.provider || row.provider === filter.provider) &&
            (!filter.agentId || row.agent_id === filter.agentId) &&
            (!filter.branchId || row.branch_id === filter.branchId),
        )
        .slice(0, limit),
    );
  }

  twilioTrunkOf(
    workspace: Workspace,
    accountSid: string,
    scope: object = this.db,
  ): Promise<string | undefined> {
    return this.exclusive.run(scope, () => {
      let first: PhoneRow | undefined;
      for (const number of this.tables.phoneNumbers.values()) {
        const row = number.row;
        if (
          row.workspace_id === workspace.id &&
          number.deleted_at === null &&
          number.twilio_account_sid === accountSid &&
          row.source === 'twilio' &&
          row.trunk_id !== null &&
          (first === undefined || row.created_at < first.created_at)
        )
          first = row;
      }
      return first?.trunk_id ?? undefined;
    });
  }

  // ---- writes ------------------------------------------------------------------------------------

  createPhoneNumber(
    workspace: Workspace,
    input: NewPhoneNumber,
    scope: object = this.db,
  ): Promise<CreateResult> {
    return this.exclusive.run(scope, (tx): CreateResult => {
      const provider = providerOf(input.source);
      const agent = input.agent_id === null ? undefined : this.agentOf(workspace, input.agent_id);
      if (input.agent_id !== null) {
        const refusal = refusalOf(
          { agent_id: input.agent_id },
          { source: input.source, provider },
          agent !== undefined,
        );
        if (refusal) return { ok: false, error: refusal };
      }
      for (const other of this.tables.phoneNumbers.values()) {
        if (
          other.deleted_at === null &&
          other.row.workspace_id === workspace.id &&
          other.row.e164 === input.e164
        )
          return { ok: false, error: 'conflict' };
      }
      // A copy of the caller's date: a row's dates are never changed (views.ts keeps their text).
      const now = new Date(input.created_at?.getTime() ?? Date.now());
      const row: PhoneRow = {
        id: newId('phone'),
        workspace_id: workspace.id,
        e164: input.e164,
        source: input.source,
        provider,
        capabilities: [...input.capabilities],
        label: input.label,
        agent_id: input.agent_id,
        agent_name: agent?.name ?? null,
        trunk_id: input.trunk_id,
        livekit_phone_number_id: input.livekit_phone_number_id,
        inbound_trunk: roundTrip(input.inbound_trunk ?? null),
        outbound_trunk: roundTrip(input.outbound_trunk ?? null),
        // The columns' defaults.
        livekit_stack: 'standard',
        store_sip_messages: true,
        environment: null,
        branch_id: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      this.tables.phoneNumbers.set(row.id, {
        row,
        twilio_account_sid: input.twilio_account_sid ?? null,
        secrets: { ...input.secrets },
        deleted_at: null,
      });
      tx?.undo.push(() => this.tables.phoneNumbers.delete(row.id));
      return { ok: true, row };
    });
  }

  updatePhoneNumber(workspace: Workspace, id: string, patch: PhonePatch): Promise<UpdateResult> {
    return this.exclusive.run(this.db, (): UpdateResult => {
      const number = this.live(workspace, id);
      if (!number) return { ok: false, error: 'not_found' };
      const agent = typeof patch.agent_id === 'string' ? this.agentOf(workspace, patch.agent_id) : undefined;
      const refusal = refusalOf(patch, number.row, agent !== undefined);
      if (refusal) return { ok: false, error: refusal };
      const base = number.row;
      // `updated_at` strictly increases, even if the clock went back.
      const row = applyPatch(base, patch, new Date(Math.max(Date.now(), base.updated_at.getTime() + 1)));
      if (agent) {
        row.agent_id = agent.id;
        row.agent_name = agent.name;
      }
      number.row = row;
      if (patch.setSecrets || patch.dropSecrets) {
        const secrets = { ...number.secrets };
        for (const name of patch.dropSecrets ?? []) delete secrets[name];
        number.secrets = { ...secrets, ...patch.setSecrets };
      }
      return { ok: true, row };
    });
  }

  deletePhoneNumber(workspace: Workspace, id: string): Promise<boolean> {
    return this.exclusive.run(this.db, () => {
      const number = this.live(workspace, id);
      if (!number) return false;
      number.deleted_at = new Date();
      number.row = { ...number.row, version: number.row.version + 1 };
      return true;
    });
  }

  // The interface's own signature: a create runs in any scope, here the transaction's.
  readonly withIdempotency: PhoneStore['withIdempotency'] = (workspace, surface, key, request, create) =>
    idempotentCreate<Transaction>(
      (fn) => this.exclusive.transaction(fn),
      (tx) => this.keyTable(tx, idempotencyId(workspace, surface, key)),
      request,
      create,
    );

  clear(): Promise<void> {
    return this.exclusive.run(this.db, () => {
      for (const table of Object.values(this.tables)) table.clear();
      forgetKeys(this);
    });
  }

  /** Ends the store: later calls are refused, as by a closed database; its data goes with it. */
  close(): Promise<void> {
    return this.exclusive.close();
  }

  // ---- parts -------------------------------------------------------------------------------------

  /** A live number of the workspace: another workspace's is as missing as a deleted one. */
  private live(workspace: Workspace, id: string): StoredNumber | undefined {
    const number = this.tables.phoneNumbers.get(id);
    return number && number.deleted_at === null && number.row.workspace_id === workspace.id
      ? number
      : undefined;
  }

  /** An agent of the workspace; another workspace's is as unknown as a missing one. */
  private agentOf(workspace: Workspace, agentId: string): { id: string; name: string } | undefined {
    const agent = this.tables.agents.get(agentId);
    return agent?.workspace_id === workspace.id ? agent : undefined;
  }

  /** The workspace's live numbers in the lists' order: `created_at` descending, then `id` descending. */
  private newestFirst(workspace: Workspace): PhoneRow[] {
    const rows: PhoneRow[] = [];
    for (const number of this.tables.phoneNumbers.values()) {
      if (number.deleted_at === null && number.row.workspace_id === workspace.id) rows.push(number.row);
    }
    return rows.sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || byText(b.id, a.id));
  }

  /** One key's row of {@link MemoryTables.idempotencyKeys}, inside a transaction. */
  private keyTable(tx: Transaction, id: string): IdempotencyTable {
    const keys = this.tables.idempotencyKeys;
    return {
      claim: (requestHash) =>
        this.exclusive.run(tx, () => {
          const stored = keys.get(id);
          if (stored) return stored;
          keys.set(id, { request_hash: requestHash, response_status: null, response_body: null });
          tx.undo.push(() => keys.delete(id));
          return 'claimed' as const;
        }),
      save: (reply) =>
        this.exclusive.run(tx, () => {
          const stored = keys.get(id);
          if (stored)
            keys.set(id, {
              ...stored,
              response_status: reply.status,
              response_body: JSON.stringify(reply.body),
            });
        }),
    };
  }
}

/** The key of {@link MemoryTables.idempotencyKeys}: the SQL table's primary key. */
function idempotencyId(workspace: Workspace, surface: Surface, key: string): string {
  return JSON.stringify([workspace.id, surface, key]);
}

/** Throws as a primary key would when `id` is taken. */
function unique(table: Map<string, unknown>, id: string, name: string): void {
  if (table.has(id)) throw new Error(`duplicate key in ${name}: ${id}`);
}

/** Whether `row` comes after `after` in the lists' order: `(created_at, id) < (after.createdAt, after.id)`. */
function isAfter(row: PhoneRow, after: ListAfter): boolean {
  const time = row.created_at.getTime() - after.createdAt.getTime();
  return time < 0 || (time === 0 && row.id < after.id);
}

/** Text order by code unit, as the ids (ASCII) sort in SQL. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
