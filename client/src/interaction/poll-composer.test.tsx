// @vitest-environment jsdom
import '../ui/test-setup';
import type { PollState } from '@yunzhan/shared';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderForm, words } from '../forms/form-test-kit';
import { ClientError } from '../lib/client-error';
import { HostPolls } from './poll-composer';
import type { PollDraft } from './use-interaction';

// The host's poll composer. Its network boundary is `onCreate` (the interaction hook's
// `poll:create` over the socket), answered here as the server's ack would be.

afterEach(cleanup);

const stateOf = (draft: PollDraft): PollState => ({
  id: 'p1',
  channel: 'event:demo',
  question: draft.question,
  options: draft.options.map((text) => ({ text, votes: 0 })),
  multiple: draft.multiple ?? false,
  open: true,
  totalVoters: 0,
  createdAt: '2026-05-01T10:00:00.000Z',
  closedAt: null,
});

function renderComposer(onCreate: (draft: PollDraft) => Promise<unknown>) {
  return renderForm(<HostPolls polls={[]} onCreate={onCreate} onClose={async () => undefined} disabled={false} />);
}

const field = (testId: string) => screen.getByTestId<HTMLInputElement>(testId);

describe('HostPolls (the poll composer)', () => {
  it('creates the poll with the trimmed question and options, a third option added, then starts afresh', async () => {
    const onCreate = vi.fn(async (draft: PollDraft) => stateOf(draft));
    const { user } = renderComposer(onCreate);
    await user.type(screen.getByLabelText(words('poll.question')), '  下一首演奏哪一曲？ ');
    await user.type(field('poll-option-input-0'), '春江花月夜');
    await user.type(field('poll-option-input-1'), ' 高山流水 ');
    await user.click(screen.getByTestId('poll-add-option'));
    await user.type(field('poll-option-input-2'), '十面埋伏');
    await user.click(screen.getByTestId('poll-multiple'));
    await user.click(screen.getByTestId('poll-create'));
    await waitFor(() => expect(onCreate).toHaveBeenCalledTimes(1));
    expect(onCreate.mock.calls[0]![0]).toEqual({ question: '下一首演奏哪一曲？', options: ['春江花月夜', '高山流水', '十面埋伏'], multiple: true });
    await waitFor(() => expect(field('poll-question').value).toBe(''));
    expect(screen.queryByTestId('poll-option-input-2')).toBeNull();
  });

  it('marks a blank question, a blank option and an option over the shared limit, and sends nothing', async () => {
    const onCreate = vi.fn(async (draft: PollDraft) => stateOf(draft));
    const { user } = renderComposer(onCreate);
    fireEvent.input(field('poll-option-input-0'), { target: { value: 'x'.repeat(81) } });
    await user.click(screen.getByTestId('poll-create'));
    expect((await screen.findByTestId('poll-question-error')).textContent).toBe(words('form.error.required'));
    expect(screen.getByTestId('poll-option-input-0-error').textContent).toBe(words('form.error.tooLong', { count: 80 }));
    expect(screen.getByTestId('poll-option-input-1-error').textContent).toBe(words('form.error.required'));
    expect(field('poll-option-input-1').getAttribute('aria-invalid')).toBe('true');
    expect(field('poll-option-input-1').getAttribute('aria-describedby')).toBe('poll-option-input-1-error');
    expect(document.activeElement).toBe(field('poll-question'));
    expect(onCreate).not.toHaveBeenCalled();
  });

  it("puts the server's issue about an option on that option, and any other refusal above the button", async () => {
    let refusal = new ClientError('VALIDATION_FAILED', 'Invalid options.1', { issues: [{ path: 'options.1', message: 'Too big' }] });
    const { user } = renderComposer(async () => {
      throw refusal;
    });
    await user.type(field('poll-question'), 'Which one?');
    await user.type(field('poll-option-input-0'), 'A');
    await user.type(field('poll-option-input-1'), 'B');
    await user.click(screen.getByTestId('poll-create'));
    expect((await screen.findByTestId('poll-option-input-1-error')).textContent).toBe(words('form.error.server'));
    expect(field('poll-option-input-0').getAttribute('aria-invalid')).toBeNull();
    expect(document.body.textContent).not.toContain('Too big');

    refusal = new ClientError('FORBIDDEN', 'hosts only');
    await user.click(screen.getByTestId('poll-create'));
    const alert = await screen.findByTestId('poll-error');
    expect(alert.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(field('poll-question').value).toBe('Which one?');
  });
});
