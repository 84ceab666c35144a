import { Asset, UPLOAD_ENDPOINT, type AssetKind } from '@yunzhan/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Upload, defaultOptions, type PreviousUpload } from 'tus-js-client';
import type { ClientError } from '../lib/client-error';
import { uploadErrorFrom } from './upload-logic';

/** Where an upload stands. */
export type UploadPhase = 'idle' | 'uploading' | 'paused' | 'done' | 'error';

/** One file being sent. */
export interface UploadState {
  phase: UploadPhase;
  filename: string | null;
  bytesSent: number;
  bytesTotal: number;
  /** This upload continues an earlier one of the same file (after a reload or a lost connection). */
  resumed: boolean;
  /** The asset id (= tus upload id) once the server has created the upload. */
  assetId: string | null;
  /** The asset the final response carried (processing), when it carried one. */
  asset: Asset | null;
  error: ClientError | null;
}

/** An upload this browser started and did not finish (tus fingerprint storage). */
export interface UnfinishedUpload {
  filename: string;
  size: number | null;
}

/** How a file is declared to the server; defaults keep the video upload page's behaviour. */
export interface UploadOptions {
  /** What the file is meant to be (`kind` in the tus metadata). Default: the server decides from the type. */
  kind?: AssetKind;
  /** MIME type to declare. Default: the browser's `file.type`. */
  filetype?: string;
}

/** Bytes per PATCH: small enough that a cut connection loses little, large enough to be cheap. */
const CHUNK_BYTES = 16 * 1024 * 1024;
/** Waits before each retry after a network failure, in ms (tus resumes from the server's offset). */
const RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000];

const IDLE: UploadState = { phase: 'idle', filename: null, bytesSent: 0, bytesTotal: 0, resumed: false, assetId: null, asset: null, error: null };

const idOfUrl = (url: string | null) => (url ? decodeURIComponent(url.split('/').filter(Boolean).pop() ?? '') || null : null);

/** The asset a successful final response carries (`{ asset }`), if it does. */
function assetOfBody(body: string): Asset | null {
  try {
    const parsed = Asset.safeParse((JSON.parse(body) as { asset?: unknown }).asset);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Unfinished uploads remembered by this browser, newest first. */
export async function findUnfinishedUploads(): Promise<UnfinishedUpload[]> {
  const all = await defaultOptions.urlStorage.findAllUploads().catch(() => [] as PreviousUpload[]);
  return [...all]
    .sort((a, b) => b.creationTime.localeCompare(a.creationTime))
    .map((p) => ({ filename: p.metadata.filename ?? '', size: p.size }))
    .filter((u) => u.filename);
}

/**
 * Sends a file to `/api/uploads` with tus-js-client: progress as it goes, pause and resume, retries
 * after network failures from the offset the server has, and, when the same file is picked again
 * after a reload or a lost connection, a resume of the earlier upload (its fingerprint is kept in
 * localStorage until the upload succeeds). A refusal carries the server's code.
 */
export function useTusUpload() {
  const [state, setState] = useState<UploadState>(IDLE);
  const uploadRef = useRef<Upload | null>(null);

  useEffect(
    () => () => {
      // Leaving the page pauses: the upload can be resumed later with the same file.
      void uploadRef.current?.abort();
      uploadRef.current = null;
    },
    [],
  );

  const start = useCallback(async (file: File, options: UploadOptions = {}) => {
    await uploadRef.current?.abort();
    setState({ ...IDLE, phase: 'uploading', filename: file.name, bytesTotal: file.size });
    const metadata: Record<string, string> = { filename: file.name, filetype: options.filetype ?? file.type };
    if (options.kind) metadata.kind = options.kind;
    const upload: Upload = new Upload(file, {
      endpoint: UPLOAD_ENDPOINT,
      metadata,
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      removeFingerprintOnSuccess: true,
      onUploadUrlAvailable: () => setState((s) => ({ ...s, assetId: idOfUrl(upload.url) })),
      onProgress: (bytesSent, bytesTotal) => {
        if (uploadRef.current === upload) setState((s) => ({ ...s, bytesSent, bytesTotal }));
      },
      onSuccess: ({ lastResponse }) => {
        if (uploadRef.current !== upload) return;
        setState((s) => ({ ...s, phase: 'done', bytesSent: s.bytesTotal, assetId: idOfUrl(upload.url), asset: assetOfBody(lastResponse.getBody()) }));
      },
      onError: (error) => {
        if (uploadRef.current !== upload) return;
        setState((s) => ({ ...s, phase: 'error', error: uploadErrorFrom(error) }));
      },
    });
    uploadRef.current = upload;
    const previous = await upload.findPreviousUploads().catch(() => [] as PreviousUpload[]);
    const latest = [...previous].sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
    if (uploadRef.current !== upload) return;
    if (latest) {
      // tus asks the server for its offset (HEAD) and sends only the rest.
      upload.resumeFromPreviousUpload(latest);
      setState((s) => ({ ...s, resumed: true }));
    }
    upload.start();
  }, []);

  const pause = useCallback(() => {
    const upload = uploadRef.current;
    if (!upload) return;
    void upload.abort();
    setState((s) => (s.phase === 'uploading' ? { ...s, phase: 'paused' } : s));
  }, []);

  const resume = useCallback(() => {
    const upload = uploadRef.current;
    if (!upload) return;
    setState((s) => (s.phase === 'paused' || s.phase === 'error' ? { ...s, phase: 'uploading', error: null } : s));
    upload.start();
  }, []);

  const reset = useCallback(() => {
    void uploadRef.current?.abort();
    uploadRef.current = null;
    setState(IDLE);
  }, []);

  return { state, start, pause, resume, reset };
}
