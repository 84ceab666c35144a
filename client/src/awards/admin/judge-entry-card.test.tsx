// @vitest-environment jsdom
import '../../ui/test-setup';
import type { JudgeScore, JudgingSheet, RubricCriterion } from '@yunzhan/shared';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words, type FakeAnswer, type SentRequest } from '../../forms/form-test-kit';
import { JudgeEntryCard } from './judge-entry-card';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

type SheetItem = JudgingSheet['categories'][number]['entries'][number];

const rubric: RubricCriterion[] = [
  { id: 'craft', label: { 'zh-CN': '技艺', en: 'Craft' }, weight: 2, max: 10 },
  { id: 'idea', label: { 'zh-CN': '立意', en: 'Idea' }, weight: 1, max: 5 },
];

const ENTRY = 'en_abcdef';
const item: SheetItem = {
  entry: {
    id: ENTRY,
    programmeId: 'spring-prize',
    categoryId: 'painting',
    work: { id: 'wk_abcdef', catalogueNumber: 'YZ-2026-0001', kind: 'image', title: { 'zh-CN': '山水', en: 'Landscape' }, creator: null, date: '2026', imageUrl: null },
    entrantId: null,
    status: 'active',
    createdAt: '2026-04-01T00:00:00.000Z',
  },
  mine: null,
  recused: false,
};

/** The score the server answers a PUT with, from the body sent. */
function stored(request: SentRequest): FakeAnswer {
  const body = request.body as { scores: Record<string, number>; comment: string; submit: boolean };
  const score: JudgeScore = { entryId: ENTRY, scores: body.scores, comment: body.comment, total: 73.3, status: body.submit ? 'submitted' : 'draft', updatedAt: '2026-05-09T10:00:00.000Z' };
  return { status: 200, body: score };
}

/** The card (the judging sheet's form for one entry) with the fake API answering `answer`. */
function renderCard(answer: (request: SentRequest) => FakeAnswer | undefined) {
  const sent = fakeApi(answer);
  const onScored = vi.fn();
  const onRecused = vi.fn();
  const view = renderForm(<JudgeEntryCard awardId="spring-prize" rubric={rubric} item={item} open onScored={onScored} onRecused={onRecused} />);
  return { ...view, sent, onScored, onRecused };
}

const field = (testId: string) => screen.getByTestId<HTMLInputElement>(testId);
const craft = `score-${ENTRY}-craft`;
const idea = `score-${ENTRY}-idea`;

describe('the judging sheet (JudgeEntryCard)', () => {
  it('saves a draft with the typed and slid scores and the trimmed comment; number field and slider hold one value', async () => {
    const { user, sent, onScored } = renderCard((r) => (r.method === 'PUT' ? stored(r) : undefined));
    await user.type(field(craft), '7');
    const craftSlider = screen.getByTestId(`${craft}-range`);
    expect(craftSlider.getAttribute('role')).toBe('slider');
    expect(craftSlider.getAttribute('aria-valuenow')).toBe('7');
    expect(craftSlider.getAttribute('aria-valuetext')).toBe(words('awardsAdmin.judge.scoreOf', { score: 7, max: 10 }));

    // The idea score by keyboard on its slider alone: named by the criterion, "not scored" until moved.
    const ideaSlider = screen.getByRole('slider', { name: '立意' });
    expect(ideaSlider.getAttribute('aria-valuetext')).toBe(words('awardsAdmin.judge.unscored'));
    ideaSlider.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowLeft}');
    expect(field(idea).value).toBe('4');
    expect(ideaSlider.getAttribute('aria-valuemax')).toBe('5');
    await user.type(screen.getByTestId(`comment-${ENTRY}`), '  fine work ');
    expect(screen.getByTestId(`total-${ENTRY}`).textContent).toBe(words('awardsAdmin.judge.preview', { total: '73.3' }));

    await user.click(screen.getByTestId(`save-${ENTRY}`));
    await waitFor(() => expect(onScored).toHaveBeenCalledTimes(1));
    expect(sent).toEqual([{ method: 'PUT', path: `/api/awards/spring-prize/scores/${ENTRY}`, body: { scores: { craft: 7, idea: 4 }, comment: 'fine work', submit: false } }]);
    expect(onScored.mock.calls[0]![0].status).toBe('draft');
  });

  it("marks a score beyond the criterion's maximum as it is typed, and a blank one on saving; sends nothing", async () => {
    const { user, sent } = renderCard(() => undefined);
    await user.type(field(craft), '11');
    expect((await screen.findByTestId(`${craft}-error`)).textContent).toBe(words('awardsAdmin.judge.scoreRange', { max: 10 }));
    expect(field(craft).getAttribute('aria-invalid')).toBe('true');
    expect(field(craft).getAttribute('aria-describedby')).toBe(`${craft}-error`);
    await user.click(screen.getByTestId(`save-${ENTRY}`));
    expect((await screen.findByTestId(`${idea}-error`)).textContent).toBe(words('awardsAdmin.judge.scoreRange', { max: 5 }));
    expect(document.activeElement).toBe(field(craft));
    expect(sent).toEqual([]);
  });

  it('words a comment over the shared limit with its count, and sends nothing', async () => {
    const { user, sent } = renderCard(() => undefined);
    await user.type(field(craft), '5');
    await user.type(field(idea), '5');
    fireEvent.input(screen.getByTestId(`comment-${ENTRY}`), { target: { value: 'x'.repeat(2001) } });
    await user.click(screen.getByTestId(`save-${ENTRY}`));
    expect((await screen.findByTestId(`comment-${ENTRY}-error`)).textContent).toBe(words('form.error.tooLong', { count: 2000 }));
    expect(sent).toEqual([]);
  });

  it('asks before submitting a valid score, with the focus on Cancel; Escape withdraws the question, Confirm submits it as final', async () => {
    const { user, sent, onScored } = renderCard((r) => (r.method === 'PUT' ? stored(r) : undefined));
    // Blank scores: no question, the problems are shown instead.
    await user.click(screen.getByTestId(`submit-${ENTRY}`));
    await screen.findByTestId(`${craft}-error`);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await user.type(field(craft), '7');
    await user.type(field(idea), '4');
    await user.click(screen.getByTestId(`submit-${ENTRY}`));
    const dialog = await screen.findByRole('alertdialog', { name: words('awardsAdmin.judge.submitTitle', { title: '山水' }) });
    expect(dialog.textContent).toContain(words('awardsAdmin.judge.submitNote'));
    expect(document.activeElement).toBe(screen.getByTestId(`submit-${ENTRY}-cancel`));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(sent).toEqual([]);

    await user.click(screen.getByTestId(`submit-${ENTRY}`));
    await user.click(await screen.findByTestId(`submit-${ENTRY}-confirm`));
    await waitFor(() => expect(onScored).toHaveBeenCalledTimes(1));
    expect(sent.map((r) => r.body)).toEqual([{ scores: { craft: 7, idea: 4 }, comment: '', submit: true }]);
  });

  it("puts the server's issue on the criterion it names, and a refusal that names no field above the buttons", async () => {
    let answer = wireError(400, 'VALIDATION_FAILED', 'Invalid scores.idea', { issues: [{ path: 'scores.idea', message: 'Too big' }] });
    const { user } = renderCard(() => answer);
    await user.type(field(craft), '7');
    await user.type(field(idea), '4');
    await user.click(screen.getByTestId(`save-${ENTRY}`));
    expect((await screen.findByTestId(`${idea}-error`)).textContent).toBe(words('awardsAdmin.judge.scoreRange', { max: 5 }));
    expect(field(idea).getAttribute('aria-invalid')).toBe('true');
    expect(field(craft).getAttribute('aria-invalid')).toBeNull();
    expect(document.body.textContent).not.toContain('Too big');

    answer = wireError(409, 'SCORE_FINAL', 'already submitted');
    await user.type(field(idea), '{Backspace}3');
    await user.click(screen.getByTestId(`save-${ENTRY}`));
    const alert = await screen.findByTestId(`judge-entry-error-${ENTRY}`);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.getAttribute('data-code')).toBe('SCORE_FINAL');
  });

  it('declares a conflict of interest only with a reason, and shows a refusal of the reason on it', async () => {
    let answer: FakeAnswer = wireError(400, 'VALIDATION_FAILED', 'Invalid reason', { issues: [{ path: 'reason', message: 'bad' }] });
    const { user, sent, onRecused } = renderCard((r) => (r.method === 'POST' ? answer : undefined));
    await user.click(screen.getByTestId(`recuse-${ENTRY}`));
    const dialog = await screen.findByRole('alertdialog', { name: words('awardsAdmin.judge.recuseTitle', { title: '山水' }) });
    const confirm = screen.getByTestId<HTMLButtonElement>(`recuse-${ENTRY}-confirm`);
    expect(confirm.disabled).toBe(true);
    await user.type(screen.getByLabelText(new RegExp(words('awardsAdmin.judge.recuseReason'))), 'I taught this artist.');
    expect(confirm.disabled).toBe(false);

    await user.click(confirm);
    expect((await screen.findByTestId(`recuse-${ENTRY}-reason-error`)).textContent).toBe(words('form.error.server'));
    expect(dialog.isConnected).toBe(true);
    expect(onRecused).not.toHaveBeenCalled();

    answer = { status: 200, body: { entryId: ENTRY } };
    await user.click(confirm);
    await waitFor(() => expect(onRecused).toHaveBeenCalledTimes(1));
    expect(sent.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api/awards/spring-prize/recusals', { entryId: ENTRY, reason: 'I taught this artist.' }],
      ['POST', '/api/awards/spring-prize/recusals', { entryId: ENTRY, reason: 'I taught this artist.' }],
    ]);
  });

  it('keeps the focus on Save draft after a save, and puts it on the card once the score is final', async () => {
    /** The card as the judging sheet holds it: the stored score written back into the item. */
    function Sheet() {
      const [current, setCurrent] = useState(item);
      return <JudgeEntryCard awardId="spring-prize" rubric={rubric} item={current} open onScored={(mine) => setCurrent((i) => ({ ...i, mine }))} onRecused={() => undefined} />;
    }
    fakeApi((r) => (r.method === 'PUT' ? stored(r) : undefined));
    const { user } = renderForm(<Sheet />);
    await user.type(field(craft), '7');
    await user.type(field(idea), '4');
    const save = screen.getByTestId(`save-${ENTRY}`);
    await user.click(save);
    await screen.findByTestId(`draft-saved-${ENTRY}`);
    expect(document.activeElement).toBe(save);
    expect(field(craft).value).toBe('7');

    await user.click(screen.getByTestId(`submit-${ENTRY}`));
    await user.click(await screen.findByTestId(`submit-${ENTRY}-confirm`));
    await screen.findByTestId(`final-${ENTRY}`);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: '山水' })));
  });
});
