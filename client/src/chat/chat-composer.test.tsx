// @vitest-environment jsdom
import '../ui/test-setup';
import type { ChatMessage } from '@yunzhan/shared';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderForm, words } from '../forms/form-test-kit';
import { ClientError } from '../lib/client-error';
import { ChatComposer } from './chat-composer';
import type { ChatDraft } from './use-chat-channel';

// The composer's network boundary is `onSend` (the chat hook's `chat:send` over the socket): these
// tests answer it as the server's ack would, with the stored message or a wire error.

afterEach(cleanup);

const message = (text: string, status: ChatMessage['status'] = 'visible'): ChatMessage => ({
  id: 'm1',
  channel: 'event:demo',
  seq: 1,
  userId: 'u1',
  displayName: 'Ada',
  badge: null,
  text,
  status,
  replyTo: null,
  mentions: [],
  pinned: false,
  danmaku: null,
  createdAt: '2026-05-01T10:00:00.000Z',
});

function renderComposer(onSend: (draft: ChatDraft) => Promise<ChatMessage>, { danmaku = false } = {}) {
  const onCancelReply = vi.fn();
  const view = renderForm(
    <ChatComposer standing={null} connected replyTo={null} onCancelReply={onCancelReply} danmakuOption={danmaku} onSend={onSend} />,
  );
  return { ...view, onCancelReply };
}

const input = () => screen.getByTestId<HTMLInputElement>('chat-input');

describe('ChatComposer', () => {
  it('sends the trimmed text with the danmaku style chosen, and empties the box', async () => {
    const onSend = vi.fn(async (draft: ChatDraft) => message(draft.text));
    const { user } = renderComposer(onSend, { danmaku: true });
    expect(screen.getByTestId<HTMLButtonElement>('chat-send').disabled).toBe(true);
    await user.type(input(), '  你好，大家  ');
    await user.click(screen.getByTestId('chat-as-danmaku'));
    await user.selectOptions(screen.getByTestId('chat-danmaku-mode'), 'top');
    await user.click(screen.getByTestId('chat-danmaku-colour-fe0302'));
    await user.click(screen.getByTestId('chat-send'));
    await waitFor(() => expect(onSend).toHaveBeenCalledTimes(1));
    expect(onSend.mock.calls[0]![0]).toEqual({ text: '你好，大家', replyToId: undefined, danmaku: { mode: 'top', colour: '#fe0302' } });
    await waitFor(() => expect(input().value).toBe(''));
  });

  it('says in a toast that a held message waits for review, and the toast goes by itself', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { user } = renderComposer(async (draft) => message(draft.text, 'held'));
      await user.type(input(), 'the ending is a spoiler');
      await user.click(screen.getByTestId('chat-send'));
      const toast = await screen.findByTestId('chat-notice');
      expect(toast.textContent).toContain(words('chat.heldNotice'));
      expect(screen.getByRole('region', { name: /通知/ }).contains(toast)).toBe(true);
      act(() => {
        vi.advanceTimersByTime(10_500);
      });
      expect(screen.queryByTestId('chat-notice')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("marks text over the shared limit on the box with the limit's count, and sends nothing", async () => {
    const onSend = vi.fn(async (draft: ChatDraft) => message(draft.text));
    const { user } = renderComposer(onSend);
    // Pasted past the box's maxLength (a script or an old browser can): the shared rule still says no.
    fireEvent.input(input(), { target: { value: 'x'.repeat(501) } });
    await user.click(screen.getByTestId('chat-send'));
    expect((await screen.findByTestId('chat-input-error')).textContent).toBe(words('form.error.tooLong', { count: 500 }));
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(input().getAttribute('aria-describedby')).toBe('chat-input-error');
    expect(onSend).not.toHaveBeenCalled();
  });

  it("puts the server's issue about the text on the box, and a refused sender's reason under it", async () => {
    let refusal = new ClientError('VALIDATION_FAILED', 'Invalid text', { issues: [{ path: 'text', message: 'Too big' }] });
    const { user } = renderComposer(async () => {
      throw refusal;
    });
    await user.type(input(), 'hello');
    await user.click(screen.getByTestId('chat-send'));
    expect((await screen.findByTestId('chat-input-error')).textContent).toBe(words('form.error.server'));
    expect(document.body.textContent).not.toContain('Too big');

    refusal = new ClientError('FORBIDDEN', 'slow down', { reason: 'slow-mode' });
    await user.type(input(), '!');
    await user.click(screen.getByTestId('chat-send'));
    const error = await screen.findByTestId('chat-error');
    expect(error.textContent).toBe(words('chat.forbidden.slow-mode'));
    expect(error.getAttribute('data-code')).toBe('FORBIDDEN');
    // It is about what was sent: typing again clears it.
    await user.type(input(), '?');
    expect(screen.queryByTestId('chat-error')).toBeNull();
  });
});
