// @vitest-environment jsdom
import '../../ui/test-setup';
import type { AwardProgramme } from '@yunzhan/shared';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words } from '../../forms/form-test-kit';
import { ScheduleEditor, ScheduleSection } from './schedule-section';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const programme: AwardProgramme = {
  id: 'spring-prize',
  title: { 'zh-CN': '春季奖', en: 'Spring prize' },
  eventId: null,
  schedule: {
    entries: '2026-05-01T01:00:00.000Z',
    judging: '2026-05-08T01:00:00.000Z',
    voting: '2026-05-15T01:00:00.000Z',
    ceremony: '2026-05-22T12:30:45.000Z',
    results: '2026-05-23T01:00:00.000Z',
  },
  phase: 'judging',
  categories: [],
  judgeIds: [],
  createdAt: '2026-04-01T00:00:00.000Z',
};

/** Sets a datetime-local input (user-event cannot type into one in jsdom). */
const setDate = (testId: string, value: string) => fireEvent.input(screen.getByTestId(testId), { target: { value } });

describe('ScheduleEditor', () => {
  it('sends the edited date with its offset and keeps the untouched ones exactly', async () => {
    const sent = fakeApi((r) => (r.method === 'PATCH' ? { status: 200, body: { ...programme, schedule: { ...programme.schedule, ...(r.body as { schedule: object }).schedule } } } : undefined));
    const onSaved = vi.fn();
    const { user } = renderForm(<ScheduleEditor programme={programme} onSaved={onSaved} onCancel={() => undefined} />);
    setDate('schedule-voting', '2026-05-10T18:45');
    await user.click(screen.getByTestId('save-schedule'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('PATCH');
    expect(sent[0]!.path).toBe('/api/awards/spring-prize');
    const schedule = (sent[0]!.body as { schedule: Record<string, string> }).schedule;
    expect({ ...schedule, voting: undefined }).toEqual({ ...programme.schedule, voting: undefined });
    expect(Date.parse(schedule.voting!)).toBe(new Date('2026-05-10T18:45').getTime());
  });

  it('marks a date before the one before it on its input and sends nothing', async () => {
    const sent = fakeApi(() => undefined);
    const { user } = renderForm(<ScheduleEditor programme={programme} onSaved={() => undefined} onCancel={() => undefined} />);
    setDate('schedule-voting', '2000-01-01T00:00');
    await user.click(screen.getByTestId('save-schedule'));
    const voting = screen.getByTestId('schedule-voting');
    await waitFor(() => expect(voting.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('schedule-error-voting').textContent).toBe(words('awardsAdmin.form.scheduleOrder'));
    expect(document.querySelectorAll('[data-testid^="schedule-error-"]')).toHaveLength(1);
    expect(document.activeElement).toBe(voting);
    expect(sent).toEqual([]);
  });

  it("puts the server's issue about schedule.ceremony on the ceremony input", async () => {
    fakeApi(() => wireError(400, 'VALIDATION_FAILED', 'Invalid schedule.ceremony: ceremony must not start before voting', { issues: [{ path: 'schedule.ceremony', message: 'ceremony must not start before voting' }] }));
    const { user } = renderForm(<ScheduleEditor programme={programme} onSaved={() => undefined} onCancel={() => undefined} />);
    await user.click(screen.getByTestId('save-schedule'));
    expect((await screen.findByTestId('schedule-error-ceremony')).textContent).toBe(words('form.error.server'));
    expect(screen.getByTestId('schedule-ceremony').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('schedule-error')).toBeNull();
  });
});

describe('ScheduleSection: advancing the phase', () => {
  it('asks in a confirm dialog with the focus on Cancel, shows a refusal inside it, and advances on Confirm', async () => {
    let answer = wireError(409, 'INVALID_STATE', 'not now');
    const sent = fakeApi((r) => (r.method === 'POST' ? answer : undefined));
    const onChanged = vi.fn();
    const { user } = renderForm(<ScheduleSection programme={programme} onChanged={onChanged} />);
    const opener = screen.getByTestId('advance');
    await user.click(opener);
    const phase = words('awardsAdmin.phase.voting');
    const dialog = await screen.findByRole('alertdialog', { name: words('awardsAdmin.schedule.advanceTitle', { phase }) });
    expect(dialog.textContent).toContain(words('awardsAdmin.schedule.advanceNote'));
    expect(document.activeElement).toBe(screen.getByTestId('advance-cancel'));

    await user.click(screen.getByTestId('advance-confirm'));
    const refusal = await screen.findByTestId('advance-error');
    expect(dialog.contains(refusal)).toBe(true);
    expect(refusal.getAttribute('data-code')).toBe('INVALID_STATE');
    expect(onChanged).not.toHaveBeenCalled();

    answer = { status: 200, body: { ...programme, phase: 'voting' } };
    await user.click(screen.getByTestId('advance-confirm'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(sent.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api/awards/spring-prize/advance', { to: 'voting' }],
      ['POST', '/api/awards/spring-prize/advance', { to: 'voting' }],
    ]);
  });

  it('cancels on Escape: nothing is sent and the focus is back on the button', async () => {
    const sent = fakeApi(() => undefined);
    const { user } = renderForm(<ScheduleSection programme={programme} onChanged={() => undefined} />);
    const opener = screen.getByTestId('advance');
    await user.click(opener);
    await screen.findByRole('alertdialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(sent).toEqual([]);
  });
});
