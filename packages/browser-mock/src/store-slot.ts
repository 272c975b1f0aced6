/**
 * One store that can be swapped under a running pipeline: `reset()` and `seed()` start from a new
 * `MemoryStore` without compiling the spec's validators again (the costly part of building a pipeline).
 */
import type { PhoneStore } from '@phone-api/reference-server/browser';

/** A {@link PhoneStore} that forwards every call to whichever store is current. */
export interface StoreSlot<S extends PhoneStore> {
  /** What the pipeline holds: forwards to `current`. */
  readonly store: PhoneStore;
  current: S;
}

/** A slot holding `initial`. */
export function storeSlot<S extends PhoneStore>(initial: S): StoreSlot<S> {
  const slot = { current: initial } as StoreSlot<S>;
  const store = new Proxy({} as PhoneStore, {
    get(_, name) {
      const value = slot.current[name as keyof PhoneStore];
      return typeof value === 'function' ? value.bind(slot.current) : value;
    },
  });
  return Object.assign(slot, { store });
}
