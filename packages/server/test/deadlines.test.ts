import { describe, expect, it } from 'vitest';
import { Deadlines } from '../src/deadlines.ts';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Deadlines (the handler timeouts of a pipeline, on one timer)', () => {
  it('expires each deadline its time after it was added, not before, in the order they were added', async () => {
    const deadlines = new Deadlines(40);
    const started = performance.now();
    const expired: [string, number][] = [];
    deadlines.add(() => expired.push(['a', performance.now() - started]));
    await wait(15);
    deadlines.add(() => expired.push(['b', performance.now() - started]));
    await wait(80);
    expect(expired.map(([name]) => name)).toEqual(['a', 'b']);
    // A timer may fire up to a millisecond early by the clock it was set with; never more.
    expect(expired[0]?.[1]).toBeGreaterThanOrEqual(39);
    expect(expired[1]?.[1]).toBeGreaterThanOrEqual(15 + 39);
  });

  it('never expires a cancelled deadline, and the ones around it still expire', async () => {
    const deadlines = new Deadlines(20);
    const expired: string[] = [];
    const first = deadlines.add(() => expired.push('first'));
    const middle = deadlines.add(() => expired.push('middle'));
    deadlines.add(() => expired.push('last'));
    deadlines.cancel(middle);
    deadlines.cancel(first);
    deadlines.cancel(first); // a second cancel changes nothing
    await wait(60);
    expect(expired).toEqual(['last']);
  });

  it('serves deadlines added after the list ran empty, and ones added while expiring', async () => {
    const deadlines = new Deadlines(10);
    const expired: string[] = [];
    deadlines.cancel(deadlines.add(() => expired.push('cancelled')));
    await wait(30);
    deadlines.add(() => {
      expired.push('first');
      deadlines.add(() => expired.push('added by the first'));
    });
    await wait(60);
    expect(expired).toEqual(['first', 'added by the first']);
  });

  it('holds only pending deadlines: a cancelled one is unlinked from its neighbours', () => {
    const deadlines = new Deadlines(1_000);
    const all = Array.from({ length: 5 }, () => deadlines.add(() => {}));
    const [a, b, c, d, e] = all;
    deadlines.cancel(c as (typeof all)[number]);
    expect(b?.next).toBe(d);
    expect(d?.prev).toBe(b);
    expect(c?.prev).toBeUndefined();
    expect(c?.next).toBeUndefined();
    for (const deadline of [a, b, d, e]) deadlines.cancel(deadline as (typeof all)[number]);
    expect(all.every((deadline) => deadline.prev === undefined && deadline.next === undefined)).toBe(true);
  });
});
