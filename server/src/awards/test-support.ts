import { ProgrammeInput, WorkMetadata, type PublicUser, type Role } from '@yunzhan/shared';
import type { Engine } from '../db/database';
import type { Store, WorkRecord } from '../db/store';
import { openTestStore, type TestStore } from '../db/test-engines';

export { holdingCommits, type HeldStore } from '../db/test-holding';

// Fixtures for the awards tests: a fresh store of one engine (test-engines.ts), generated accounts and works.

/** The accounts every fixture has. */
export const USERS = {
  admin: { id: 'u-admin', username: 'admin', displayName: 'Admin', role: 'admin' },
  host: { id: 'u-host', username: 'host', displayName: 'Host', role: 'host' },
  curator: { id: 'u-curator', username: 'curator', displayName: 'Curator', role: 'curator' },
  judge1: { id: 'u-judge1', username: 'judge1', displayName: 'Judge One', role: 'judge' },
  judge2: { id: 'u-judge2', username: 'judge2', displayName: 'Judge Two', role: 'judge' },
  judge3: { id: 'u-judge3', username: 'judge3', displayName: 'Judge Three', role: 'judge' },
  viewer: { id: 'u-viewer', username: 'viewer', displayName: 'Viewer', role: 'viewer' },
} satisfies Record<string, PublicUser>;

/** A store with the accounts above and the event `gala` (hosted by `host`), removed by `dispose`. */
export interface Fixture {
  engine: Engine;
  store: Store;
  /** What `openDatabase` takes to open the same database again (a second node). */
  target: TestStore['target'];
  /** The test database underneath (for `waitingForLock`). */
  test: TestStore;
  /** Creates a ready image work of `owner`. */
  work(owner: PublicUser, n: number): Promise<WorkRecord>;
  /** Creates `count` viewer accounts. */
  viewers(count: number): Promise<PublicUser[]>;
  dispose(): Promise<void>;
}

/** Opens a fresh fixture on `engine` (default SQLite). */
export async function openFixture(engine: Engine = 'sqlite'): Promise<Fixture> {
  const t = await openTestStore(engine, 'awards');
  const { store } = t;
  const addUser = (u: PublicUser) => store.users.create({ ...u, role: u.role as Role, passwordHash: 'x' });
  for (const u of Object.values(USERS)) await addUser(u);
  await store.events.create({
    id: 'gala',
    title: 'Gala',
    description: '',
    status: 'scheduled',
    startsAt: new Date().toISOString(),
    startedAt: null,
    endedAt: null,
    streamId: null,
    hostIds: [USERS.host.id],
  });
  return {
    engine,
    store,
    target: t.target,
    test: t,
    async work(owner, n) {
      const assetId = `asset-${owner.id}-${n}`;
      await store.assets.create({
        id: assetId,
        kind: 'image',
        ownerId: owner.id,
        filename: 'a.jpg',
        contentType: 'image/jpeg',
        sizeBytes: 1,
        status: 'ready',
        progress: 100,
        jobId: null,
        durationSeconds: null,
        width: 1000,
        height: 800,
        result: null,
        error: null,
      });
      return store.works.create(
        {
          id: `wk_${owner.username}${n}`,
          kind: 'image',
          metadata: WorkMetadata.parse({ title: { 'zh-CN': `作品 ${n}` }, creator: `Painter ${owner.username}`, date: '2026', rights: { holder: owner.displayName, licence: 'cc-by' } }),
          status: 'ready',
          assetId,
          audioGuideAssetId: null,
          media: { images: [{ width: 256, height: 205, url: `/media/${assetId}/256.webp`, bytes: 1 }, { width: 1000, height: 800, url: `/media/${assetId}/1000.webp`, bytes: 1 }], hls: null, model: null, audio: null, width: 1000, height: 800 },
          audioGuide: null,
          ownerId: owner.id,
        },
        2026,
      );
    },
    async viewers(count) {
      const made: PublicUser[] = [];
      for (let i = 0; i < count; i++) {
        const u: PublicUser = { id: `u-v${i}`, username: `v${i}`, displayName: `V${i}`, role: 'viewer' };
        await addUser(u);
        made.push(u);
      }
      return made;
    },
    dispose: () => t.dispose(),
  };
}

/** A schedule whose current phase at `now` is `phase` (each phase a day long). */
export function scheduleIn(phase: 'draft' | 'entries' | 'judging' | 'voting' | 'ceremony' | 'results', now: number) {
  const order = ['entries', 'judging', 'voting', 'ceremony', 'results'] as const;
  const current = order.indexOf(phase as (typeof order)[number]);
  const day = 24 * 3600 * 1000;
  return Object.fromEntries(order.map((p, i) => [p, new Date(now + (i - current) * day - (i <= current ? 1000 : -1000)).toISOString()])) as Record<
    (typeof order)[number],
    string
  >;
}

/** A programme body: a jury category `jury` (rubric a: max 10 weight 1, b: max 5 weight 3) and a public one `public` (2 votes, live tallies). */
export function programmeBody(id: string, now: number, phase: Parameters<typeof scheduleIn>[0], extra: Partial<ProgrammeInput> = {}): ProgrammeInput {
  const label = { 'zh-CN': '奖', en: 'Award' };
  return {
    id,
    title: label,
    eventId: 'gala',
    schedule: scheduleIn(phase, now),
    judgeIds: [USERS.judge1.id, USERS.judge2.id, USERS.judge3.id],
    categories: [
      {
        id: 'jury',
        title: label,
        rubric: [
          { id: 'a', label, weight: 1, max: 10 },
          { id: 'b', label, weight: 3, max: 5 },
        ],
        eligibility: { kinds: ['image'], maxEntriesPerEntrant: 3 },
      },
      {
        id: 'public',
        title: label,
        rubric: [{ id: 'a', label, weight: 1, max: 10 }],
        eligibility: { kinds: ['image'] },
        votesPerAccount: 2,
        winnerBy: 'public',
        tallies: 'live',
        blindEntrant: false,
      },
    ],
    ...extra,
  };
}

