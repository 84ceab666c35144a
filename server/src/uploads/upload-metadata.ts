import { ValidationError } from '@yunzhan/shared';

/**
 * Longest `Upload-Metadata` header read, in bytes. What we keep (a file name of 255 characters,
 * a MIME type, a kind) takes under 1.5 KiB in base64; 4 KiB leaves room for what tus clients add.
 */
export const MAX_UPLOAD_METADATA_BYTES = 4096;

/**
 * Refuses an `Upload-Metadata` header over MAX_UPLOAD_METADATA_BYTES before tus splits and
 * decodes it (VALIDATION_FAILED). Within the limit it is parsed where it arrives: a few
 * kilobytes cost microseconds, and only the keys UploadMetadata names are kept.
 */
export function checkUploadMetadataHeader(value: string | string[] | undefined): void {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_UPLOAD_METADATA_BYTES) {
    throw new ValidationError(`Upload-Metadata is longer than ${MAX_UPLOAD_METADATA_BYTES} bytes`, { header: 'Upload-Metadata', bytes, maxBytes: MAX_UPLOAD_METADATA_BYTES });
  }
}
