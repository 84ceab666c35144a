// @vitest-environment jsdom
import { ChatMessage } from '@yunzhan/shared';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANNOUNCE_INTERVAL_MS } from '../app/live-announcer';
import { I18nProvider } from '../i18n/i18n';
import { ChatAnnouncer } from './chat-announcer';

beforeEach(() => {
  window.localStorage.setItem('yunzhan.locale', 'en');
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  window.localStorage.clear();
});

let seq = 0;
/** A chat message from `userId` (display name = the id, capitalised). */
function message(userId: string, text: string): ChatMessage {
  seq += 1;
  return ChatMessage.parse({
    id: `m${seq}`,
    seq,
    channel: 'event:show',
    userId,
    displayName: userId[0]!.toUpperCase() + userId.slice(1),
    text,
    status: 'visible',
    replyTo: null,
    mentions: [],
    pinned: false,
    danmaku: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  });
}

function renderAnnouncer(messages: ChatMessage[]) {
  const view = render(
    <I18nProvider>
      <ChatAnnouncer messages={messages} selfId="me" />
    </I18nProvider>,
  );
  const update = (next: ChatMessage[]) =>
    view.rerender(
      <I18nProvider>
        <ChatAnnouncer messages={next} selfId="me" />
      </I18nProvider>,
    );
  const said = () => screen.getByTestId('chat-announcer').textContent;
  return { update, said };
}

describe('ChatAnnouncer', () => {
  it('is a polite live region that stays quiet about the history it starts with', () => {
    const { said } = renderAnnouncer([message('ann', 'old news')]);
    act(() => vi.advanceTimersByTime(ANNOUNCE_INTERVAL_MS));
    expect(screen.getByTestId('chat-announcer').getAttribute('aria-live')).toBe('polite');
    expect(said()).toBe('');
  });

  it("announces another person's new message, and not the viewer's own", () => {
    const history = [message('ann', 'old news')];
    const { update, said } = renderAnnouncer(history);
    const mine = message('me', 'my own words');
    update([...history, mine]);
    act(() => vi.advanceTimersByTime(ANNOUNCE_INTERVAL_MS));
    expect(said()).toBe('');
    update([...history, mine, message('bob', 'hello all')]);
    act(() => vi.advanceTimersByTime(0));
    expect(said()).toBe('Bob: hello all');
  });

  it('reads a burst as one announcement with the count and the latest, at most once per interval', () => {
    const list = [message('ann', 'old news')];
    const { update, said } = renderAnnouncer(list);
    list.push(message('bob', 'first'));
    update([...list]);
    act(() => vi.advanceTimersByTime(0));
    expect(said()).toBe('Bob: first');
    // Three more within the interval wait for it, then come as one.
    for (const text of ['two', 'three', 'four']) {
      list.push(message('cat', text));
      update([...list]);
      act(() => vi.advanceTimersByTime(100));
    }
    expect(said()).toBe('Bob: first');
    act(() => vi.advanceTimersByTime(ANNOUNCE_INTERVAL_MS));
    expect(said()).toBe('New messages: 3. Latest from Cat: four');
  });

  it('does not announce earlier pages loaded at the top of the log', () => {
    const history = [message('ann', 'recent')];
    const { update, said } = renderAnnouncer(history);
    update([message('bob', 'much older'), ...history]);
    act(() => vi.advanceTimersByTime(ANNOUNCE_INTERVAL_MS));
    expect(said()).toBe('');
  });
});
