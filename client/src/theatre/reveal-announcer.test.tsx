// @vitest-environment jsdom
import { AwardReveal } from '@yunzhan/shared';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShownReveal } from '../awards/reveal-state';
import { I18nProvider } from '../i18n/i18n';
import { RevealAnnouncer } from './reveal-announcer';

beforeEach(() => window.localStorage.setItem('yunzhan.locale', 'en'));
afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

const work = (n: number, en: string) => ({
  id: `wk_abcdef${n}`,
  catalogueNumber: `YZ-000${n}`,
  kind: 'image',
  title: { 'zh-CN': `作品${n}`, en },
  creator: 'Test Artist',
  date: '2026',
  imageUrl: null,
});
const nominees = [
  { entryId: 'en_aaaaaa1', work: work(1, 'Morning light') },
  { entryId: 'en_aaaaaa2', work: work(2, 'Tide') },
];
const reveal = (stage: 'nominees' | 'winner'): ShownReveal =>
  AwardReveal.parse({
    programmeId: 'spring-awards',
    eventId: 'gala',
    programmeTitle: { 'zh-CN': '春季大赛', en: 'Spring awards' },
    categoryId: 'painting',
    categoryTitle: { 'zh-CN': '绘画奖', en: 'Painting' },
    stage,
    nominees,
    winner: stage === 'winner' ? nominees[1] : null,
    at: '2026-01-01T00:00:00.000Z',
  }) as ShownReveal;

function renderWith(value: ShownReveal | null) {
  const view = render(
    <I18nProvider>
      <RevealAnnouncer reveal={value} />
    </I18nProvider>,
  );
  return {
    update: (next: ShownReveal | null) =>
      view.rerender(
        <I18nProvider>
          <RevealAnnouncer reveal={next} />
        </I18nProvider>,
      ),
    said: () => screen.getByTestId('reveal-announcer').textContent,
  };
}

describe('RevealAnnouncer', () => {
  it('is a polite live region in the page before any reveal, then reads the nominees and the winner', () => {
    const { update, said } = renderWith(null);
    const region = screen.getByTestId('reveal-announcer');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(said()).toBe('');
    update(reveal('nominees'));
    expect(said()).toBe('Painting, the nominees: Morning light, Tide');
    update(reveal('winner'));
    expect(said()).toBe('Painting, the winner: Tide');
    expect(screen.getByTestId('reveal-announcer')).toBe(region);
  });
});
