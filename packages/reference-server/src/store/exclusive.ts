/**
 * Transactions for a store kept in plain data structures: each runs alone, and calls from outside it wait
 * until it has ended, as they do behind an SQLite transaction. Writes inside one take effect at once and
 * are undone if it fails; since nothing outside it runs meanwhile, nobody sees them before it commits.
 */

/** An open transaction: the undo steps of its writes, newest last. */
export class Transaction {
  readonly undo: (() => void)[] = [];
  /** False once the transaction has ended: its handle stops working then. */
  open = true;
}

/** Runs an operation, turning a throw into a rejected promise. */
function attempt<T>(op: () => T): Promise<T> {
  try {
    return Promise.resolve(op());
  } catch (error) {
    return Promise.reject(error);
  }
}

const ignore = () => {};

/** Serialises transactions, and makes every other call wait for the ones open or queued before it. */
export class Exclusive {
  /** Settles when everything queued so far has ended; `undefined` when nothing is queued. */
  private tail: Promise<void> | undefined;
  /** Set by {@link close}: every later call is refused, as a closed database refuses queries. */
  closed = false;

  /** Refuses every later call; resolves when what is queued has ended. */
  close(): Promise<void> {
    this.closed = true;
    return this.tail ?? Promise.resolve();
  }

  /**
   * Runs `op` inside `scope` when it is a transaction (at once), else at once when no transaction is open
   * or queued, else after them. `op` is synchronous, so nothing else runs between its reads and writes.
   */
  run<T>(scope: object, op: (tx: Transaction | undefined) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    if (scope instanceof Transaction) {
      if (!scope.open) return Promise.reject(new Error('the transaction has ended'));
      return attempt(() => op(scope));
    }
    if (this.tail === undefined) return attempt(() => op(undefined));
    return this.enqueue(() => op(undefined));
  }

  /** Runs `fn` alone in a transaction: its writes are undone, newest first, when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return this.enqueue(async () => {
      const tx = new Transaction();
      try {
        return await fn(tx);
      } catch (error) {
        for (let i = tx.undo.length - 1; i >= 0; i--) tx.undo[i]?.();
        throw error;
      } finally {
        tx.open = false;
      }
    });
  }

  private enqueue<T>(job: () => T | Promise<T>): Promise<T> {
    const result = (this.tail ?? Promise.resolve()).then(job);
    const tail = result.then(ignore, ignore);
    this.tail = tail;
    // Nothing queued after this job: later calls run at once again.
    void tail.then(() => {
      if (this.tail === tail) this.tail = undefined;
    });
    return result;
  }
}
