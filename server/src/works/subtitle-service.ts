import { createHash } from 'node:crypto';
import { InvalidStateError, NotFoundError, withSubtitles, type PublicUser, type SubtitleLang, type WorkMetadata, type WorkSubtitles } from '@yunzhan/shared';
import { authorize, can } from '../auth/policy';
import type { Store, WorkRecord } from '../db/store';
import { normaliseSubtitles, type SubtitleFormat } from './subtitle-vtt';

/** A subtitle file as the route received it. */
export interface SubtitleUpload {
  bytes: Uint8Array;
  /** From the Content-Type; undefined sniffs. */
  declared: SubtitleFormat | undefined;
  filename: string;
}

/** The metadata as last saved: a change held for review (or returned), else the approved one. */
export const latestMetadata = (work: WorkRecord): WorkMetadata => work.pendingChange?.metadata ?? work.metadata;

/**
 * The subtitles `user` may see of a work: its owner and admins the latest saved (the preview), so
 * a file shows to them at once; everyone else the approved ones only.
 */
export function subtitlesFor(user: PublicUser | null, work: WorkRecord): WorkSubtitles {
  return (can(user, 'work:update', { ownerId: work.ownerId }) ? latestMetadata(work).subtitles : work.metadata.subtitles) ?? {};
}

/** The languages of `subtitles` that have a file, in a fixed order (zh-CN first). */
export const subtitleLangs = (subtitles: WorkSubtitles): SubtitleLang[] => (['zh-CN', 'en'] as const).filter((l) => subtitles[l] !== undefined);

/**
 * Subtitles of video works. A file is a part of the work's metadata (`metadata.subtitles` names it
 * by hash), so it follows the metadata's rule: saved through `works.saveMetadata`, it is published
 * at once while visitors cannot see the work and otherwise held for an admin's review, in the same
 * queue and decision as the other fields. The WebVTT text is kept in the database
 * (`work_subtitles`): every node serves it, wherever the video's own files live.
 */
export class SubtitleService {
  constructor(private readonly store: Store) {}

  /** The work, if `user` may read it (NOT_FOUND otherwise) and edit it (FORBIDDEN), and it is a video. */
  private async editable(user: PublicUser | null, workId: string): Promise<WorkRecord> {
    const work = await this.store.works.get(workId);
    if (!work || !can(user, 'work:read', { ownerId: work.ownerId, isPublic: await this.store.works.isPublished(work.id) })) {
      if (!user) authorize(user, 'work:update');
      throw new NotFoundError('Work');
    }
    authorize(user, 'work:update', { ownerId: work.ownerId });
    if (work.kind !== 'video') throw new InvalidStateError('Only video works have subtitles');
    return work;
  }

  /** Saves `next` subtitles as the work's latest metadata (held or published) and drops files nothing names. */
  private async save(workId: string, change: (current: WorkSubtitles) => WorkSubtitles, beforeSave?: (tx: Store) => Promise<void>): Promise<WorkRecord> {
    return this.store.transaction(async (tx) => {
      const current = await tx.works.get(workId, { lock: 'update' });
      if (!current) throw new NotFoundError('Work');
      await beforeSave?.(tx);
      const latest = latestMetadata(current);
      const { work } = await tx.works.saveMetadata(workId, withSubtitles(latest, change(latest.subtitles ?? {})));
      const named = [work.metadata.subtitles, work.pendingChange?.metadata.subtitles].flatMap((s) => Object.values(s ?? {}).map((r) => r.sha256));
      await tx.subtitles.prune(workId, named);
      return work;
    });
  }

  /** Replaces a language's file of a video work (owner, admins) with the upload, normalised to WebVTT. */
  async put(user: PublicUser | null, workId: string, lang: SubtitleLang, upload: SubtitleUpload): Promise<WorkRecord> {
    await this.editable(user, workId);
    const { vtt, cues } = normaliseSubtitles(upload.bytes, upload.declared);
    const sha256 = createHash('sha256').update(vtt).digest('hex');
    const ref = { sha256, cues, bytes: Buffer.byteLength(vtt), filename: upload.filename.slice(0, 200) };
    return this.save(workId, (s) => ({ ...s, [lang]: ref }), (tx) => tx.subtitles.put(workId, sha256, vtt));
  }

  /** Removes a language's file of a video work (owner, admins); removing one there is not is no change. */
  async remove(user: PublicUser | null, workId: string, lang: SubtitleLang): Promise<WorkRecord> {
    await this.editable(user, workId);
    return this.save(workId, (s) => {
      const next = { ...s };
      delete next[lang];
      return next;
    });
  }

  /** The WebVTT text of a language that `user` may see, with its hash; null when there is none. */
  async vttFor(user: PublicUser | null, work: WorkRecord, lang: SubtitleLang): Promise<{ sha256: string; vtt: string } | null> {
    const ref = subtitlesFor(user, work)[lang];
    if (!ref) return null;
    const vtt = await this.store.subtitles.get(work.id, ref.sha256);
    return vtt === null ? null : { sha256: ref.sha256, vtt };
  }
}
