/**
 * The handler timeouts of a pipeline's pending answers, on one timer. A timer per request costs a
 * `Timeout` object, a call into the runtime for the loop's time, and a list insert and removal; every
 * deadline here is the same time ahead, so they expire in the order they were added: a linked list in that
 * order is sorted by deadline, and one timer armed for its head serves them all. Cancelling unlinks in
 * O(1), so a busy server holds only the deadlines still pending. The timer is unref'd: pending deadlines
 * never keep a process alive.
 */

/** A pending deadline; `expire` is cleared once it has fired or been cancelled. */
export interface Deadline {
  at: number;
  expire: (() => void) | undefined;
  prev: Deadline | undefined;
  next: Deadline | undefined;
}

export class Deadlines {
  /** How far ahead each deadline is, in milliseconds. */
  readonly ms: number;
  private head: Deadline | undefined;
  private tail: Deadline | undefined;
  private armed = false;
  private readonly fire = () => this.expireDue();

  /** Deadlines `ms` milliseconds after each {@link add}. */
  constructor(ms: number) {
    this.ms = ms;
  }

  /** Calls `expire` (which must not throw) `ms` from now, unless the deadline is cancelled first. */
  add(expire: () => void): Deadline {
    const deadline: Deadline = { at: performance.now() + this.ms, expire, prev: this.tail, next: undefined };
    if (this.tail) this.tail.next = deadline;
    else this.head = deadline;
    this.tail = deadline;
    if (!this.armed) this.arm(this.ms);
    return deadline;
  }

  /** Drops a deadline; nothing happens for one that already fired or was cancelled. */
  cancel(deadline: Deadline): void {
    if (deadline.expire === undefined) return;
    deadline.expire = undefined;
    if (deadline.prev) deadline.prev.next = deadline.next;
    else this.head = deadline.next;
    if (deadline.next) deadline.next.prev = deadline.prev;
    else this.tail = deadline.prev;
    deadline.prev = undefined;
    deadline.next = undefined;
  }

  private arm(ms: number): void {
    this.armed = true;
    const timer = setTimeout(this.fire, ms);
    (timer as { unref?: () => void }).unref?.();
  }

  /**
   * Expires every deadline that is due, then arms the timer for the next one. The runtime's timers count
   * from the loop's cached time, so the timer may fire a little before the head is due by this clock: the
   * head then waits for another turn of the timer.
   */
  private expireDue(): void {
    this.armed = false;
    const now = performance.now();
    try {
      let due = this.head;
      while (due !== undefined && due.at <= now) {
        const expire = due.expire as () => void;
        this.cancel(due);
        expire();
        due = this.head;
      }
    } finally {
      if (this.head && !this.armed) this.arm(Math.max(1, Math.ceil(this.head.at - now)));
    }
  }
}
