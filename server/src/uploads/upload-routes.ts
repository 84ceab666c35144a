import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { Router, type Request } from 'express';
import type { Logger } from 'pino';
import {
  AppError,
  AssetKind,
  DEFAULT_UPLOAD_LIMITS,
  MAX_IMAGE_BYTES,
  MAX_MODEL_BYTES,
  MediaRejectedError,
  NotFoundError,
  UPLOAD_ENDPOINT,
  UploadMetadata,
  declaredKindOf,
  validationErrorFrom,
  type PublicUser,
  type UploadLimits,
} from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import type { AssetService } from './asset-service';
import { checkUpload } from './upload-checks';
import { checkUploadMetadataHeader } from './upload-metadata';
import { mapTusError, tusRejection } from './tus-responses';

/** Options of the tus endpoint. */
export interface UploadRoutesOptions {
  sessions: SessionManager;
  assets: AssetService;
  /** Where tus keeps uploads: `<mediaDir>/uploads/`. */
  uploadsDir: string;
  /** Size and duration limits. Default DEFAULT_UPLOAD_LIMITS (8 GiB, 4 h). */
  limits?: Partial<UploadLimits>;
  logger: Logger;
  /** The router to add the endpoint's route to. Default: a new one. */
  router?: Router;
}

/** The tus endpoint and its data store (the sweeper of unfinished uploads uses the same store). */
export interface UploadEndpoint {
  /** The router the endpoint's route was added to (options.router, or one of its own). */
  router: Router;
  datastore: FileStore;
}

/** A new upload's id, which is also its asset id: 96 random bits, URL- and file-name-safe. */
const newUploadId = () => randomBytes(12).toString('base64url');

/** The signed-in user of a request with the session cookie in its `cookie` header. */
const userOf = (sessions: SessionManager, cookieHeader: string | null | undefined) => sessions.user(readCookie(cookieHeader ?? undefined, SESSION_COOKIE));

/**
 * `/api/uploads`: resumable uploads over the tus protocol (@tus/server, files in `uploadsDir`).
 * Hosts, curators and admins only; each upload belongs to its creator, and nobody else can see,
 * resume or end it. Metadata `filename`, `filetype` and the optional `kind` (video, image, model,
 * audio) are validated at creation (the header at most 4 KiB). When the last byte arrives the
 * file is checked as its kind (ffprobe for video and audio, sharp for images, the GLB header and
 * JSON chunk for models; the JSON of models and ffprobe's reports is parsed on a parse thread): a
 * refused one is deleted and the final PATCH answers with the refusal's code (`{ error: { code } }`,
 * status 413/415/422); an accepted one becomes an asset whose processing is queued (or which is
 * ready at once), and the final PATCH answers 200 with `{ asset }`.
 */
export function uploadRoutes(options: UploadRoutesOptions): UploadEndpoint {
  const { sessions, assets, uploadsDir, logger } = options;
  const limits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits };
  const datastore = new FileStore({ directory: uploadsDir });
  const tus = new TusServer({
    path: UPLOAD_ENDPOINT,
    datastore,
    maxSize: limits.maxBytes,
    relativeLocation: true,
    // Same origin only: tus would otherwise answer every origin with `Access-Control-Allow-Origin: *`.
    allowedOrigins: [],
    // An accepted upload is the source of its asset: it cannot be ended through tus.
    disableTerminationForFinishedUploads: true,
    namingFunction: () => newUploadId(),
    onResponseError: (_req, err) => mapTusError(err, (e) => logger.error({ err: e }, 'upload request failed')),
    async onUploadCreate(req, upload) {
      const user = await userOf(sessions, req.headers.get('cookie'));
      if (!user) throw tusRejection(new AppError('UNAUTHENTICATED', 'Sign in first'));
      const parsed = UploadMetadata.safeParse({
        filename: upload.metadata?.filename ?? '',
        filetype: upload.metadata?.filetype ?? '',
        ...(upload.metadata?.kind ? { kind: upload.metadata.kind } : {}),
      });
      if (!parsed.success) {
        const badType = parsed.error.issues.some((i) => i.path[0] === 'filetype' || i.path[0] === 'kind');
        throw tusRejection(badType ? new MediaRejectedError('NOT_MEDIA', 'Only video, image, GLB model and audio files can be uploaded') : validationErrorFrom(parsed.error));
      }
      const kind = declaredKindOf(parsed.data);
      const maxBytes = kind === 'model' ? MAX_MODEL_BYTES : kind === 'image' ? MAX_IMAGE_BYTES : limits.maxBytes;
      if (upload.size !== undefined && upload.size > maxBytes) {
        throw tusRejection(new MediaRejectedError('MEDIA_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, { sizeBytes: upload.size, maxBytes }));
      }
      // Only what we validated is kept, and the owner is ours to set, never the client's.
      return { metadata: { filename: parsed.data.filename, filetype: parsed.data.filetype, ownerId: user.id, ...(kind ? { kind } : {}) } };
    },
    async onUploadFinish(_req, upload) {
      const sourcePath = path.join(uploadsDir, upload.id);
      const log = logger.child({ upload: upload.id });
      try {
        const declared = AssetKind.safeParse(upload.metadata?.kind);
        const checked = await checkUpload(sourcePath, declared.success ? declared.data : undefined, limits);
        const asset = await assets.accept({
          ...checked,
          id: upload.id,
          ownerId: upload.metadata?.ownerId ?? '',
          filename: upload.metadata?.filename ?? upload.id,
          contentType: upload.metadata?.filetype ?? '',
          sizeBytes: upload.size ?? upload.offset,
          sourcePath,
        });
        log.info({ assetId: asset.id, kind: asset.kind }, 'upload accepted');
        return { status_code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ asset }) };
      } catch (err) {
        if (err instanceof MediaRejectedError) {
          log.info({ code: err.code, details: err.details }, 'upload refused');
          await datastore.remove(upload.id).catch((e: unknown) => log.error({ err: e }, 'could not delete a refused upload'));
          throw tusRejection(err);
        }
        log.error({ err }, 'upload could not be accepted');
        throw tusRejection(err instanceof AppError && err.code === 'MEDIA_UNAVAILABLE' ? err : new AppError('INTERNAL', 'The upload could not be processed'));
      }
    },
  });

  /** Checks who may touch this upload, then lets tus answer. */
  const handle = async (req: Request, user: PublicUser, id: string | undefined) => {
    if (id) {
      const upload = await datastore.getUpload(id).catch(() => undefined);
      // Someone else's upload does not exist, as far as this caller can tell.
      if (upload && upload.metadata?.ownerId !== user.id) throw new NotFoundError('Upload');
    }
    await tus.handle(req, req.res!);
  };

  const router = options.router ?? Router();
  router.all([UPLOAD_ENDPOINT, `${UPLOAD_ENDPOINT}/:id`], async (req, res) => {
    if (req.method === 'OPTIONS') return void (await tus.handle(req, res));
    const user = await userOf(sessions, req.headers.cookie);
    authorize(user, 'asset:upload');
    // Uploads are never downloaded: the transcoded output is what gets served.
    if (req.method === 'GET') throw new NotFoundError('Upload');
    if (req.method === 'POST') checkUploadMetadataHeader(req.headers['upload-metadata']);
    const id = (req.params as { id?: unknown }).id;
    await handle(req, user!, typeof id === 'string' ? id : undefined);
  });
  return { router, datastore };
}
