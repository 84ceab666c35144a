import { describe, expect, it } from 'vitest';
import { levelShortLabel, qualityOptions } from './quality';

describe('qualityOptions', () => {
  it('labels levels by height, highest first, keeping their hls.js index', () => {
    const levels = [
      { height: 360, bitrate: 764_000 },
      { height: 720, bitrate: 2_628_000 },
      { height: 480, bitrate: 1_296_000 },
    ];
    expect(qualityOptions(levels)).toEqual([
      { level: 1, label: '720p' },
      { level: 2, label: '480p' },
      { level: 0, label: '360p' },
    ]);
  });

  it('tells levels of the same height apart by bitrate', () => {
    const levels = [
      { height: 720, bitrate: 1_500_000 },
      { height: 720, bitrate: 3_000_000 },
    ];
    expect(qualityOptions(levels)).toEqual([
      { level: 1, label: '720p · 3000 kbps' },
      { level: 0, label: '720p · 1500 kbps' },
    ]);
  });

  it('labels a level without a height by its bitrate', () => {
    expect(qualityOptions([{ height: 0, bitrate: 128_000 }])).toEqual([{ level: 0, label: '128 kbps' }]);
  });

  it('has no entries when there are no levels (native HLS)', () => {
    expect(qualityOptions([])).toEqual([]);
  });
});

describe('levelShortLabel', () => {
  it('names the playing level for "Auto (…)"', () => {
    expect(levelShortLabel({ height: 480, bitrate: 1_200_000 })).toBe('480p');
    expect(levelShortLabel({ height: 0, bitrate: 96_000 })).toBe('96 kbps');
    expect(levelShortLabel(undefined)).toBeNull();
  });
});
