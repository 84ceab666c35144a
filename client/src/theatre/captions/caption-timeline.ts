import { CAPTION_HOLD_SECONDS, type Caption } from '@yunzhan/shared';

// Live captions carry the moment they were typed (`at`, the server's clock). The player knows
// the moment of its picture (EXT-X-PROGRAM-DATE-TIME): `offsetMs` = that moment minus the video's
// own time, so a caption's place on the video's timeline is (at - offsetMs) / 1000 seconds. The
// same holds in a replay, whose playlists keep the dates of the live.

/** A caption placed on the video's timeline, in seconds. */
export interface TimedCaption {
  id: string;
  text: string;
  start: number;
  end: number;
}

/**
 * The captions on the video's timeline, in order: each stays up until the next one starts, or
 * CAPTION_HOLD_SECONDS at most. Ones before the start of the timeline, or with an unreadable
 * time, are left out.
 */
export function timedCaptions(captions: readonly Caption[], offsetMs: number): TimedCaption[] {
  const dated = captions
    .map((c) => ({ c, ms: Date.parse(c.at) }))
    .filter((d) => Number.isFinite(d.ms))
    .sort((a, b) => a.ms - b.ms || (a.c.id < b.c.id ? -1 : 1));
  const timed: TimedCaption[] = [];
  dated.forEach(({ c, ms }, i) => {
    const start = (ms - offsetMs) / 1000;
    const next = dated[i + 1];
    const nextStart = next ? (next.ms - offsetMs) / 1000 : Infinity;
    const end = Math.min(start + CAPTION_HOLD_SECONDS, Math.max(nextStart, start + 0.001));
    if (end > 0) timed.push({ id: c.id, text: c.text, start: Math.max(0, start), end });
  });
  return timed;
}

/** `known` with `more` added, each caption once (by id). */
export function mergeCaptions(known: readonly Caption[], more: readonly Caption[]): Caption[] {
  const ids = new Set(known.map((c) => c.id));
  const added: Caption[] = [];
  for (const c of more) {
    if (ids.has(c.id)) continue;
    ids.add(c.id);
    added.push(c);
  }
  return added.length === 0 ? (known as Caption[]) : [...known, ...added];
}
