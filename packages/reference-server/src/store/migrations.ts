/**
 * Versioned schema migrations for the embedded store (SQLite) and PostgreSQL: one list of versions, each
 * with its SQL for both, so the two schemas move together. Each runs once and is recorded in
 * `schema_migrations`; the pending ones are applied on start in one transaction with their records, so a
 * crash mid-migration leaves the previous schema. A new version is a new entry at the end of the list
 * (never an edit of an applied one).
 */
import type { Database } from './db.ts';

/** One schema change, written for each database (the same tables, columns and constraints). */
export interface Migration {
  version: number;
  name: string;
  sql: { postgres: string; sqlite: string };
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: {
      postgres: `
      create table workspaces (
        id          text primary key,
        name        text not null,
        created_at  timestamptz not null default now()
      );

      -- A key is shown once at creation; only its SHA-256 is kept. lookup_id (the first characters of the
      -- key, not secret) finds the row, then the hashes are compared in constant time.
      create table api_keys (
        lookup_id     text primary key,
        workspace_id  text not null references workspaces (id) on delete cascade,
        surface       text not null check (surface in ('agents', 'convai')),
        key_hash      bytea not null,
        created_at    timestamptz not null default now(),
        revoked_at    timestamptz
      );
      create index api_keys_workspace on api_keys (workspace_id);

      create table agents (
        id            text primary key,
        workspace_id  text not null references workspaces (id) on delete cascade,
        name          text not null,
        created_at    timestamptz not null default now()
      );
      create index agents_workspace on agents (workspace_id);

      create table phone_numbers (
        id                        text primary key,
        workspace_id              text not null references workspaces (id) on delete cascade,
        e164                      text not null,
        source                    text not null check (source in
                                    ('livekit', 'twilio', 'byoc', 'twilio_purchased', 'verified_caller_id', 'exotel')),
        provider                  text not null check (provider in ('twilio', 'exotel', 'sip_trunk')),
        capabilities              text[] not null,
        label                     text not null default '',
        agent_id                  text references agents (id),
        trunk_id                  text,
        livekit_phone_number_id   text,
        twilio_account_sid        text,
        -- Public halves of the convai trunk configs (credentials reduced to username + a flag).
        inbound_trunk             jsonb,
        outbound_trunk            jsonb,
        livekit_stack             text not null default 'standard' check (livekit_stack in ('standard', 'static')),
        store_sip_messages        boolean not null default true,
        environment               text,
        branch_id                 text,
        -- Provider credentials and trunk passwords, each sealed with AES-256-GCM; never selected for a reply.
        secrets                   jsonb not null default '{}'::jsonb,
        version                   integer not null default 1,
        created_at                timestamptz not null,
        updated_at                timestamptz not null,
        deleted_at                timestamptz,
        check (updated_at >= created_at)
      );
      -- e164 is unique among a workspace's live numbers; a deleted number's e164 can be imported again.
      create unique index phone_numbers_e164 on phone_numbers (workspace_id, e164) where deleted_at is null;
      -- The keyset of the agents list: newest first, id as the tie-breaker.
      create index phone_numbers_page on phone_numbers (workspace_id, created_at desc, id desc)
        where deleted_at is null;

      create table idempotency_keys (
        workspace_id    text not null references workspaces (id) on delete cascade,
        surface         text not null,
        key             text not null,
        request_hash    text not null,
        response_status integer,
        -- text, not jsonb: a replay must be byte-identical, and jsonb reorders keys.
        response_body   text,
        created_at      timestamptz not null default now(),
        primary key (workspace_id, surface, key)
      );
    `,
      // The same schema in SQLite's types: timestamps are integer epoch milliseconds, JSON and the
      // capabilities array are text checked with json_valid, booleans are 0/1. STRICT tables refuse values
      // of another type, as PostgreSQL would.
      sqlite: `
      create table workspaces (
        id          text primary key,
        name        text not null,
        created_at  integer not null default (cast(unixepoch('subsec') * 1000 as integer))
      ) strict;

      create table api_keys (
        lookup_id     text primary key,
        workspace_id  text not null references workspaces (id) on delete cascade,
        surface       text not null check (surface in ('agents', 'convai')),
        key_hash      blob not null,
        created_at    integer not null default (cast(unixepoch('subsec') * 1000 as integer)),
        revoked_at    integer
      ) strict;
      create index api_keys_workspace on api_keys (workspace_id);

      create table agents (
        id            text primary key,
        workspace_id  text not null references workspaces (id) on delete cascade,
        name          text not null,
        created_at    integer not null default (cast(unixepoch('subsec') * 1000 as integer))
      ) strict;
      create index agents_workspace on agents (workspace_id);

      create table phone_numbers (
        id                        text primary key,
        workspace_id              text not null references workspaces (id) on delete cascade,
        e164                      text not null,
        source                    text not null check (source in
                                    ('livekit', 'twilio', 'byoc', 'twilio_purchased', 'verified_caller_id', 'exotel')),
        provider                  text not null check (provider in ('twilio', 'exotel', 'sip_trunk')),
        capabilities              text not null check (json_valid(capabilities)),
        label                     text not null default '',
        agent_id                  text references agents (id),
        trunk_id                  text,
        livekit_phone_number_id   text,
        twilio_account_sid        text,
        inbound_trunk             text check (json_valid(inbound_trunk)),
        outbound_trunk            text check (json_valid(outbound_trunk)),
        livekit_stack             text not null default 'standard' check (livekit_stack in ('standard', 'static')),
        store_sip_messages        integer not null default 1 check (store_sip_messages in (0, 1)),
        environment               text,
        branch_id                 text,
        secrets                   text not null default '{}' check (json_valid(secrets)),
        version                   integer not null default 1,
        created_at                integer not null,
        updated_at                integer not null,
        deleted_at                integer,
        check (updated_at >= created_at)
      ) strict;
      create unique index phone_numbers_e164 on phone_numbers (workspace_id, e164) where deleted_at is null;
      create index phone_numbers_page on phone_numbers (workspace_id, created_at desc, id desc)
        where deleted_at is null;

      create table idempotency_keys (
        workspace_id    text not null references workspaces (id) on delete cascade,
        surface         text not null,
        key             text not null,
        request_hash    text not null,
        response_status integer,
        response_body   text,
        created_at      integer not null default (cast(unixepoch('subsec') * 1000 as integer)),
        primary key (workspace_id, surface, key)
      ) strict;
    `,
    },
  },
  {
    version: 2,
    name: 'millisecond timestamps on PostgreSQL',
    sql: {
      // The list cursor carries created_at in milliseconds (JavaScript's precision). A microsecond value
      // (a backfill, manual SQL, a future default) would sort between two cursor values and be skipped.
      // SQLite already stores integer milliseconds.
      postgres: `
      alter table phone_numbers
        alter column created_at type timestamptz(3),
        alter column updated_at type timestamptz(3),
        alter column deleted_at type timestamptz(3);
    `,
      sqlite: '',
    },
  },
];

// Any constant works; it only has to be the same for every process migrating the same database.
const MIGRATION_LOCK = 727_070_001;

/**
 * Applies the migrations the database has not seen yet and returns the versions applied. Concurrent
 * callers (several server processes on one PostgreSQL) serialise on an advisory lock.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const postgres = db.kind === 'postgres';
  return db.transaction(async (tx) => {
    // SQLite: the embedded file has one writer (the transaction holds its write lock).
    if (postgres) await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`create table if not exists schema_migrations (
      version     integer primary key,
      name        text not null,
      applied_at  ${postgres ? 'timestamptz not null default now()' : "integer not null default (cast(unixepoch('subsec') * 1000 as integer))"}
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      const sql = postgres ? migration.sql.postgres : migration.sql.sqlite;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

/**
 * Parameterised queries take one statement each, so a migration is split at `;` line ends. Migrations are
 * our own SQL without `;` inside literals or bodies, which keeps this split exact.
 */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
