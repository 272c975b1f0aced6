/**
 * The lists of a workspace's numbers, newest first, and the agents list's keyset cursor: the position
 * after the last item of a page, `(created_at, id)`, which is exactly the order the list query sorts by.
 */
import type { Sql } from './db.ts';
import { decodeRows, SELECT } from './rows.ts';
import type { PhoneRow, Provider, Workspace } from './types.ts';

/** Position in the agents list: the last item of the previous page. */
export interface ListAfter {
  createdAt: Date;
  id: string;
}

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

const MAX_DATE_MS = 8_640_000_000_000_000;
const CURSOR = /^(\d{1,16})\.(phone_[0-7][0-9a-hjkmnp-tv-z]{25})$/;

/** An opaque keyset cursor: the (created_at, id) of the last item, base64url. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or `undefined` if it is not one of ours. */
export function decodeCursor(cursor: string): ListAfter | undefined {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const ms = Number(match[1]);
  // Past JavaScript's last representable date the Date is invalid: PostgreSQL would fail on it (a 500)
  // and SQLite would bind it as NULL (an empty page). Such a cursor was never issued.
  if (ms > MAX_DATE_MS) return undefined;
  return { createdAt: new Date(ms), id: match[2] as string };
}
