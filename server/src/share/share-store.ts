import { AwardSchedule, ExhibitionLayout, LocalizedText, WorkMedia, WorkMetadata } from '@yunzhan/shared';
import type { Db } from '../db/database';

// What a share card reads: one query per page, by primary key (with the index on published_works
// for a work's "is it on show"), only the columns a card shows. Rows that no longer parse read as
// missing, so the page falls back to the site's card instead of failing.

/** An event as its card shows it. */
export interface EventCardRow {
  title: string;
  description: string;
}

/** A work as its card shows it: the approved metadata, its media, and whether it hangs in a published exhibition. */
export interface WorkCardRow {
  id: string;
  ownerId: string;
  metadata: WorkMetadata;
  media: WorkMedia;
  onShow: boolean;
}

/** An exhibition as its card shows it, with the media of the image works its published layout hangs. */
export interface ExhibitionCardRow {
  ownerId: string;
  /** The approved title and summary (edits awaiting review live in other columns). */
  title: LocalizedText;
  summary: LocalizedText | null;
  published: ExhibitionLayout | null;
  /** Media of the exhibition's published image works, by work id. */
  images: Map<string, WorkMedia>;
}

/** An award programme as its card shows it. */
export interface ProgrammeCardRow {
  title: LocalizedText;
  summary: LocalizedText | null;
  schedule: AwardSchedule;
}

/** The reads behind share cards. */
export interface ShareStore {
  event(id: string): Promise<EventCardRow | null>;
  work(id: string): Promise<WorkCardRow | null>;
  exhibition(id: string): Promise<ExhibitionCardRow | null>;
  programme(id: string): Promise<ProgrammeCardRow | null>;
}

const TEXT = LocalizedText(4000);

function json<T>(text: string | null, parse: (value: unknown) => T): T | null {
  if (text === null) return null;
  try {
    return parse(JSON.parse(text));
  } catch {
    return null;
  }
}

/** The share store on the server's database (SQLite or PostgreSQL; the queries are the same). */
export function shareStore(db: Db): ShareStore {
  return {
    async event(id) {
      const r = await db.selectFrom('events').select(['title', 'description']).where('id', '=', id).executeTakeFirst();
      return r ?? null;
    },

    async work(id) {
      const r = await db
        .selectFrom('works as w')
        .select((eb) => [
          'w.id',
          'w.owner_id',
          'w.metadata',
          'w.media',
          eb.exists(eb.selectFrom('published_works as pw').select('pw.work_id').whereRef('pw.work_id', '=', 'w.id')).as('on_show'),
        ])
        .where('w.id', '=', id)
        .executeTakeFirst();
      if (!r) return null;
      const metadata = json(r.metadata, (v) => WorkMetadata.parse(v));
      if (!metadata) return null;
      const media = json(r.media, (v) => WorkMedia.parse(v)) ?? WorkMedia.parse({});
      // SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
      return { id: r.id, ownerId: r.owner_id, metadata, media, onShow: Boolean(r.on_show) };
    },

    async exhibition(id) {
      // The exhibition and, joined, its published image works: one round trip on the primary keys.
      const rows = await db
        .selectFrom('exhibitions as e')
        .leftJoin('published_works as pw', 'pw.exhibition_id', 'e.id')
        .leftJoin('works as w', (join) => join.onRef('w.id', '=', 'pw.work_id').on('w.kind', '=', 'image'))
        .select(['e.owner_id', 'e.title', 'e.summary', 'e.published', 'w.id as work_id', 'w.media'])
        .where('e.id', '=', id)
        .execute();
      const first = rows[0];
      const title = first ? json(first.title, (v) => TEXT.parse(v)) : null;
      if (!first || !title) return null;
      const images = new Map<string, WorkMedia>();
      for (const r of rows) {
        const media = r.work_id ? json(r.media, (v) => WorkMedia.parse(v)) : null;
        if (r.work_id && media) images.set(r.work_id, media);
      }
      return {
        ownerId: first.owner_id,
        title,
        summary: json(first.summary, (v) => TEXT.parse(v)),
        published: json(first.published, (v) => ExhibitionLayout.parse(v)),
        images,
      };
    },

    async programme(id) {
      const r = await db.selectFrom('award_programmes').select(['title', 'summary', 'schedule']).where('id', '=', id).executeTakeFirst();
      if (!r) return null;
      const title = json(r.title, (v) => TEXT.parse(v));
      const schedule = json(r.schedule, (v) => AwardSchedule.parse(v));
      if (!title || !schedule) return null;
      return { title, summary: json(r.summary, (v) => TEXT.parse(v)), schedule };
    },
  };
}
