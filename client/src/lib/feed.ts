// A tiny publish/subscribe channel for things that stream past the UI (new chat messages for the
// danmaku layer, reaction bursts for the floating emoji): listeners draw them imperatively, so a
// busy room does not re-render React once per item.

/** A listener of a feed. */
export type FeedListener<T> = (item: T) => void;

/** A set of listeners that `publish` calls in order; one listener's error does not stop the rest. */
export class Feed<T> {
  private readonly listeners = new Set<FeedListener<T>>();

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: FeedListener<T>): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Calls every listener with `item`. */
  publish(item: T): void {
    for (const listener of this.listeners) {
      try {
        listener(item);
      } catch (error) {
        console.warn('a feed listener failed', error);
      }
    }
  }
}
