// @vitest-environment jsdom
import '../../ui/test-setup';
import type { AwardEntry, AwardProgramme, Work } from '@yunzhan/shared';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words, type FakeAnswer, type SentRequest } from '../../forms/form-test-kit';
import { EntriesSection } from './entries-section';
import { JudgesSection } from './judges-section';

// The organiser's pick-and-add forms on the award admin page: nominate a catalogue work in a
// category (and withdraw an entry), add a judge, make an account a judge. Against a fake API.

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const AT = '2026-04-01T00:00:00.000Z';

const work = (id: string, n: number, title: string, status: Work['status'] = 'ready'): Work => ({
  id,
  catalogueNumber: `YZ-2026-${String(n).padStart(6, '0')}`,
  kind: 'image',
  metadata: { title: { 'zh-CN': title, en: '' }, creator: '佚名', date: '2026', rights: { holder: '美术馆', licence: 'cc-by', credit: '' } },
  status,
  assetId: 'asset1',
  audioGuideAssetId: null,
  media: { images: [], hls: null, model: null, audio: null, width: null, height: null },
  audioGuide: null,
  ownerId: 'u1',
  createdAt: AT,
  updatedAt: AT,
  metadataChange: null,
});

const entry: AwardEntry = {
  id: 'en_entered1',
  programmeId: 'spring-prize',
  categoryId: 'painting',
  work: { id: 'wk_entered1', catalogueNumber: 'YZ-2026-000001', kind: 'image', title: { 'zh-CN': '已参评', en: '' }, creator: '佚名', date: '2026', imageUrl: null },
  entrantId: 'u1',
  status: 'active',
  createdAt: AT,
};

const programme: AwardProgramme = {
  id: 'spring-prize',
  title: { 'zh-CN': '春季奖', en: 'Spring prize' },
  eventId: null,
  schedule: { entries: AT, judging: '2026-05-08T01:00:00.000Z', voting: '2026-05-15T01:00:00.000Z', ceremony: '2026-05-22T12:00:00.000Z', results: '2026-05-23T01:00:00.000Z' },
  phase: 'entries',
  categories: [
    {
      id: 'painting',
      title: { 'zh-CN': '绘画', en: 'Painting' },
      rubric: [{ id: 'craft', label: { 'zh-CN': '技艺', en: 'Craft' }, weight: 1, max: 10 }],
      eligibility: { kinds: ['image'], maxEntriesPerEntrant: 3 },
      votesPerAccount: 1,
      aggregation: 'mean',
      trimShare: 0.2,
      blindEntrant: true,
      tallies: 'hidden',
      winnerBy: 'jury',
      hallExhibitionId: null,
      entries: [entry],
    },
  ],
  judgeIds: ['j1'],
  createdAt: AT,
};

const users = [
  { id: 'j1', username: 'judge-one', displayName: '评委一', role: 'judge' },
  { id: 'j2', username: 'judge-two', displayName: '评委二', role: 'judge' },
  { id: 'v1', username: 'viewer-one', displayName: '观众一', role: 'viewer' },
];

/** Renders a section with the fake API: the works and accounts lists, and `act` for every change. */
function renderSection(section: 'entries' | 'judges', act: (request: SentRequest) => FakeAnswer) {
  const sent = fakeApi((r) => {
    if (r.method === 'GET' && r.path === '/api/works') return { status: 200, body: [work('wk_vase00001', 2, '花瓶'), work('wk_draft0001', 3, '未完成', 'processing'), work('wk_entered1', 1, '已参评')] };
    if (r.method === 'GET' && r.path === '/api/users?role=judge') return { status: 200, body: users.filter((u) => u.role === 'judge') };
    if (r.method === 'GET' && r.path === '/api/users') return { status: 200, body: users };
    if (r.method !== 'GET') return act(r);
    return undefined;
  });
  const onChanged = vi.fn();
  const view = renderForm(section === 'entries' ? <EntriesSection programme={programme} onChanged={onChanged} /> : <JudgesSection programme={programme} onChanged={onChanged} />);
  return { ...view, onChanged, changes: () => sent.filter((r) => r.method !== 'GET') };
}

describe('EntriesSection', () => {
  it('offers the eligible works not yet entered (one still processing disabled), nominates the chosen one and withdraws an entry', async () => {
    const { user, onChanged, changes } = renderSection('entries', (r) => ({ status: 200, body: r.method === 'POST' ? { ...entry, id: 'en_vase000001' } : { ...entry, status: 'withdrawn' } }));
    const select = screen.getByTestId<HTMLSelectElement>('nominate-select-painting');
    await waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(3));
    const options = within(select).getAllByRole<HTMLOptionElement>('option');
    expect(options.map((o) => o.value)).toEqual(['', 'wk_vase00001', 'wk_draft0001']);
    expect(options[2]!.disabled).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>('nominate-painting').disabled).toBe(true);

    await user.selectOptions(select, 'wk_vase00001');
    await user.click(screen.getByTestId('nominate-painting'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(select.value).toBe('');

    await user.click(screen.getByTestId('withdraw-en_entered1'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
    expect(changes().map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api/awards/spring-prize/entries', { categoryId: 'painting', workId: 'wk_vase00001' }],
      ['DELETE', '/api/awards/spring-prize/entries/en_entered1', undefined],
    ]);
  });

  it("shows the server's refusal of a nomination in the category, in the award pages' words, and keeps the choice", async () => {
    const { user, onChanged } = renderSection('entries', () => wireError(409, 'NOT_ELIGIBLE', 'too many entries', { reason: 'too-many' }));
    const select = screen.getByTestId<HTMLSelectElement>('nominate-select-painting');
    await waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(select, 'wk_vase00001');
    await user.click(screen.getByTestId('nominate-painting'));
    const error = await screen.findByTestId('entries-error-painting');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.getAttribute('data-code')).toBe('NOT_ELIGIBLE');
    expect(error.textContent).toBe(words('awardsAdmin.reason.tooMany'));
    expect(select.value).toBe('wk_vase00001');
    expect(onChanged).not.toHaveBeenCalled();
  });
});

describe('JudgesSection', () => {
  it('adds a judge account to the programme and makes another account a judge', async () => {
    const { user, onChanged, changes } = renderSection('judges', (r) =>
      r.path.startsWith('/api/users/') ? { status: 200, body: { ...users[2], role: 'judge' } } : { status: 200, body: { ...programme, judgeIds: (r.body as { judgeIds: string[] }).judgeIds } },
    );
    const add = screen.getByTestId<HTMLSelectElement>('add-judge-select');
    // j1 is already a judge of the programme: only j2 is offered.
    await waitFor(() => expect(within(add).getAllByRole<HTMLOptionElement>('option').map((o) => o.value)).toEqual(['', 'j2']));
    await user.selectOptions(add, 'j2');
    await user.click(screen.getByTestId('add-judge'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(onChanged.mock.calls[0]![0].judgeIds).toEqual(['j1', 'j2']);

    const promote = screen.getByTestId<HTMLSelectElement>('promote-select');
    await waitFor(() => expect(within(promote).getAllByRole<HTMLOptionElement>('option').map((o) => o.value)).toEqual(['', 'v1']));
    await user.selectOptions(promote, 'v1');
    await user.click(screen.getByTestId('promote-judge'));
    await waitFor(() => expect(promote.value).toBe(''));
    expect(changes().map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', '/api/awards/spring-prize', { judgeIds: ['j1', 'j2'] }],
      ['PATCH', '/api/users/v1', { role: 'judge' }],
    ]);
  });

  it("shows the server's refusal above the lists", async () => {
    const { user, onChanged } = renderSection('judges', () => wireError(403, 'FORBIDDEN', 'admins only'));
    await user.click(screen.getByTestId('remove-judge-j1'));
    const error = await screen.findByTestId('judges-error');
    expect(error.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(error.textContent).toBe(words('error.FORBIDDEN'));
    expect(onChanged).not.toHaveBeenCalled();
  });
});
