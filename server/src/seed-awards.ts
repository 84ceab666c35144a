import type { Logger } from 'pino';
import { ProgrammeInput } from '@yunzhan/shared';
import type { AwardService } from './awards/award-service';
import { newEntryId } from './awards/award-access';
import { judgeTotal } from './awards/scoring';
import type { Store } from './db/store';
import { DEMO_CAMERA_EVENT, DEMO_JUDGE } from './seed';
import { DEMO_EXHIBITION } from './seed-exhibition';

/** Id of the demo award programme. */
export const DEMO_AWARDS = 'demo-awards';

const DAY = 24 * 3600 * 1000;

/** The demo programme as an organiser would post it, in the voting phase at `now`. */
function demoProgramme(now: number, judgeIds: string[], eventId: string | null) {
  const at = (offset: number) => new Date(now + offset).toISOString();
  const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  return ProgrammeInput.parse({
    id: DEMO_AWARDS,
    title: label('2026 全国美术大赛', 'National Fine Arts Awards 2026'),
    summary: label('线上征集、评审与公众投票，颁奖典礼在春季音乐会直播。', 'Entries, judging and the public vote online; the ceremony is streamed at the Spring Gala.'),
    eventId,
    schedule: { entries: at(-14 * DAY), judging: at(-7 * DAY), voting: at(-3600 * 1000), ceremony: at(7 * DAY), results: at(14 * DAY) },
    judgeIds,
    categories: [
      {
        id: 'painting',
        title: label('绘画奖', 'Painting'),
        description: label('评委按构图、色彩与原创性评分。', 'Judged on composition, colour and originality.'),
        rubric: [
          { id: 'composition', label: label('构图', 'Composition'), weight: 3, max: 10 },
          { id: 'colour', label: label('色彩', 'Colour'), weight: 2, max: 10 },
          { id: 'originality', label: label('原创性', 'Originality'), weight: 3, max: 10 },
        ],
        eligibility: { kinds: ['image'], maxEntriesPerEntrant: 10 },
        winnerBy: 'jury',
        tallies: 'hidden',
        blindEntrant: true,
      },
      {
        id: 'audience',
        title: label('观众选择奖', 'Audience Choice'),
        description: label('由公众投票决定，每个账号可投三票。', 'Decided by the public vote: three votes per account.'),
        rubric: [{ id: 'appeal', label: label('感染力', 'Appeal'), weight: 1, max: 10 }],
        eligibility: { kinds: ['image'], maxEntriesPerEntrant: 10 },
        votesPerAccount: 3,
        winnerBy: 'public',
        tallies: 'live',
        blindEntrant: false,
      },
    ],
  });
}

/**
 * The demo award programme (`demo-awards`), in the voting phase: two categories nominating works
 * of the demo exhibition (a jury category the demo judge has scored, and an audience category with
 * live tallies), the Spring Gala as its ceremony, and the nominees' halls. Every step skips what
 * is already there, so a restart (or a run cut short) changes nothing that exists. Skipped when
 * the demo exhibition or the admin is missing.
 */
export async function seedDemoAwards(store: Store, awards: AwardService, opts: { logger?: Logger; now?: number } = {}): Promise<{ created: boolean }> {
  const admin = await store.users.byUsername('admin');
  const exhibition = await store.exhibitions.get(DEMO_EXHIBITION);
  if (admin?.role !== 'admin' || !exhibition?.published) {
    opts.logger?.warn('the demo exhibition or admin is missing; demo award programme not seeded');
    return { created: false };
  }
  const judge = await store.users.byUsername(DEMO_JUDGE);
  if (judge && judge.role !== 'judge') opts.logger?.warn({ role: judge.role }, 'the account `judge` is not a judge; the demo programme has no judge');
  const judgeIds = judge?.role === 'judge' ? [judge.id] : [];
  const existing = await store.awards.getProgramme(DEMO_AWARDS);
  const now = opts.now ?? Date.now();
  const input = demoProgramme(now, judgeIds, (await store.events.get(DEMO_CAMERA_EVENT)) ? DEMO_CAMERA_EVENT : null);
  const programme = existing ?? (await store.awards.createProgramme({ ...input, summary: input.summary ?? null, createdBy: admin.id }));

  // Nominees: the first six works of the exhibition for painting, the next eight for the audience.
  const workIds = [...new Set(exhibition.published.placements.map((p) => p.workId))];
  const works = new Map((await store.works.getMany(workIds)).map((w) => [w.id, w]));
  const plan: [string, string[]][] = [
    ['painting', workIds.slice(0, 6)],
    ['audience', workIds.slice(6, 14)],
  ];
  for (const [categoryId, ids] of plan) {
    if (!programme.categories.some((c) => c.id === categoryId)) continue;
    const entered = new Set((await store.awards.entries(programme.id, { categoryId, status: 'active' })).map((e) => e.workId));
    for (const workId of ids) {
      const work = works.get(workId);
      if (!work || entered.has(workId)) continue;
      const id = newEntryId();
      await store.awards.addEntry({ id, programmeId: programme.id, categoryId, workId, entrantId: work.ownerId }, 50, {
        actorId: admin.id,
        action: 'entry-add',
        entryId: id,
        categoryId,
        detail: { workId, entrantId: work.ownerId, seeded: true },
      });
    }
  }

  // The demo judge's final scores of the painting nominees (distinct, so there is a winner).
  const painting = programme.categories.find((c) => c.id === 'painting');
  if (painting && judge?.role === 'judge' && programme.judgeIds.includes(judge.id)) {
    const scored = new Set((await store.awards.scores(programme.id, { judgeId: judge.id })).map((s) => s.entryId));
    const entries = await store.awards.entries(programme.id, { categoryId: 'painting', status: 'active' });
    for (const [i, entry] of entries.entries()) {
      if (scored.has(entry.id)) continue;
      const scores = { composition: Math.max(0, 9 - i), colour: 8 - (i % 3), originality: Math.max(0, 10 - i) };
      await store.awards.saveScore(programme.id, {
        entryId: entry.id,
        judgeId: judge.id,
        scores,
        comment: '',
        total: judgeTotal(painting.rubric, scores),
        status: 'submitted',
      });
    }
  }
  await awards.syncHalls(programme.id);
  if (!existing) opts.logger?.info({ programme: DEMO_AWARDS }, 'demo award programme seeded');
  return { created: !existing };
}
