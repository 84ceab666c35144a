// Lane allocation for danmaku (bullet comments). Pure: time and sizes come in as numbers, so the
// rules are tested with plain data and the canvas overlay only draws what this module decides.
//
// Scrolling bullets all take the same time to cross the screen, so a longer one moves faster
// (the usual danmaku convention: every comment is on screen for as long). A lane takes a new
// bullet only if the previous one has fully entered the screen (plus a gap) and the new, possibly
// faster, bullet cannot catch up with it before it has left. Fixed bullets (top/bottom) sit
// centred in a lane of their own for a fixed time.

/** How a bullet moves: across the screen, or fixed at the top or bottom. */
export type DanmakuMode = 'scroll' | 'top' | 'bottom';

/** Tunables of the layout. */
export interface LaneConfig {
  /** Width of the drawing area, in CSS pixels. */
  width: number;
  /** Height of the drawing area, in CSS pixels. */
  height: number;
  /** Height of one lane, in CSS pixels. Default 32. */
  laneHeight: number;
  /** Fraction of the height lanes may use (0..1], from the top for scroll/top, from the bottom for bottom. */
  areaFraction: number;
  /** Time a scrolling bullet takes to cross the screen, in ms. Default 8000. */
  scrollMs: number;
  /** Time a fixed bullet stays, in ms. Default 4000. */
  fixedMs: number;
  /** Smallest horizontal gap between two bullets in a lane, in CSS pixels. Default 24. */
  gap: number;
}

/** Defaults for everything but the area's size. */
export const DEFAULT_LANE_CONFIG: Omit<LaneConfig, 'width' | 'height'> = {
  laneHeight: 32,
  areaFraction: 0.75,
  scrollMs: 8_000,
  fixedMs: 4_000,
  gap: 24,
};

/** A bullet placed in a lane. Times in ms (same clock as `now`), sizes in CSS pixels. */
export interface PlacedBullet {
  mode: DanmakuMode;
  lane: number;
  /** When it entered the screen. */
  start: number;
  /** When it leaves (scroll: its tail passes the left edge; fixed: it disappears). */
  end: number;
  /** Width of its text. */
  textWidth: number;
  /** Scroll speed in px/ms (0 for fixed bullets). */
  speed: number;
}

/** How many lanes fit in the area. At least one when any lane height fits at all. */
export function laneCount(config: Pick<LaneConfig, 'height' | 'laneHeight' | 'areaFraction'>): number {
  if (config.laneHeight <= 0 || config.height <= 0) return 0;
  return Math.max(0, Math.floor((config.height * Math.min(1, Math.max(0, config.areaFraction))) / config.laneHeight));
}

/** Speed of a scrolling bullet of `textWidth`, in px/ms: it crosses `width + textWidth` in `scrollMs`. */
export function scrollSpeed(textWidth: number, config: Pick<LaneConfig, 'width' | 'scrollMs'>): number {
  return (config.width + textWidth) / config.scrollMs;
}

/** X of a scrolling bullet's left edge at time `now` (starts at the right edge). */
export function scrollX(bullet: Pick<PlacedBullet, 'start' | 'speed'>, now: number, width: number): number {
  return width - bullet.speed * (now - bullet.start);
}

/** Whether a new scrolling bullet entering at `now` with `speed` can follow `prev` in its lane. */
export function canFollow(prev: PlacedBullet, now: number, speed: number, config: Pick<LaneConfig, 'width' | 'gap'>): boolean {
  if (prev.end <= now) return true;
  // The previous bullet's tail must already be a gap inside the right edge…
  const prevTail = scrollX(prev, now, config.width) + prev.textWidth;
  if (prevTail > config.width - config.gap) return false;
  // …and the new head must still be a gap behind it when that tail leaves the screen. The
  // distance between them changes linearly, so checking both ends of the interval suffices.
  if (speed <= prev.speed) return true;
  const newHeadWhenPrevGone = config.width - speed * (prev.end - now);
  return newHeadWhenPrevGone >= config.gap;
}

/** Lane state: the last bullet placed in each lane, per mode. */
export class LaneAllocator {
  private readonly scroll: (PlacedBullet | undefined)[] = [];
  private readonly top: (PlacedBullet | undefined)[] = [];
  private readonly bottom: (PlacedBullet | undefined)[] = [];

  constructor(private config: LaneConfig) {}

  /** Changes the area or tunables; bullets already placed keep their lanes. */
  resize(config: Partial<LaneConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /** The current configuration. */
  get current(): LaneConfig {
    return this.config;
  }

  /**
   * Places a bullet entering at `now`, or returns null when no lane can take it without overlap
   * (the caller drops it: danmaku is best effort, the chat log has every message).
   */
  place(mode: DanmakuMode, textWidth: number, now: number): PlacedBullet | null {
    const lanes = laneCount(this.config);
    if (lanes === 0) return null;
    if (mode === 'scroll') {
      const speed = scrollSpeed(textWidth, this.config);
      for (let lane = 0; lane < lanes; lane++) {
        const prev = this.scroll[lane];
        if (prev && !canFollow(prev, now, speed, this.config)) continue;
        const end = now + (this.config.width + textWidth) / speed;
        const bullet: PlacedBullet = { mode, lane, start: now, end, textWidth, speed };
        this.scroll[lane] = bullet;
        return bullet;
      }
      return null;
    }
    const slots = mode === 'top' ? this.top : this.bottom;
    for (let lane = 0; lane < lanes; lane++) {
      const prev = slots[lane];
      if (prev && prev.end > now) continue;
      const bullet: PlacedBullet = { mode, lane, start: now, end: now + this.config.fixedMs, textWidth, speed: 0 };
      slots[lane] = bullet;
      return bullet;
    }
    return null;
  }

  /** Forgets every lane (e.g. after the overlay was hidden). */
  clear(): void {
    this.scroll.length = 0;
    this.top.length = 0;
    this.bottom.length = 0;
  }
}

/** Y (CSS pixels, top of the lane) of a bullet's lane in an area of `height`. */
export function laneY(bullet: Pick<PlacedBullet, 'mode' | 'lane'>, config: Pick<LaneConfig, 'height' | 'laneHeight'>): number {
  return bullet.mode === 'bottom' ? config.height - (bullet.lane + 1) * config.laneHeight : bullet.lane * config.laneHeight;
}
