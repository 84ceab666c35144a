import { describe, expect, it } from 'vitest';
import { detectQuality, MAX_QUALITY_STEP, parseQuality, qualitySettings, steppedSettings } from './quality';

describe('detectQuality', () => {
  it('puts software GL and missing WebGL on the low tier', () => {
    expect(detectQuality({ renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', cores: 16 })).toBe('low');
    expect(detectQuality({ renderer: 'llvmpipe (LLVM 15.0.7, 256 bits)', cores: 8 })).toBe('low');
    expect(detectQuality({ renderer: 'Microsoft Basic Render Driver' })).toBe('low');
    expect(detectQuality({ renderer: null })).toBe('low');
  });

  it('puts phones and mobile GPUs on medium, weak machines lower', () => {
    expect(detectQuality({ renderer: 'Adreno (TM) 650', cores: 8, memoryGb: 8 })).toBe('medium');
    expect(detectQuality({ renderer: 'Mali-G78', cores: 8 })).toBe('medium');
    expect(detectQuality({ renderer: 'Apple GPU', cores: 6, mobile: true })).toBe('medium');
    expect(detectQuality({ renderer: 'ANGLE (Intel, Intel(R) UHD Graphics 620)', cores: 4, memoryGb: 8 })).toBe('medium');
    expect(detectQuality({ renderer: 'ANGLE (Intel, Intel(R) UHD Graphics 620)', cores: 2 })).toBe('low');
    expect(detectQuality({ renderer: 'Adreno (TM) 506', cores: 8, memoryGb: 2 })).toBe('low');
  });

  it('gives desktops with a real GPU the high tier', () => {
    expect(detectQuality({ renderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)', cores: 12, memoryGb: 8 })).toBe('high');
    expect(detectQuality({ renderer: 'Apple GPU', cores: 8, mobile: false })).toBe('high');
  });
});

describe('parseQuality', () => {
  it('accepts the three tiers only', () => {
    expect(parseQuality('low')).toBe('low');
    expect(parseQuality('HIGH')).toBeNull();
    expect(parseQuality(null)).toBeNull();
  });
});

describe('steppedSettings', () => {
  const high = qualitySettings('high');
  it('lowers the pixel ratio first, then drops spotlights, then folds lights', () => {
    expect(steppedSettings(high, 0)).toBe(high);
    const one = steppedSettings(high, 1);
    expect(one.dpr[1]).toBeLessThan(high.dpr[1]);
    expect(one.spotlights).toBe(high.spotlights);
    const two = steppedSettings(high, 2);
    expect(two.dpr).toEqual([high.dpr[0], high.dpr[0]]);
    expect(two.spotlights).toBe(0);
    expect(two.foldLights).toBe(false);
    const three = steppedSettings(high, MAX_QUALITY_STEP + 5);
    expect(three.pointLights).toBe(2);
    expect(three.foldLights).toBe(true);
    // What needs a new context or new textures stays.
    expect(three.antialias).toBe(high.antialias);
    expect(three.atlasTilePx).toBe(high.atlasTilePx);
  });

  it('keeps the low tier within its own limits', () => {
    const low = qualitySettings('low');
    expect(low.antialias).toBe(false);
    expect(low.dpr[1]).toBeLessThanOrEqual(1);
    expect(steppedSettings(low, 3).pointLights).toBe(2);
  });
});
