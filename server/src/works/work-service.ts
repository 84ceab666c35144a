import type { Logger } from 'pino';
import { InvalidStateError, NotFoundError, ValidationError, type CreateWorkInput, type PublicUser, type ReviewInput, type UpdateWorkInput } from '@yunzhan/shared';
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

  /** An asset of `user` usable as `field` of a work: theirs, of `kind`, not failed. */
  private async ownAsset(user: PublicUser, id: string, kind: AssetRecord['kind'], field: string): Promise<AssetRecord> {
    const asset = await this.options.store.assets.get(id);
    // Someone else's upload does not exist, as far as the caller can tell.
    if (!asset || asset.ownerId !== user.id) throw fieldError(field, 'no upload of yours has this id');
    if (asset.kind !== kind) throw fieldError(field === 'assetId' ? 'kind' : field, `the upload is a ${asset.kind} file, not ${kind}`);
    if (asset.status === 'failed') throw fieldError(field, 'processing of this upload failed');
    return asset;
  }

  /** Catalogues an uploaded asset of the caller as a new work. */
  async create(user: PublicUser, input: CreateWorkInput): Promise<WorkRecord> {
    const source = await this.ownAsset(user, input.assetId, input.kind, 'assetId');
    const guide = input.audioGuideAssetId ? await this.ownAsset(user, input.audioGuideAssetId, 'audio', 'audioGuideAssetId') : null;
    const derived = deriveMedia(source, guide);
    return this.options.store.works.create(
      {
        id: newWorkId(),
        kind: input.kind,
        metadata: input.metadata,
        assetId: source.id,
        audioGuideAssetId: guide?.id ?? null,
        ownerId: user.id,
        ...derived,
      },
      new Date().getUTCFullYear(),
    );
  }

  /**
   * Changes a work's metadata (held for review while visitors can see the work, see
   * `saveMetadata`) or audio guide (the guide must be an audio upload of the caller).
   */
  async update(user: PublicUser, work: WorkRecord, input: UpdateWorkInput): Promise<WorkRecord> {
    const { store } = this.options;
    let guideId = work.audioGuideAssetId;
    if (input.audioGuideAssetId !== undefined) {
      guideId = input.audioGuideAssetId ? (await this.ownAsset(user, input.audioGuideAssetId, 'audio', 'audioGuideAssetId')).id : null;
    }
    const source = await store.assets.get(work.assetId);
    if (!source) throw new NotFoundError('Asset');
    const guide = guideId ? await store.assets.get(guideId) : null;
    if (input.metadata) await store.works.saveMetadata(work.id, input.metadata);
    return store.works.update(work.id, { audioGuideAssetId: guideId, ...deriveMedia(source, guide) });
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

  /** Brings every work made from (or guided by) this asset up to date with it. */
  async assetChanged(assetId: string): Promise<void> {
    const { store } = this.options;
    for (const work of await store.works.byAsset(assetId)) {
      const source = await store.assets.get(work.assetId);
      if (!source) continue;
      const guide = work.audioGuideAssetId ? await store.assets.get(work.audioGuideAssetId) : null;
      const derived = deriveMedia(source, guide);
      if (derived.status === work.status && derived.audioGuide === work.audioGuide && JSON.stringify(derived.media) === JSON.stringify(work.media)) continue;
      await store.works.update(work.id, derived);
    }
  }
}
