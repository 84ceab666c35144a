import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Role } from '@yunzhan/shared';
import { hashPassword } from './auth/passwords';
import type { Store } from './db/store';
import { seedExhibition } from './seed-exhibition';

/** Id of the demo event that shows the rehearsal test pattern. */
export const DEMO_REHEARSAL_EVENT = 'demo-rehearsal';
/** Id of the demo event a host can go live on with a camera. */
export const DEMO_CAMERA_EVENT = 'spring-gala';

/** Sign-in name of the demo curator, owner of the demo exhibition. */
export const DEMO_CURATOR = 'curator';
/** Sign-in name of the demo judge of the demo award programme. */
export const DEMO_JUDGE = 'judge';

/** Options of `seedDemo`. */
export interface SeedDemoOptions {
  dataDir: string;
  adminPassword?: string;
  hostPassword?: string;
  curatorPassword?: string;
  judgePassword?: string;
}

/** A seeded account and, when it was created now, its password. */
export interface SeededAccount {
  username: string;
  role: Role;
  /** Set only when the account was created by this call. */
  password?: string;
}

async function ensureUser(
  store: Store,
  username: string,
  displayName: string,
  role: Role,
  password: string | undefined,
): Promise<{ id: string; role: Role; account: SeededAccount }> {
  const existing = await store.users.byUsername(username);
  if (existing) return { id: existing.id, role: existing.role, account: { username, role: existing.role } };
  const pw = password ?? randomBytes(9).toString('base64url');
  try {
    const user = await store.users.create({ id: randomUUID(), username, displayName, role, passwordHash: await hashPassword(pw) });
    return { id: user.id, role, account: { username, role, password: pw } };
  } catch (err) {
    // Nodes starting together on one PostgreSQL database: another one created it first.
    const raced = await store.users.byUsername(username);
    if (!raced) throw err;
    return { id: raced.id, role: raced.role, account: { username, role: raced.role } };
  }
}

/**
 * Creates the admin, the demo host, the demo curator, the demo judge and the demo events when
 * missing (the demo exhibition and award programme are `seedDemoExhibition` and
 * `seedDemoAwards`, run after the server listens). Generated passwords are returned (to print) and written to
 * `<dataDir>/initial-credentials.txt` (mode 0600).
 */
export async function seedDemo(store: Store, opts: SeedDemoOptions): Promise<SeededAccount[]> {
  const admin = await ensureUser(store, 'admin', '管理员 Admin', 'admin', opts.adminPassword);
  const host = await ensureUser(store, 'host', '演示主持人 Demo Host', 'host', opts.hostPassword);
  const curator = await ensureUser(store, DEMO_CURATOR, '演示策展人 Demo Curator', 'curator', opts.curatorPassword);
  const judge = await ensureUser(store, DEMO_JUDGE, '演示评委 Demo Judge', 'judge', opts.judgePassword);
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
    await store.events.create({ ...e, status: 'scheduled', startedAt: null, endedAt: null, streamId: null, hostIds: [host.id] }).catch(async (err: unknown) => {
      if (!(await store.events.get(e.id))) throw err; // else another node created it first
    });
  }
  const accounts = [admin.account, host.account, curator.account, judge.account];
  const created = accounts.filter((a) => a.password);
  if (created.length > 0) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = path.join(opts.dataDir, 'initial-credentials.txt');
    fs.appendFileSync(file, created.map((a) => `${a.username} (${a.role}): ${a.password}\n`).join(''), { mode: 0o600 });
  }
  return accounts;
}

/**
 * The demo exhibition for the seeded curator, reviewed by the seeded admin (seedExhibition).
 * Skipped, with a warning, when the name `curator` belongs to an account of another role (someone
 * signed up under it before this version): the demo is never handed to them.
 */
export async function seedDemoExhibition(
  store: Store,
  opts: { dataDir: string; mediaDir: string; logger?: Logger; signal?: AbortSignal; origin?: string },
): Promise<{ created: boolean; works: number }> {
  const curator = await store.users.byUsername(DEMO_CURATOR);
  const admin = await store.users.byUsername('admin');
  if (curator?.role !== 'curator' || admin?.role !== 'admin') {
    opts.logger?.warn({ curator: curator?.role ?? null, admin: admin?.role ?? null }, 'the demo accounts are not what the seed made; demo exhibition not seeded');
    return { created: false, works: 0 };
  }
  return seedExhibition({ store, ...opts, curatorId: curator.id, reviewerId: admin.id });
}
