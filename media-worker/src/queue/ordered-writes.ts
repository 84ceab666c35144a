import type { Logger } from 'pino';
import type { BatchJobRecord } from '@yunzhan/shared';

/**
 * The database work of one batch queue: every promise it starts is tracked until it settles (so
 * `close` can wait for it), and the writes of one job run one after another, in the order they
 * were asked for, so that a later write never lands before an earlier one and `get` reads them.
 */
export class OrderedWrites {
  /** Work started and not yet settled. */
  private readonly inflight = new Set<Promise<unknown>>();
  /** The last pending write per job. */
  private readonly last = new Map<string, Promise<BatchJobRecord | null>>();

  constructor(
    private readonly logger: Logger,
    /** Called with the row each write returns (not with null: its guard did not match). */
    private readonly onWritten: (record: BatchJobRecord) => void,
  ) {}

  /** Tracks `p` until it settles; returns it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = () => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  /**
   * Writes one change of job `id` after its earlier ones and hands the row it returns to
   * `onWritten` (null: the guard did not match). Never rejects: a failure is logged and answers null.
   */
  write(id: string, change: () => Promise<BatchJobRecord | null>): Promise<BatchJobRecord | null> {
    const p = (this.last.get(id) ?? Promise.resolve(null)).then(change).then(
      (record) => {
        if (record) this.onWritten(record);
        return record;
      },
      (err: unknown) => {
        this.logger.error({ err, job: id }, 'batch job change could not be stored');
        return null;
      },
    );
    this.last.set(id, p);
    void p.then(() => {
      if (this.last.get(id) === p) this.last.delete(id);
    });
    return this.track(p);
  }

  /** Settles when job `id`'s pending writes have landed. */
  async landed(id: string): Promise<void> {
    await this.last.get(id);
  }

  /** Settles when every job's pending writes have landed. */
  async allLanded(): Promise<void> {
    await Promise.all(this.last.values());
  }

  /** Settles when everything tracked so far has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }
}
