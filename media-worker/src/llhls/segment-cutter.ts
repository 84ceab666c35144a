// Where parts and segments begin and end, decided fragment by fragment (pure, no I/O).
//
// One CMAF fragment becomes one part. A segment starts at a key-frame fragment and closes as soon
// as it holds `segmentSeconds` of video (less half a frame against rounding): the ladder forces a
// key frame exactly every `segmentSeconds` in every rendition, so the fragment after a full
// segment starts with one, and closing on the duration (instead of waiting for that next
// fragment) lists the segment one part earlier. Every rendition sees the same frames and makes
// the same decisions, so Media Sequence Numbers line up across the ladder.

/** What the cutter needs to know about a fragment. */
export interface FragmentTiming {
  /** Video duration of the fragment in seconds. */
  duration: number;
  /** The fragment's first video sample is a key frame. */
  startsWithKeyFrame: boolean;
}

/** Where a fragment goes. */
export interface CutDecision {
  /** The fragment opens a new segment (a segment still open before it is closed first). */
  startsSegment: boolean;
  /** The segment is complete with this fragment. */
  endsSegment: boolean;
  /** The part starts with an independent frame (EXT-X-PART INDEPENDENT=YES). */
  independent: boolean;
  /** The new segment does not start with a key frame (something upstream broke the GOP). */
  segmentWithoutKeyFrame: boolean;
}

/** Decides parts and segments for one run (one ffmpeg process) of one rendition. */
export class SegmentCutter {
  private open = false;
  private openDuration = 0;
  private readonly fullSeconds: number;

  /**
   * @param segmentSeconds nominal segment length in seconds (the key frame interval).
   * @param fps video frame rate, for the half-frame tolerance.
   */
  constructor(
    private readonly segmentSeconds: number,
    fps: number,
  ) {
    this.fullSeconds = segmentSeconds - 0.5 / fps;
  }

  /** True while a segment has parts but is not complete. */
  get segmentOpen(): boolean {
    return this.open;
  }

  /** Places the next fragment. */
  next(fragment: FragmentTiming): CutDecision {
    // A stray key frame early in a segment does not cut it: segments stay near the nominal
    // length in every rendition even if one encoder inserted an extra key frame.
    const startsSegment = !this.open || (fragment.startsWithKeyFrame && this.openDuration >= this.segmentSeconds / 2);
    if (startsSegment) this.openDuration = 0;
    this.openDuration += fragment.duration;
    const endsSegment = this.openDuration >= this.fullSeconds;
    this.open = !endsSegment;
    return {
      startsSegment,
      endsSegment,
      independent: fragment.startsWithKeyFrame,
      segmentWithoutKeyFrame: startsSegment && !fragment.startsWithKeyFrame,
    };
  }

  /** The run ended: an open segment is closed as it is. Returns whether one was open. */
  end(): boolean {
    const wasOpen = this.open;
    this.open = false;
    this.openDuration = 0;
    return wasOpen;
  }
}
