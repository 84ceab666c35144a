import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublicUser, Work } from '@yunzhan/shared';
import type { WorkRecord } from '../db/store';
import { ENGINES } from '../db/test-engines';
import { toWorkView } from '../works/work-media';
import { AwardService } from './award-service';
import { BlindEntries, blindIn, blindWork, maskNames } from './blind-entries';
import { openFixture, programmeBody, USERS, type Fixture } from './test-support';

const { admin, curator, judge1, viewer } = USERS;
const rate = { burst: 1000, perSecond: 1000 };

describe('blind entries: the rule', () => {
  it('is blind in draft, entries and judging, open from voting on, and never for a category that is not blind', () => {
    const phases = ['draft', 'entries', 'judging', 'voting', 'ceremony', 'results'] as const;
    expect(phases.map((p) => blindIn(true, p))).toEqual([true, true, true, false, false, false]);
    expect(phases.some((p) => blindIn(false, p))).toBe(false);
  });

  it("masks the maker's names in every text, case-insensitively, and withholds creator, holder, credit and owner", () => {
    expect(maskNames({ 'zh-CN': '齐白石的虾', en: 'Shrimps by QI BAISHI (Qi Baishi)' }, ['Qi Baishi', '齐白石'])).toEqual({ 'zh-CN': '…的虾', en: 'Shrimps by … (…)' });
    const work = {
      id: 'wk_abcdefgh',
      metadata: {
        title: { 'zh-CN': '齐白石自画像', en: 'Self-portrait' },
        creator: '齐白石',
        date: '1950',
        label: { 'zh-CN': '齐白石 (1864-1957)', en: '' },
        rights: { holder: 'Qi Estate', licence: 'cc-by', credit: 'Courtesy Qi Estate' },
      },
      ownerId: 'u-curator',
    } as unknown as Work;
    const blind = blindWork(work);
    expect(blind).toMatchObject({ blind: true, ownerId: '', metadata: { creator: '', title: { 'zh-CN': '…自画像' }, label: { 'zh-CN': '… (1864-1957)' }, rights: { holder: '', credit: '' } } });
    expect(JSON.stringify(blind)).not.toMatch(/齐白石|Qi Estate|u-curator/);
  });
});

describe.each(ENGINES)('BlindEntries on %s', (engine) => {
  let fx: Fixture;
  let clock: number;
  let awards: AwardService;
  let blind: BlindEntries;
  let works: WorkRecord[];

  beforeEach(async () => {
    fx = await openFixture(engine);
    clock = Date.parse('2026-05-01T12:00:00.000Z');
    awards = new AwardService({ store: fx.store, voteUserRate: rate, voteAddressRate: rate, now: () => clock });
    blind = new BlindEntries(fx.store, () => clock);
    works = [await fx.work(curator, 0), await fx.work(curator, 1), await fx.work(curator, 2)];
    // Work 0 in the blind `jury` category, 1 in the open `public` one, 2 entered and withdrawn.
    await awards.create(admin, programmeBody('prize', clock, 'entries'));
    await awards.addEntry(curator, 'prize', { categoryId: 'jury', workId: works[0]!.id });
    await awards.addEntry(curator, 'prize', { categoryId: 'public', workId: works[1]!.id });
    const withdrawn = await awards.addEntry(curator, 'prize', { categoryId: 'jury', workId: works[2]!.id });
    await awards.withdrawEntry(curator, 'prize', withdrawn.id);
  });
  afterEach(async () => {
    awards.close();
    await fx.dispose();
  });

  const hidden = async (user: PublicUser | null) => [...(await blind.hiddenFrom(user, works))].sort();

  it('hides only active entries of blind categories, from everyone but admins and the entrant, until voting starts', async () => {
    for (const phase of ['entries', 'judging'] as const) {
      if (phase === 'judging') await awards.advance(admin, 'prize', { to: 'judging' });
      for (const user of [judge1, viewer, null]) expect(await hidden(user)).toEqual([works[0]!.id]);
      expect(await hidden(admin)).toEqual([]);
      expect(await hidden(curator)).toEqual([]);
    }
    await awards.advance(admin, 'prize', { to: 'voting' });
    for (const user of [judge1, viewer, null]) expect(await hidden(user)).toEqual([]);
  });

  it('keeps a work blind while any programme it is entered in is still judging it', async () => {
    await awards.advance(admin, 'prize', { to: 'voting' });
    await awards.create(admin, programmeBody('second', clock, 'entries'));
    await awards.addEntry(curator, 'second', { categoryId: 'jury', workId: works[0]!.id });
    expect(await hidden(viewer)).toEqual([works[0]!.id]);
    // The first programme, in voting, shows it blind too: one decision per work, not per programme.
    const entry = (await awards.get(viewer, 'prize')).categories[0]!.entries[0]!;
    expect(entry.work.creator).toBeNull();
  });

  it('gives the views in order, blind where they must be', async () => {
    const views = await blind.views(viewer, works, toWorkView);
    expect(views.map((w) => [w.id, w.blind ?? false, w.metadata.creator])).toEqual([
      [works[0]!.id, true, ''],
      [works[1]!.id, false, works[1]!.metadata.creator],
      [works[2]!.id, false, works[2]!.metadata.creator],
    ]);
  });
});
