/**
 * `Idempotency-Key` for creates, the same on every store: the first request's successful reply is stored in
 * the same transaction as the write and replayed for every later request with the same key and body; the
 * same key with another body is `mismatch`; a failed create (a reply of 300 or more, or a throw) rolls the
 * transaction back, key included, so it can be retried. Stores supply the transaction and the table.
 */
import { sha256Hex } from '../sha256.ts';
import type { PhoneRow, StoredReply } from './types.ts';

/** An idempotency key's row as stored: the request's hash and, once created, the reply. */
export interface KeyRecord {
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
}

/** The idempotency keys as one create's transaction sees them, for one (workspace, surface, key). */
export interface IdempotencyTable {
  /**
   * Claims the key for a request: `'claimed'` when this request now holds it, else the record of the one
   * that claimed it first (`undefined` if it is gone since). A concurrent claim waits until that one's
   * transaction has ended.
   */
  claim(requestHash: string): Promise<'claimed' | KeyRecord | undefined>;
  /** Stores the reply of the request that holds the key. */
  save(reply: StoredReply): Promise<void>;
}

/** A store's transaction: committed when `fn` resolves, rolled back when it throws. */
export type RunTransaction<Tx> = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** Runs `create` under a key (see the module comment); `table` is the key's row inside a transaction. */
export async function idempotentCreate<Tx>(
  transaction: RunTransaction<Tx>,
  table: (tx: Tx) => IdempotencyTable,
  request: unknown,
  create: (tx: Tx) => Promise<StoredReply & { row?: PhoneRow }>,
): Promise<StoredReply | 'mismatch'> {
  const requestHash = sha256Hex(JSON.stringify(request));
  try {
    return await transaction(async (tx) => {
      const keys = table(tx);
      const stored = await keys.claim(requestHash);
      if (stored !== 'claimed') {
        if (!stored || stored.request_hash !== requestHash || stored.response_status === null) {
          return 'mismatch' as const;
        }
        return {
          status: stored.response_status,
          body: JSON.parse(stored.response_body ?? 'null') as unknown,
        };
      }
      const reply = await create(tx);
      if (reply.status >= 300) throw new Rollback(reply);
      await keys.save(reply);
      return { status: reply.status, body: reply.body };
    });
  } catch (error) {
    if (error instanceof Rollback) return error.reply;
    throw error;
  }
}

/** Thrown inside an idempotent create's transaction to roll it back and reply with `reply`. */
class Rollback extends Error {
  readonly reply: StoredReply;
  constructor(reply: StoredReply) {
    super('rollback');
    this.reply = reply;
  }
}
