/**
 * The lists of a workspace's numbers, newest first; the agents list pages with a keyset cursor
 * (`cursor.ts`), `(created_at, id)`, which is exactly the order the list query sorts by.
 */
import type { ListAfter } from './cursor.ts';
import type { Sql } from './db.ts';
import { decodeRows, SELECT } from './rows.ts';
import type { PhoneRow, Provider, Workspace } from './types.ts';

export type { ListAfter } from './cursor.ts';

/** One page of the workspace's numbers, newest first, strictly after `after` in that order. */
export async function listPhoneNumbers(
  sql: Sql,
  workspace: Workspace,
  limit: number,
  after?: ListAfter,
): Promise<PhoneRow[]> {
  if (after) {
    return decodeRows(
      await sql.query<PhoneRow>(
        `${SELECT} where p.workspace_id = $1 and p.deleted_at is null and (p.created_at, p.id) < ($2, $3)
         order by p.created_at desc, p.id desc limit $4`,
        [workspace.id, after.createdAt, after.id, limit],
      ),
    );
  }
  return decodeRows(
    await sql.query<PhoneRow>(
      `${SELECT} where p.workspace_id = $1 and p.deleted_at is null order by p.created_at desc, p.id desc limit $2`,
      [workspace.id, limit],
    ),
  );
}

/** The convai list: at most `limit` numbers, newest first, optionally filtered. */
export async function listConvai(
  sql: Sql,
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
    await sql.query<PhoneRow>(
      `${SELECT} where ${where.join(' and ')} order by p.created_at desc, p.id desc limit $${params.push(limit)}`,
      params,
    ),
  );
}
