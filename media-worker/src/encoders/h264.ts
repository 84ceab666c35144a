/** H.264 profiles the worker encodes. */
export type H264Profile = 'baseline' | 'main' | 'high';

interface LevelLimits {
  level: string;
  /** Max macroblocks per second. */
  mbps: number;
  /** Max frame size in macroblocks. */
  fs: number;
  /** Max video bitrate in kbit/s (Baseline/Main; High allows 1.25x). */
  kbps: number;
}

// ITU-T H.264 Table A-1 (level 1b left out: nothing we encode is that small).
const LEVELS: readonly LevelLimits[] = [
  { level: '1', mbps: 1485, fs: 99, kbps: 64 },
  { level: '1.1', mbps: 3000, fs: 396, kbps: 192 },
  { level: '1.2', mbps: 6000, fs: 396, kbps: 384 },
  { level: '1.3', mbps: 11880, fs: 396, kbps: 768 },
  { level: '2', mbps: 11880, fs: 396, kbps: 2000 },
  { level: '2.1', mbps: 19800, fs: 792, kbps: 4000 },
  { level: '2.2', mbps: 20250, fs: 1620, kbps: 4000 },
  { level: '3', mbps: 40500, fs: 1620, kbps: 10000 },
  { level: '3.1', mbps: 108000, fs: 3600, kbps: 14000 },
  { level: '3.2', mbps: 216000, fs: 5120, kbps: 20000 },
  { level: '4', mbps: 245760, fs: 8192, kbps: 20000 },
  { level: '4.1', mbps: 245760, fs: 8192, kbps: 50000 },
  { level: '4.2', mbps: 522240, fs: 8704, kbps: 50000 },
  { level: '5', mbps: 589824, fs: 22080, kbps: 135000 },
  { level: '5.1', mbps: 983040, fs: 36864, kbps: 240000 },
  { level: '5.2', mbps: 2073600, fs: 36864, kbps: 240000 },
];

/** The lowest H.264 level that allows this frame size, frame rate and peak bitrate. */
export function minimumH264Level(width: number, height: number, fps: number, maxKbps: number, profile: H264Profile): string {
  const fs = Math.ceil(width / 16) * Math.ceil(height / 16);
  const mbps = fs * fps;
  const brFactor = profile === 'high' ? 1.25 : 1;
  const found = LEVELS.find((l) => fs <= l.fs && mbps <= l.mbps && maxKbps <= l.kbps * brFactor);
  if (!found) throw new RangeError(`No H.264 level fits ${width}x${height}@${fps} at ${maxKbps} kbit/s`);
  return found.level;
}

/** `level_idc` of a level string: `3.1` -> 31. */
export function levelIdc(level: string): number {
  return Math.round(Number(level) * 10);
}

/** The level string of a `level_idc` (as ffprobe reports it): 31 -> `3.1`, 40 -> `4`. */
export function levelFromIdc(idc: number): string {
  return idc % 10 === 0 ? String(idc / 10) : (idc / 10).toFixed(1);
}

const PROFILE_IDC: Record<H264Profile, number> = { baseline: 66, main: 77, high: 100 };
// Baseline is signalled as Constrained Baseline (constraint_set0+1+2, as WebRTC expects: 42e0xx).
const CONSTRAINTS: Record<H264Profile, number> = { baseline: 0xe0, main: 0x00, high: 0x00 };

/** The 3-byte profile-level-id in hex (`42e01f`), as in SDP fmtp and after `avc1.`. */
export function profileLevelId(profile: H264Profile, level: string): string {
  return [PROFILE_IDC[profile], CONSTRAINTS[profile], levelIdc(level)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The RFC 6381 codec string an encoder with these settings should produce, e.g. `avc1.64001f`. */
export function avc1CodecString(profile: H264Profile, level: string): string {
  return `avc1.${profileLevelId(profile, level)}`;
}

/** Splits a profile-level-id (`42e01f`) into the x264-style profile and level (`baseline`, `3.1`). */
export function parseProfileLevelId(id: string): { profile: H264Profile; level: string } {
  const m = /^([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(id);
  if (!m) throw new RangeError(`Bad profile-level-id: ${id}`);
  const idc = parseInt(m[1]!, 16);
  const profile = (Object.keys(PROFILE_IDC) as H264Profile[]).find((p) => PROFILE_IDC[p] === idc);
  if (!profile) throw new RangeError(`Unsupported H.264 profile_idc ${idc}`);
  return { profile, level: levelFromIdc(parseInt(m[3]!, 16)) };
}
