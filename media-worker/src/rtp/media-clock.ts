/**
 * Maps one RTP source's timestamps to wall-clock time (Unix ms).
 *
 * The mapping is `wall = offsetMs + extendedTimestamp * 1000 / rate`, with `offsetMs` the
 * minimum over every packet seen of `arrival - timestamp/rate`: the packet that travelled
 * fastest from the sender's clock to us defines it. The estimate can only move earlier, so it
 * never gets later than any packet's actual arrival, and jitter, bursts of a big key frame and
 * a busy event loop (which make arrivals late) do not push it later.
 */
export class MediaClock {
  private lastTimestamp: number | undefined;
  private lastExtended = 0;
  private best = Number.POSITIVE_INFINITY;

  /** `rate`: the RTP clock rate in Hz. */
  constructor(readonly rate: number) {}

  /** True once a packet has been seen. */
  get known(): boolean {
    return Number.isFinite(this.best);
  }

  /** The current offset in Unix ms (Infinity before the first packet). */
  get offsetMs(): number {
    return this.best;
  }

  /** Extends a 32-bit timestamp to a monotonic number, tolerating reordering and wrap-around. */
  extend(timestamp: number): number {
    if (this.lastTimestamp === undefined) return timestamp;
    const delta = ((timestamp - this.lastTimestamp) | 0) as number;
    return this.lastExtended + delta;
  }

  /** Records a packet's timestamp and arrival time (Unix ms); returns the extended timestamp. */
  observe(timestamp: number, arrivalMs: number): number {
    const extended = this.extend(timestamp);
    if (this.lastTimestamp === undefined || extended > this.lastExtended) {
      this.lastTimestamp = timestamp;
      this.lastExtended = extended;
    }
    const offset = arrivalMs - (extended * 1000) / this.rate;
    if (offset < this.best) this.best = offset;
    return extended;
  }

  /** Wall-clock time (Unix ms) of an extended timestamp under the current estimate. */
  wallMs(extended: number): number {
    return this.best + (extended * 1000) / this.rate;
  }
}
