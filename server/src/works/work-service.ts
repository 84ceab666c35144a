import type { Logger } from 'pino';
import { InvalidStateError, NotFoundError, ValidationError, withSubtitles, type CreateWorkInput, type PublicUser, type ReviewInput, type UpdateWorkInput } from '@yunzhan/shared';
import type { AssetRecord, Store, WorkRecord } from '../db/store';
import { newWorkId } from './work-store';
import { deriveMedia } from './work-media';

/** A VALIDATION_FAILED naming one field, the shape `parseOrThrow` gives. */
const fieldError = (path: string, message: string) => new ValidationError(`Invalid ${path}: ${message}`, { issues: [{ path, message }] });

/**
 * The catalogue: creates works from the caller's own uploads (catalogue numbers allocated by the
 * store), edits their metadata and audio guide, and keeps each work's media and status in step
 * with its assets as they are processed. Metadata visitors can see changes only through review:
 * the store holds such an edit until an admin approves it (review) and publishes it then.
 */
export class WorkService {
  constructor(private readonly options: { store: Store; logger: Logger }) {}

  /**
   * An asset of `user` usable as `field` of a work: theirs, of `kind`, not failed. Read through
   * `tx` and share-locked: its processing cannot change it before the work that uses it commits
   * (so the update after processing, and `assetChanged` after that, find the work).
   */
  private async ownAsset(tx: Store, user: PublicUser, id: string, kind: AssetRecord['kind'], field: string): Promise<AssetRecord> {
    const asset = await tx.assets.get(id, { lock: 'share' });
    // Someone else's upload does not exist, as far as the caller can tell.
    if (!asset || asset.ownerId !== user.id) throw fieldError(field, 'no upload of yours has this id');
    if (asset.kind !== kind) throw fieldError(field === 'assetId' ? 'kind' : field, `the upload is a ${asset.kind} file, not ${kind}`);
    if (asset.status === 'failed') throw fieldError(field, 'processing of this upload failed');
    return asset;
  }

  /** Catalogues an uploaded asset of the caller as a new work. */
  async create(user: PublicUser, input: CreateWorkInput): Promise<WorkRecord> {
    return this.options.store.transaction(async (tx) => {
      const source = await this.ownAsset(tx, user, input.assetId, input.kind, 'assetId');
      const guide = input.audioGuideAssetId ? await this.ownAsset(tx, user, input.audioGuideAssetId, 'audio', 'audioGuideAssetId') : null;
      const derived = deriveMedia(source, guide);
      return tx.works.create(
        {
          id: newWorkId(),
          kind: input.kind,
          // Subtitles come only through their own route (SubtitleService), once the work exists.
          metadata: withSubtitles(input.metadata, undefined),
          assetId: source.id,
          audioGuideAssetId: guide?.id ?? null,
          ownerId: user.id,
          ...derived,
        },
        new Date().getUTCFullYear(),
      );
    });
  }

  /**
   * Changes a work's metadata (held for review while visitors can see the work, see
   * `saveMetadata`) or audio guide (the guide must be an audio upload of the caller). The work is
   * read again locked and its assets share-locked, so media derived here are never older than
   * what `assetChanged` wrote.
   */
  async update(user: PublicUser, work: WorkRecord, input: UpdateWorkInput): Promise<WorkRecord> {
    return this.options.store.transaction(async (tx) => {
      const current = await tx.works.get(work.id, { lock: 'update' });
      if (!current) throw new NotFoundError('Work');
      let guideId = current.audioGuideAssetId;
      if (input.audioGuideAssetId !== undefined) {
        guideId = input.audioGuideAssetId ? (await this.ownAsset(tx, user, input.audioGuideAssetId, 'audio', 'audioGuideAssetId')).id : null;
      }
      const source = await tx.assets.get(current.assetId, { lock: 'share' });
      if (!source) throw new NotFoundError('Asset');
      const guide = guideId ? await tx.assets.get(guideId, { lock: 'share' }) : null;
      // The subtitles stay as last saved (they change only through SubtitleService).
      const subtitles = (current.pendingChange?.metadata ?? current.metadata).subtitles;
      if (input.metadata) await tx.works.saveMetadata(current.id, withSubtitles(input.metadata, subtitles));
      return tx.works.update(current.id, { audioGuideAssetId: guideId, ...deriveMedia(source, guide) });
    });
  }

  /** An admin's decision on a work's pending metadata change; INVALID_STATE when none is pending. */
  async review(reviewer: PublicUser, workId: string, input: ReviewInput): Promise<WorkRecord> {
    const { store } = this.options;
    const note = { decision: input.decision, comment: input.comment, reviewerId: reviewer.id, at: new Date().toISOString() };
    const decided = await store.works.reviewMetadata(workId, note);
    if (decided) return decided;
    if (!(await store.works.get(workId))) throw new NotFoundError('Work');
    throw new InvalidStateError('The work has no metadata change waiting for review');
  }

  /**
   * Brings every work made from (or guided by) this asset up to date with it: each in a
   * transaction of its own that reads the work locked, then its assets, and writes.
   */
  async assetChanged(assetId: string): Promise<void> {
    const { store } = this.options;
    for (const { id } of await store.works.byAsset(assetId)) {
      await store.transaction(async (tx) => {
        const work = await tx.works.get(id, { lock: 'update' });
        if (!work) return;
        const source = await tx.assets.get(work.assetId);
        if (!source) return;
        const guide = work.audioGuideAssetId ? await tx.assets.get(work.audioGuideAssetId) : null;
        const derived = deriveMedia(source, guide);
        if (derived.status === work.status && derived.audioGuide === work.audioGuide && JSON.stringify(derived.media) === JSON.stringify(work.media)) return;
        await tx.works.update(work.id, derived);
      });
    }
  }
}
