// @vitest-environment jsdom
import '../ui/test-setup';
import type { ChatMessage } from '@yunzhan/shared';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderForm, words } from '../forms/form-test-kit';
import { ClientError } from '../lib/client-error';
import { ChatMessageItem } from './chat-message-item';

// Reporting a message: the form under the message (reason, note), sent through `onReport` (the
// chat hook's `chat:report` over the socket), answered here as the server's ack would be.

afterEach(cleanup);

const message: ChatMessage = {
  id: 'm7',
  channel: 'event:demo',
  seq: 7,
  userId: 'u2',
  displayName: 'Bo',
  badge: null,
  text: 'buy followers now',
  status: 'visible',
  replyTo: null,
  mentions: [],
  pinned: false,
  danmaku: null,
  createdAt: '2026-05-01T10:00:00.000Z',
};

function renderItem(onReport: (messageId: string, reason: string, note: string) => Promise<void>) {
  const view = renderForm(
    <ul>
      <ChatMessageItem message={message} ownUserId="u1" moderator={false} onReply={() => undefined} onReport={onReport} onModerate={async () => undefined} />
    </ul>,
  );
  return view;
}

/** Opens the message's menu and its report form. */
async function openReport(user: ReturnType<typeof renderItem>['user']) {
  await user.click(screen.getByTestId('chat-more'));
  await user.click(await screen.findByTestId('chat-report'));
  return screen.findByTestId('chat-report-form');
}

describe('reporting a chat message', () => {
  it('sends the reason and the trimmed note, closes the form and says so in a toast', async () => {
    const onReport = vi.fn(async () => undefined);
    const { user } = renderItem(onReport);
    await openReport(user);
    await user.selectOptions(screen.getByTestId('chat-report-reason'), 'abuse');
    await user.type(screen.getByLabelText(words('chat.reportNote')), '  insults the host ');
    await user.click(screen.getByTestId('chat-report-submit'));
    await waitFor(() => expect(onReport).toHaveBeenCalledWith('m7', 'abuse', 'insults the host'));
    expect((await screen.findByTestId('chat-feedback')).textContent).toContain(words('chat.reported'));
    expect(screen.queryByTestId('chat-report-form')).toBeNull();
  });

  it('marks a note over the shared limit with its count, and sends nothing', async () => {
    const onReport = vi.fn(async () => undefined);
    const { user } = renderItem(onReport);
    await openReport(user);
    fireEvent.input(screen.getByTestId('chat-report-note'), { target: { value: 'x'.repeat(501) } });
    await user.click(screen.getByTestId('chat-report-submit'));
    expect((await screen.findByTestId('chat-report-note-error')).textContent).toBe(words('form.error.tooLong', { count: 500 }));
    expect(screen.getByTestId('chat-report-note').getAttribute('aria-invalid')).toBe('true');
    expect(onReport).not.toHaveBeenCalled();
  });

  it("puts the server's issue on the field it names, and any other refusal in the form, which stays open", async () => {
    let refusal = new ClientError('VALIDATION_FAILED', 'Invalid reason', { issues: [{ path: 'reason', message: 'bad reason' }] });
    const { user } = renderItem(async () => {
      throw refusal;
    });
    await openReport(user);
    await user.click(screen.getByTestId('chat-report-submit'));
    expect((await screen.findByTestId('chat-report-reason-error')).textContent).toBe(words('form.error.server'));
    expect(screen.getByTestId('chat-report-reason').getAttribute('aria-invalid')).toBe('true');

    refusal = new ClientError('RATE_LIMITED', 'slow down');
    await user.click(screen.getByTestId('chat-report-submit'));
    const alert = await screen.findByTestId('chat-report-error');
    expect(alert.getAttribute('data-code')).toBe('RATE_LIMITED');
    expect(alert.textContent).toContain(words('error.RATE_LIMITED'));
    expect(screen.getByTestId('chat-report-form')).toBeTruthy();
    expect(document.body.textContent).not.toContain('bad reason');
  });
});
