import { AwardId, EventId, ExhibitionId, WorkId, phaseAt, type LocalizedText, type WorkMedia } from '@yunzhan/shared';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { can } from '../auth/policy';
import { BlindEntries, makerNames, maskNames } from '../awards/blind-entries';
import type { Store } from '../db/store';
import { clip, siteCard, siteDescription, type CardLocale, type ShareCard } from './share-card';
import type { ShareStore, WorkCardRow } from './share-store';

/** Query parameter of an exhibition link that opens one work's panel (client/src/exhibition/deep-link.ts). */
const WORK_PARAM = 'work';
/** Smallest rendition width a preview wants, in pixels (chat apps show about 500 px wide). */
const PREVIEW_WIDTH = 512;

/** The picture of some media: the smallest rendition at least PREVIEW_WIDTH wide, else the largest; same-origin paths only. */
export function previewImage(media: WorkMedia): string | null {
  const images = [...media.images].filter((i) => i.url.startsWith('/') && !i.url.startsWith('//')).sort((a, b) => a.width - b.width);
  return (images.find((i) => i.width >= PREVIEW_WIDTH) ?? images.at(-1))?.url ?? null;
}

const text = (t: LocalizedText | null | undefined, locale: CardLocale) => (t ? (locale === 'en' && t.en.trim() ? t.en : t['zh-CN']) : '');

/**
 * Share cards: the page a link points to as a chat app's preview shows it, seen as an anonymous
 * visitor sees it through the API (the same policy: published exhibitions, works on show, events,
 * programmes past their draft; blind entries without their makers' names). Anything else, and any
 * failure, is the site's card: a draft's title never leaks, and a page never fails for its card.
 */
export class ShareService {
  private readonly blind: BlindEntries;

  constructor(
    private readonly deps: {
      shares: ShareStore;
      /** For blind award entries (BlindEntries, the one place that decides them). */
      store: Store;
      logger: Logger;
      /** Milliseconds since the epoch; award phases are derived from it. Default Date.now. */
      now?: () => number;
    },
  ) {
    this.blind = new BlindEntries(deps.store, deps.now);
  }

  /** The card of a client route (`/works/wk_x`, `/exhibitions/x?work=p`); the site's card when it has none. */
  async cardFor(path: string, search: URLSearchParams, locale: CardLocale): Promise<ShareCard> {
    const generic = siteCard(path, locale);
    const match = /^\/(events|exhibitions|works|awards)\/([^/]+)\/?$/.exec(path);
    if (!match) return generic;
    const [, kind, rawId] = match as unknown as [string, string, string];
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      return generic;
    }
    try {
      const card =
        kind === 'events'
          ? await this.event(id, locale)
          : kind === 'works'
            ? await this.work(id, locale)
            : kind === 'exhibitions'
              ? await this.exhibition(id, search.get(WORK_PARAM), locale)
              : await this.programme(id, locale);
      return card ?? generic;
    } catch (err) {
      this.deps.logger.warn({ err, path }, 'share card lookup failed; the site card stands in');
      return generic;
    }
  }

  private valid<T>(schema: z.ZodType<T>, id: string): T | null {
    const parsed = schema.safeParse(id);
    return parsed.success ? parsed.data : null;
  }

  private async event(rawId: string, locale: CardLocale): Promise<ShareCard | null> {
    const id = this.valid(EventId, rawId);
    const event = id ? await this.deps.shares.event(id) : null;
    if (!id || !event || !can(null, 'event:watch')) return null;
    return {
      title: clip(event.title, 120),
      description: clip(event.description) || siteDescription(locale),
      image: siteCard('', locale).image,
      path: `/events/${encodeURIComponent(id)}`,
      type: 'video.other',
      generic: false,
    };
  }

  private async work(rawId: string, locale: CardLocale, path?: string): Promise<ShareCard | null> {
    const id = this.valid(WorkId, rawId);
    const work = id ? await this.deps.shares.work(id) : null;
    if (!work || !can(null, 'work:read', { ownerId: work.ownerId, isPublic: work.onShow })) return null;
    return this.workCard(work, locale, path ?? `/works/${encodeURIComponent(work.id)}`);
  }

  private async workCard(work: WorkCardRow, locale: CardLocale, path: string): Promise<ShareCard> {
    let { title, description, label } = work.metadata;
    // A blind award entry being judged: its makers' names are withheld from texts, as the API does.
    if ((await this.blind.hiddenFrom(null, [work])).size > 0) {
      const names = makerNames(work.metadata);
      [title, description, label] = [maskNames(title, names), maskNames(description, names), maskNames(label, names)];
    }
    return {
      title: clip(text(title, locale), 120),
      description: clip(text(description, locale) || text(label, locale)) || siteDescription(locale),
      image: previewImage(work.media) ?? siteCard('', locale).image,
      path,
      type: 'article',
      generic: false,
    };
  }

  private async exhibition(rawId: string, placementId: string | null, locale: CardLocale): Promise<ShareCard | null> {
    const id = this.valid(ExhibitionId, rawId);
    const row = id ? await this.deps.shares.exhibition(id) : null;
    // Public once it has a published (approved) layout, as exhibition-view's isPublic says.
    if (!id || !row || !row.published || !can(null, 'exhibition:read', { ownerId: row.ownerId, isPublic: true })) return null;
    const path = `/exhibitions/${encodeURIComponent(id)}`;
    // A link to one work's panel (`?work=<placement>`) previews that work, if the published layout hangs it.
    const placement = placementId ? row.published.placements.find((p) => p.id === placementId) : undefined;
    if (placement) {
      const work = await this.deps.shares.work(placement.workId);
      if (work && work.onShow) return this.workCard(work, locale, `${path}?${WORK_PARAM}=${encodeURIComponent(placement.id)}`);
    }
    // The cover the lobby shows: the first placed image work's picture.
    const cover = row.published.placements.map((p) => row.images.get(p.workId)).find((m) => m && m.images.length > 0);
    return {
      title: clip(text(row.title, locale), 120),
      description: clip(text(row.summary, locale)) || siteDescription(locale),
      image: (cover && previewImage(cover)) ?? siteCard('', locale).image,
      path,
      type: 'website',
      generic: false,
    };
  }

  private async programme(rawId: string, locale: CardLocale): Promise<ShareCard | null> {
    const id = this.valid(AwardId, rawId);
    const row = id ? await this.deps.shares.programme(id) : null;
    // Drafts do not exist for anyone but admins (AwardAccess.visible); a card is for everyone.
    if (!id || !row || (phaseAt(row.schedule, (this.deps.now ?? Date.now)()) === 'draft' && !can(null, 'award:manage'))) return null;
    return {
      title: clip(text(row.title, locale), 120),
      description: clip(text(row.summary, locale)) || siteDescription(locale),
      image: siteCard('', locale).image,
      path: `/awards/${encodeURIComponent(id)}`,
      type: 'website',
      generic: false,
    };
  }
}
