import { describe, expect, it } from 'vitest';
import { safeNextPath, signInHref } from './safe-next';

describe('safeNextPath', () => {
  it('returns to an in-app path', () => {
    expect(safeNextPath('/events/launch')).toBe('/events/launch');
    expect(safeNextPath('/host/launch?x=1')).toBe('/host/launch?x=1');
  });

  it('refuses paths that would leave the site', () => {
    expect(safeNextPath('//evil.example/')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example/')).toBe('/');
    expect(safeNextPath('javascript:alert(1)')).toBe('/');
  });

  it('does not loop back to the sign-in page', () => {
    expect(safeNextPath('/sign-in?next=/')).toBe('/');
  });

  it('falls back when there is no next', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('')).toBe('/');
  });

  it('builds a sign-in link that comes back', () => {
    expect(signInHref('/events/launch')).toBe('/sign-in?next=%2Fevents%2Flaunch');
  });
});
