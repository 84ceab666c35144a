// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PHONE_QUERY, initialViewMode, useViewMode } from './view-mode';

/** Makes `matchMedia` answer `matches` for the phone query (jsdom has no matchMedia of its own). */
function screenIs(phone: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === PHONE_QUERY && phone, media: query, addEventListener() {}, removeEventListener() {} }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

describe('the theatre view mode', () => {
  it('opens the plain player on a phone and the 3D room elsewhere, unless the viewer chose', () => {
    expect(initialViewMode(null, true)).toBe('2d');
    expect(initialViewMode(null, false)).toBe('3d');
    expect(initialViewMode('3d', true)).toBe('3d');
    expect(initialViewMode('2d', false)).toBe('2d');
    expect(initialViewMode('garbage', true)).toBe('2d');
  });

  it('reads the screen on a phone, and a switch to 3D is remembered for the next visit', () => {
    screenIs(true);
    const first = renderHook(() => useViewMode());
    expect(first.result.current[0]).toBe('2d');
    act(() => first.result.current[1]('3d'));
    expect(first.result.current[0]).toBe('3d');
    first.unmount();
    expect(renderHook(() => useViewMode()).result.current[0]).toBe('3d');
  });

  it('opens in 3D on a desktop screen', () => {
    screenIs(false);
    expect(renderHook(() => useViewMode()).result.current[0]).toBe('3d');
  });
});
