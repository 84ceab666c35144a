import type { Store } from './store';

// Test support for races between nodes: a transaction held open after its work.

/** A store whose transactions wait before they commit (`holdingCommits`). */
export interface HeldStore {
  store: Store;
  /** Resolves once a transaction's work is done and it waits to commit, holding its locks. */
  held: Promise<void>;
  /** Lets the waiting transactions commit. */
  release(): void;
}

/**
 * `store` with every outermost transaction held open after its work until `release`: a rule has
 * written and holds its locks (SQLite: the write lock) while a test starts what races it.
 */
export function holdingCommits(store: Store): HeldStore {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  return {
    store: Object.create(store, {
      transaction: {
        value: <T>(fn: (tx: Store) => Promise<T>) =>
          store.transaction(async (tx) => {
            const out = await fn(tx);
            reached();
            await gate;
            return out;
          }),
      },
    }) as Store,
    held,
    release,
  };
}
