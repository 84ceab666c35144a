import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@yunzhan/shared';
import { hashPassword } from './auth/passwords';
import type { Store } from './db/store';

/** Id of the demo event that shows the rehearsal test pattern. */
export const DEMO_REHEARSAL_EVENT = 'demo-rehearsal';
/** Id of the demo event a host can go live on with a camera. */
export const DEMO_CAMERA_EVENT = 'spring-gala';

/** A seeded account and, when it was created now, its password. */
export interface SeededAccount {
  username: string;
  role: Role;
  /** Set only when the account was created by this call. */
  password?: string;
}

async function ensureUser(store: Store, username: string, displayName: string, role: Role, password: string | undefined): Promise<{ id: string; account: SeededAccount }> {
  const existing = await store.users.byUsername(username);
  if (existing) return { id: existing.id, account: { username, role } };
  const pw = password ?? randomBytes(9).toString('base64url');
  const user = await store.users.create({ id: randomUUID(), username, displayName, role, passwordHash: await hashPassword(pw) });
  return { id: user.id, account: { username, role, password: pw } };
}

/**
 * Creates the admin, the demo host and the demo events when missing. Generated passwords are
 * returned (to print) and written to `<dataDir>/initial-credentials.txt` (mode 0600).
 */
export async function seedDemo(store: Store, opts: { dataDir: string; adminPassword?: string; hostPassword?: string }): Promise<SeededAccount[]> {
  const admin = await ensureUser(store, 'admin', '管理员 Admin', 'admin', opts.adminPassword);
  const host = await ensureUser(store, 'host', '演示主持人 Demo Host', 'host', opts.hostPassword);
  const now = Date.now();
  const demoEvents = [
    {
      id: DEMO_REHEARSAL_EVENT,
      title: '彩排直播 · Rehearsal stream',
      description: '测试图案与提示音，经由与摄像头直播相同的 SFU 路径发布。A generated test pattern with tone, published through the same SFU path as a camera.',
      startsAt: new Date(now).toISOString(),
    },
    {
      id: DEMO_CAMERA_EVENT,
      title: '春季音乐会 · Spring Gala',
      description: '演示主持人可以用摄像头开播。The demo host can go live here with a camera.',
      startsAt: new Date(now + 24 * 3600 * 1000).toISOString(),
    },
  ];
  for (const e of demoEvents) {
    if (await store.events.get(e.id)) continue;
    await store.events.create({ ...e, status: 'scheduled', startedAt: null, endedAt: null, streamId: null, hostIds: [host.id] });
  }
  const accounts = [admin.account, host.account];
  const created = accounts.filter((a) => a.password);
  if (created.length > 0) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = path.join(opts.dataDir, 'initial-credentials.txt');
    fs.appendFileSync(file, created.map((a) => `${a.username} (${a.role}): ${a.password}\n`).join(''), { mode: 0o600 });
  }
  return accounts;
}
