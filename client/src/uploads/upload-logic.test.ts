import { describe, expect, it } from 'vitest';
import { formatBytes, parseThumbnailsVtt, percentOf, uploadErrorFrom } from './upload-logic';

/** A failed tus request as tus-js-client reports it. */
const failure = (status: number, body: string) => Object.assign(new Error('tus: unexpected response'), { originalResponse: { getStatus: () => status, getBody: () => body } });

describe('upload page logic', () => {
  it('formats sizes for people and percentages for progress bars', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(820 * 1024, 'en')).toBe('820 KB');
    expect(formatBytes(1.5 * 1024 ** 3, 'en')).toBe('1.5 GB');
    expect(formatBytes(8 * 1024 ** 3, 'en')).toBe('8 GB');
    expect(formatBytes(11_290_544, 'zh-CN')).toBe('11 MB');
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(5, 0)).toBe(0);
    expect(percentOf(7, 5)).toBe(100);
  });

  it('takes the server’s code from a refused upload', () => {
    const corrupt = uploadErrorFrom(failure(422, JSON.stringify({ error: { code: 'MEDIA_CORRUPT', message: 'cut off', details: { sizeBytes: 1 } } })));
    expect(corrupt.code).toBe('MEDIA_CORRUPT');
    expect(corrupt.details).toEqual({ sizeBytes: 1 });
    expect(uploadErrorFrom(failure(415, JSON.stringify({ error: { code: 'NOT_MEDIA', message: 'x' } }))).code).toBe('NOT_MEDIA');
  });

  it('falls back to the status, and to NETWORK when no response came', () => {
    expect(uploadErrorFrom(failure(403, 'Forbidden')).code).toBe('FORBIDDEN');
    expect(uploadErrorFrom(failure(413, 'Maximum size exceeded')).code).toBe('MEDIA_TOO_LARGE');
    expect(uploadErrorFrom(failure(502, '<html>')).code).toBe('INTERNAL');
    expect(uploadErrorFrom(new Error('tus: failed to upload chunk')).code).toBe('NETWORK');
  });

  it('reads the thumbnail track, resolving sprite sheets against the track URL', () => {
    const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nsprite-000.jpg#xywh=0,0,160,90\n\n01:00:01.000 --> 01:00:02.500\nsprite-001.jpg#xywh=160,90,160,90\n\nbad cue\n';
    expect(parseThumbnailsVtt(vtt, '/hls/abc/thumbnails.vtt')).toEqual([
      { start: 0, end: 1, image: '/hls/abc/sprite-000.jpg', x: 0, y: 0, width: 160, height: 90 },
      { start: 3601, end: 3602.5, image: '/hls/abc/sprite-001.jpg', x: 160, y: 90, width: 160, height: 90 },
    ]);
  });
});
