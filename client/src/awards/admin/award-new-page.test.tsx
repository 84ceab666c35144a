// @vitest-environment jsdom
import '../../ui/test-setup';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words, type FakeAnswer, type SentRequest } from '../../forms/form-test-kit';
import { NewProgrammeForm } from './award-new-page';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The programme the server answers with, built from the body sent. */
function created(body: Record<string, unknown>) {
  const categories = (body.categories as Array<Record<string, unknown>>).map((c) => ({ ...c, hallExhibitionId: null, entries: [] }));
  return { ...body, categories, phase: 'draft', createdAt: '2026-01-01T00:00:00.000Z' };
}

/** The form with the fake API behind it: the event list is empty, POST /api/awards answers `post`. */
function renderNewForm(post: (request: SentRequest) => FakeAnswer) {
  const sent = fakeApi((r) => (r.path === '/api/events' ? { status: 200, body: [] } : r.method === 'POST' && r.path === '/api/awards' ? post(r) : undefined));
  const onCreated = vi.fn();
  const view = renderForm(<NewProgrammeForm onCreated={onCreated} />);
  return { ...view, onCreated, posted: () => sent.filter((r) => r.method === 'POST') };
}

const input = (testId: string) => screen.getByTestId<HTMLInputElement>(testId);

describe('NewProgrammeForm', () => {
  it('creates the programme with the parsed ProgrammeInput: id lower-cased, numbers, dates with their offset', async () => {
    const { user, onCreated, posted } = renderNewForm((r) => ({ status: 201, body: created(r.body as Record<string, unknown>) }));
    await user.type(input('award-id'), 'National-2026');
    await user.type(input('award-title-zh-CN'), ' 全国美术大赛 ');
    await user.type(input('award-categories-0-title-zh-CN'), '绘画');
    await user.type(input('award-categories-0-rubric-0-label-zh-CN'), '技艺');
    await user.clear(input('award-categories-0-rubric-0-weight'));
    await user.type(input('award-categories-0-rubric-0-weight'), '2.5');
    await user.click(screen.getByTestId('award-categories-0-kind-video'));
    await user.click(screen.getByTestId('award-create'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    const body = posted()[0]!.body as {
      id: string;
      title: object;
      eventId: string | null;
      judgeIds: string[];
      schedule: Record<string, string>;
      categories: Array<{ rubric: object[]; eligibility: { kinds: string[] } }>;
    };
    expect(body.id).toBe('national-2026');
    expect(body.title).toEqual({ 'zh-CN': '全国美术大赛', en: '' });
    expect(body.eventId).toBeNull();
    expect(body.judgeIds).toEqual([]);
    expect(body.categories[0]!.rubric[0]).toEqual({ id: 'criterion-1', label: { 'zh-CN': '技艺', en: '' }, weight: 2.5, max: 10 });
    expect(body.categories[0]!.eligibility.kinds).toEqual(['image', 'video']);
    expect(Date.parse(body.schedule.entries!)).toBe(new Date(input('award-schedule-entries').value).getTime());
    expect(body.schedule.entries).toMatch(/[+-]\d{2}:\d{2}$|Z$/);
    expect(onCreated.mock.calls[0]![0].id).toBe('national-2026');
  });

  it('marks the blank id and titles, focuses the id, and sends nothing', async () => {
    const { user, posted } = renderNewForm(() => ({ status: 500 }));
    await user.click(screen.getByTestId('award-create'));
    await waitFor(() => expect(input('award-id').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('award-id-error').textContent).toBe(words('awardsAdmin.form.idFormat'));
    expect(screen.getByTestId('award-title-zh-CN-error').textContent).toBe(words('form.error.required'));
    expect(input('award-categories-0-title-zh-CN').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input('award-id'));
    expect(screen.getByTestId('award-new-problems')).toBeTruthy();
    expect(posted()).toEqual([]);
  });

  it("puts the server's issue on the rubric field it names, and a taken id on the id", async () => {
    let answer = wireError(400, 'VALIDATION_FAILED', 'Invalid categories.0.rubric.0.max: Too big', { issues: [{ path: 'categories.0.rubric.0.max', message: 'Too big' }] });
    const { user } = renderNewForm(() => answer);
    await user.type(input('award-id'), 'spring');
    await user.type(input('award-title-zh-CN'), '春');
    await user.type(input('award-categories-0-title-zh-CN'), '绘画');
    await user.type(input('award-categories-0-rubric-0-label-zh-CN'), '技艺');
    await user.click(screen.getByTestId('award-create'));
    expect((await screen.findByTestId('award-categories-0-rubric-0-max-error')).textContent).toBe(words('form.error.server'));
    expect(input('award-categories-0-rubric-0-max').getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).not.toContain('Too big');

    answer = wireError(409, 'CONFLICT', 'exists');
    await user.click(screen.getByTestId('award-create'));
    expect((await screen.findByTestId('award-id-error')).textContent).toBe(words('awardsAdmin.form.idTaken'));
  });

  it("picks the category's two-way choices on ui/select, each option explained, and sends them", async () => {
    const { user, onCreated, posted } = renderNewForm((r) => ({ status: 201, body: created(r.body as Record<string, unknown>) }));
    await user.type(input('award-id'), 'people-prize');
    await user.type(input('award-title-zh-CN'), '观众奖');
    await user.type(input('award-categories-0-title-zh-CN'), '人气');
    await user.type(input('award-categories-0-rubric-0-label-zh-CN'), '技艺');
    const winner = screen.getByLabelText(words('awardsAdmin.form.winnerBy'), { selector: 'button' });
    expect(winner.getAttribute('role')).toBe('combobox');
    expect(winner.textContent).toContain(words('awardsAdmin.form.winnerJury'));
    winner.focus();
    await user.keyboard('{Enter}');
    const publicVote = await screen.findByRole('option', { name: words('awardsAdmin.form.winnerPublic') });
    expect(document.getElementById(publicVote.getAttribute('aria-describedby') ?? '')?.textContent).toBe(words('awardsAdmin.form.winnerPublicHint'));
    await user.keyboard('{ArrowDown}{Enter}');
    expect(winner.textContent).toContain(words('awardsAdmin.form.winnerPublic'));
    expect(document.activeElement).toBe(winner);
    await user.click(screen.getByLabelText(words('awardsAdmin.form.tallies'), { selector: 'button' }));
    await user.click(await screen.findByRole('option', { name: words('awardsAdmin.form.talliesLive') }));
    await user.click(screen.getByTestId('award-create'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    const category = (posted()[0]!.body as { categories: Array<Record<string, unknown>> }).categories[0]!;
    expect({ winnerBy: category.winnerBy, tallies: category.tallies, aggregation: category.aggregation }).toEqual({ winnerBy: 'public', tallies: 'live', aggregation: 'mean' });
  });
});
