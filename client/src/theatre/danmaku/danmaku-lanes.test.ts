import { describe, expect, it } from 'vitest';
import { DEFAULT_LANE_CONFIG, LaneAllocator, canFollow, laneCount, laneY, scrollX, type LaneConfig } from './danmaku-lanes';
import { DEFAULT_DANMAKU_SETTINGS, parseDanmakuSettings, shouldShow, unitHash } from './danmaku-settings';

const config: LaneConfig = { ...DEFAULT_LANE_CONFIG, width: 1000, height: 400, laneHeight: 40, areaFraction: 1, scrollMs: 10_000, gap: 20 };

describe('danmaku lanes', () => {
  it('fits as many lanes as the area allows', () => {
    expect(laneCount(config)).toBe(10);
    expect(laneCount({ ...config, areaFraction: 0.5 })).toBe(5);
    expect(laneCount({ ...config, height: 0 })).toBe(0);
  });

  it('puts simultaneous bullets in different lanes', () => {
    const lanes = new LaneAllocator(config);
    const a = lanes.place('scroll', 200, 0);
    const b = lanes.place('scroll', 200, 0);
    expect(a?.lane).toBe(0);
    expect(b?.lane).toBe(1);
  });

  it('reuses a lane once the previous bullet has entered and cannot be caught', () => {
    const lanes = new LaneAllocator(config);
    lanes.place('scroll', 200, 0); // speed 0.12 px/ms: its tail clears the right edge + gap after 1833 ms
    expect(lanes.place('scroll', 200, 1_000)?.lane).toBe(1);
    expect(lanes.place('scroll', 200, 2_000)?.lane).toBe(0);
  });

  it('keeps a fast long bullet out of a lane where it would catch a slow short one', () => {
    const prev = { mode: 'scroll' as const, lane: 0, start: 0, end: 10_000, textWidth: 50, speed: (1000 + 50) / 10_000 };
    // At 1 s the short bullet has entered, but a 900 px bullet moves far faster and would hit it.
    expect(canFollow(prev, 1_000, (1000 + 900) / 10_000, config)).toBe(false);
    // A bullet of the same width follows safely.
    expect(canFollow(prev, 1_000, prev.speed, config)).toBe(true);
  });

  it('never lets two bullets in one lane overlap over their whole flight', () => {
    const lanes = new LaneAllocator({ ...config, height: 80 });
    const placed = [];
    for (let t = 0; t < 20_000; t += 137) {
      const width = 40 + ((t * 7) % 600);
      const bullet = lanes.place('scroll', width, t);
      if (bullet) placed.push(bullet);
    }
    expect(placed.length).toBeGreaterThan(10);
    for (const a of placed) {
      for (const b of placed) {
        if (a === b || a.lane !== b.lane || b.start <= a.start) continue;
        for (let t = b.start; t <= Math.min(a.end, b.end); t += 50) {
          const aTail = scrollX(a, t, config.width) + a.textWidth;
          expect(scrollX(b, t, config.width)).toBeGreaterThanOrEqual(aTail - 1e-6);
        }
      }
    }
  });

  it('drops a bullet when every lane is busy', () => {
    const lanes = new LaneAllocator({ ...config, height: 80 });
    expect(lanes.place('scroll', 100, 0)).not.toBeNull();
    expect(lanes.place('scroll', 100, 0)).not.toBeNull();
    expect(lanes.place('scroll', 100, 0)).toBeNull();
  });

  it('stacks fixed bullets from the top or the bottom and frees a lane when one expires', () => {
    const lanes = new LaneAllocator(config);
    const top = lanes.place('top', 100, 0)!;
    const bottom = lanes.place('bottom', 100, 0)!;
    expect(laneY(top, config)).toBe(0);
    expect(laneY(bottom, config)).toBe(360);
    expect(lanes.place('top', 100, 100)?.lane).toBe(1);
    expect(lanes.place('top', 100, config.fixedMs)?.lane).toBe(0);
  });
});

describe('danmaku density', () => {
  it('always shows the viewer’s own message, within the concurrent limit', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
    expect(ids.every((id) => shouldShow(id, true, 0, 'low'))).toBe(true);
    expect(shouldShow('m1', true, 12, 'low')).toBe(false);
  });

  it('thins the stream at low density to about its fraction, the same way every time', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `message-${i}`);
    const shown = ids.filter((id) => shouldShow(id, false, 0, 'low')).length;
    expect(shown / ids.length).toBeGreaterThan(0.3);
    expect(shown / ids.length).toBeLessThan(0.5);
    expect(ids.filter((id) => shouldShow(id, false, 0, 'medium')).length).toBe(ids.length);
    expect(unitHash('abc')).toBe(unitHash('abc'));
  });

  it('reads stored settings field by field and falls back on garbage', () => {
    expect(parseDanmakuSettings(null)).toEqual(DEFAULT_DANMAKU_SETTINGS);
    expect(parseDanmakuSettings('{not json')).toEqual(DEFAULT_DANMAKU_SETTINGS);
    expect(parseDanmakuSettings('{"enabled":false,"density":"huge"}')).toEqual({ enabled: false, density: 'medium' });
    expect(parseDanmakuSettings('{"enabled":true,"density":"high"}')).toEqual({ enabled: true, density: 'high' });
  });
});
