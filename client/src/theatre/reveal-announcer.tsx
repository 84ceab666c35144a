import { LiveAnnouncement } from '../app/live-announcer';
import type { ShownReveal } from '../awards/reveal-state';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';

/**
 * Tells screen readers what the award reveal puts on screen (issue 12, scope item 5): the
 * nominees of a category, then its winner. The region is always in the theatre, so the first
 * reveal is read too (a live region mounted together with its text often is not); the overlay
 * itself is not a live region.
 */
export function RevealAnnouncer({ reveal }: { reveal: ShownReveal | null }) {
  const { t, locale } = useI18n();
  let text = '';
  if (reveal) {
    const category = localized(reveal.categoryTitle, locale);
    text =
      reveal.stage === 'winner' && reveal.winner
        ? t('awards.announce.winner', { category, title: localized(reveal.winner.work.title, locale) })
        : t('awards.announce.nominees', { category, titles: reveal.nominees.map((n) => localized(n.work.title, locale)).join(locale === 'en' ? ', ' : '、') });
  }
  return <LiveAnnouncement text={text} testId="reveal-announcer" />;
}
