import { describe, expect, it } from 'vitest';
import type { PublicUser } from '@yunzhan/shared';
import type { EventRecord } from '../db/store';
import { hashPassword, verifyPassword } from './passwords';
import { can } from './policy';
import { readCookie } from './sessions';

const user = (role: PublicUser['role'], id: string = role): PublicUser => ({ id, username: id, displayName: id, role });
const event = { id: 'e', hostIds: ['host'] } as EventRecord;

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one or a malformed hash', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(await verifyPassword('correct horse', 'plain')).toBe(false);
    expect(await hashPassword('correct horse')).not.toBe(hash);
  });
});

describe('policy', () => {
  it('denies by default and allows only what each role may do', () => {
    expect(can(null, 'event:watch')).toBe(true);
    expect(can(null, 'chat:send')).toBe(false);
    expect(can(user('viewer'), 'chat:send')).toBe(true);
    expect(can(user('viewer'), 'event:publish', event)).toBe(false);
    expect(can(user('host'), 'event:publish', event)).toBe(true);
    expect(can(user('host', 'someone-else'), 'event:publish', event)).toBe(false);
    expect(can(user('admin'), 'event:publish', event)).toBe(true);
    expect(can(user('host'), 'event:create')).toBe(false);
    expect(can(user('admin'), 'event:create')).toBe(true);
    expect(can(user('admin'), 'nonsense' as never)).toBe(false);
  });

  it("lets an event's captioners caption it, whatever their role, and nothing else", () => {
    const captioned = { ...event, captionerIds: ['cap'] };
    expect(can(user('viewer', 'cap'), 'event:caption', captioned)).toBe(true);
    expect(can(user('judge', 'cap'), 'event:caption', captioned)).toBe(true);
    expect(can(user('viewer', 'cap'), 'event:caption', event)).toBe(false);
    expect(can(user('viewer', 'other'), 'event:caption', captioned)).toBe(false);
    expect(can(null, 'event:caption', captioned)).toBe(false);
    expect(can(user('host'), 'event:caption', event)).toBe(true);
    expect(can(user('admin'), 'event:caption', event)).toBe(true);
    for (const action of ['event:publish', 'event:captioners', 'award:reveal'] as const) expect(can(user('viewer', 'cap'), action, captioned), action).toBe(false);
    expect([null, user('viewer'), user('host', 'other'), user('host'), user('admin')].map((u) => can(u, 'event:captioners', event))).toEqual([false, false, false, true, true]);
  });

  it('lets only admins read and cancel batch jobs', () => {
    for (const action of ['jobs:read', 'jobs:cancel'] as const) {
      expect(can(null, action)).toBe(false);
      expect(can(user('viewer'), action)).toBe(false);
      expect(can(user('host'), action)).toBe(false);
      expect(can(user('admin'), action)).toBe(true);
    }
  });
});

describe('policy for works and exhibitions', () => {
  const mine = { ownerId: 'curator' };
  it('lets curators and admins build, only owners submit, only admins review, anyone see what is published', () => {
    for (const action of ['work:create', 'exhibition:create'] as const) {
      expect([null, user('viewer'), user('host'), user('judge'), user('curator'), user('admin')].map((u) => can(u, action))).toEqual([false, false, false, false, true, true]);
    }
    expect(can(user('curator'), 'exhibition:edit', mine)).toBe(true);
    expect(can(user('curator', 'other'), 'exhibition:edit', mine)).toBe(false);
    expect(can(user('admin'), 'exhibition:edit', mine)).toBe(true);
    expect(can(user('admin'), 'exhibition:submit', mine)).toBe(false);
    expect(can(user('curator'), 'exhibition:submit', mine)).toBe(true);
    expect(can(user('curator'), 'exhibition:review', mine)).toBe(false);
    expect(can(user('admin'), 'exhibition:review')).toBe(true);
    expect(can(null, 'exhibition:read', mine)).toBe(false);
    expect(can(null, 'exhibition:read', { ...mine, isPublic: true })).toBe(true);
    expect(can(null, 'work:read', { ...mine, isPublic: true })).toBe(true);
    expect(can(null, 'exhibition:preview', { ...mine, isPublic: true })).toBe(false);
    expect(can(user('viewer', 'curator'), 'hall:enter', { ownerId: undefined })).toBe(false);
    expect(can(user('curator'), 'asset:upload')).toBe(true);
  });
});

describe('readCookie', () => {
  it('reads one cookie and ignores malformed ones', () => {
    expect(readCookie('a=1; yz_session=abc%20d; b=2', 'yz_session')).toBe('abc d');
    expect(readCookie('yz_session=%E0%A4%A', 'yz_session')).toBeUndefined();
    expect(readCookie(undefined, 'yz_session')).toBeUndefined();
  });
});
