import { describe, expect, it } from 'vitest';
import type { PublicUser, Role } from '@yunzhan/shared';
import { can, type Action } from '../auth/policy';

const user = (role: Role, id = `u-${role}`): PublicUser => ({ id, username: id, displayName: id, role });
const everyone = [null, user('viewer'), user('curator'), user('host'), user('judge'), user('admin')];

describe('award rules of the policy table', () => {
  it('keeps organising, progress, audit and accounts to admins', () => {
    for (const action of ['award:manage', 'user:list', 'user:set-role'] as Action[]) {
      expect(everyone.map((u) => can(u, action))).toEqual([false, false, false, false, false, true]);
    }
  });

  it('lets only judges assigned to the programme score it, never admins', () => {
    const subject = { judgeIds: ['u-judge'] };
    expect(everyone.map((u) => can(u, 'award:score', subject))).toEqual([false, false, false, false, true, false]);
    expect(can(user('judge', 'u-other'), 'award:score', subject)).toBe(false);
    expect(can(user('viewer', 'u-judge'), 'award:score', subject)).toBe(false);
  });

  it('lets the ceremony event’s hosts and admins reveal, and anyone signed in vote', () => {
    const event = { hostIds: ['u-host'] };
    expect(everyone.map((u) => can(u, 'award:reveal', event))).toEqual([false, false, false, true, false, true]);
    expect(can(user('host', 'u-other'), 'award:reveal', event)).toBe(false);
    expect(everyone.map((u) => can(u, 'award:vote'))).toEqual([false, true, true, true, true, true]);
  });

  it('lets a work’s owner or an admin enter and withdraw it', () => {
    const mine = { ownerId: 'u-curator' };
    expect(everyone.map((u) => can(u, 'award:enter', mine))).toEqual([false, false, true, false, false, true]);
    expect(everyone.map((u) => can(u, 'award:withdraw', mine))).toEqual([false, false, true, false, false, true]);
  });
});
