// Part and segment timing of the live ladder's LL-HLS output, shared by the ffmpeg arguments
// (fragment length) and the packager (what its playlists declare).
//
// ffmpeg's mp4 muxer cuts a fragment when a packet arrives whose decode time is at least
// `frag_duration` after the first sample of the fragment in that packet's own track (and at
// every video key frame, with frag_keyframe). Video packets come at a constant 30 fps (the
// ladder's fps filter), AAC frames every 1024/48000 s. With frag_duration a quarter frame short
// of `framesPerPart` frames, a video packet cuts after exactly `framesPerPart` frames; the audio
// track would cut only at its 16th frame (341 ms), which comes after the 10th video frame
// because a fragment's audio never starts before its video (packets are interleaved by decode
// time). So every fragment carries exactly `framesPerPart` frames of video, except the last one
// before a key frame, and one fragment is one part.

/** Part length aimed at, in seconds: 1/3 s gives 6 parts per 2 s segment. */
export const PART_SECONDS = 1 / 3;

/** Timing of the LL-HLS output of one ladder. */
export interface LowLatencyTiming {
  /** Video frames per part (and per ffmpeg fragment). */
  framesPerPart: number;
  /** ffmpeg's `-frag_duration`, in microseconds. */
  fragmentDurationUs: number;
  /**
   * EXT-X-PART-INF PART-TARGET in seconds: the nominal part length plus 2 % slack for timestamp
   * rounding, rounded up to the millisecond, so that no part exceeds it (RFC 8216bis 4.4.4.9)
   * while a part one frame short still reaches 85 % of it.
   */
  partTarget: number;
  /** EXT-X-TARGETDURATION in seconds (segments close on the 2 s key frames). */
  targetDuration: number;
  /** PART-HOLD-BACK: three part targets (RFC 8216bis 4.4.3.8 says SHOULD be at least 3x). */
  partHoldBack: number;
  /** CAN-SKIP-UNTIL, the Skip Boundary: six target durations, the minimum the spec allows. */
  skipBoundary: number;
}

/** The LL-HLS timing for a frame rate and segment length. */
export function lowLatencyTiming(fps: number, segmentSeconds: number): LowLatencyTiming {
  const framesPerPart = Math.max(1, Math.round(fps * PART_SECONDS));
  const partTarget = Math.ceil((framesPerPart / fps) * 1.02 * 1000) / 1000;
  const targetDuration = Math.max(1, Math.ceil(segmentSeconds));
  return {
    framesPerPart,
    fragmentDurationUs: Math.round(((framesPerPart - 0.25) / fps) * 1e6),
    partTarget,
    targetDuration,
    partHoldBack: Number((3 * partTarget).toFixed(3)),
    skipBoundary: 6 * targetDuration,
  };
}
