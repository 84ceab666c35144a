import type { Work } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { filterWorks, isSameOriginPath, largestRendition, localizedText, mergeWork, smallestRendition, thumbnailOf, workProgress } from './work-library';

const rendition = (width: number, height: number) => ({ width, height, url: `/media/as_1/${width}.webp`, bytes: width * 10 });
const media = (images = [rendition(1024, 512), rendition(256, 128)]) => ({ images, hls: null, model: null, audio: null, width: null, height: null });
type Listed = Pick<Work, 'kind' | 'metadata' | 'catalogueNumber'>;
const listed = (kind: Work['kind'], zh: string, en: string, creator: string, n: string): Listed => ({
  kind,
  catalogueNumber: `YZ-2025-${n}`,
  metadata: { title: { 'zh-CN': zh, en }, creator, date: '', rights: { holder: 'h', licence: 'cc0', credit: '' } },
});

describe('localized text', () => {
  it('shows the current language and falls back to zh-CN when English is blank', () => {
    expect(localizedText({ 'zh-CN': '山水', en: 'Landscape' }, 'en')).toBe('Landscape');
    expect(localizedText({ 'zh-CN': '山水', en: '  ' }, 'en')).toBe('山水');
    expect(localizedText({ 'zh-CN': '山水', en: 'Landscape' }, 'zh-CN')).toBe('山水');
    expect(localizedText(undefined, 'en')).toBe('');
  });
});

describe('thumbnails and previews', () => {
  it('uses the smallest image for thumbnails and the largest for previews', () => {
    expect(smallestRendition(media().images)?.width).toBe(256);
    expect(largestRendition(media().images)?.width).toBe(1024);
    expect(smallestRendition([])).toBeNull();
    expect(thumbnailOf({ kind: 'image', media: media() })).toBe('/media/as_1/256.webp');
  });

  it('uses the poster for videos and an icon (null) for models and audio', () => {
    expect(thumbnailOf({ kind: 'video', media: media([]) }, { hls: { master: '/hls/m.m3u8', poster: '/hls/p.jpg', thumbnails: '/hls/t.vtt' } })).toBe('/hls/p.jpg');
    expect(thumbnailOf({ kind: 'model', media: media() })).toBeNull();
    expect(thumbnailOf({ kind: 'audio', media: media() })).toBeNull();
    expect(thumbnailOf({ kind: 'image', media: media([]) })).toBeNull();
  });

  it('loads only same-origin paths', () => {
    expect(isSameOriginPath('/media/a.webp')).toBe(true);
    expect(isSameOriginPath('//evil.example/a.webp')).toBe(false);
    expect(isSameOriginPath('https://evil.example/a.webp')).toBe(false);
    expect(isSameOriginPath(null)).toBe(false);
    expect(thumbnailOf({ kind: 'image', media: media([{ ...rendition(8, 8), url: 'javascript:alert(1)' }]) })).toBeNull();
  });
});

describe('processing state', () => {
  it('shows the live progress of a processing work from its asset', () => {
    expect(workProgress({ status: 'processing' }, { status: 'processing', progress: 41.7, error: null })).toEqual({ status: 'processing', percent: 41, error: null });
    expect(workProgress({ status: 'processing' }, null)).toEqual({ status: 'processing', percent: 0, error: null });
  });

  it('shows the failure code of the asset, or a generic one', () => {
    const error = { code: 'MEDIA_CORRUPT' as const, message: 'bad' };
    expect(workProgress({ status: 'processing' }, { status: 'failed', progress: 10, error })).toEqual({ status: 'failed', percent: 10, error });
    expect(workProgress({ status: 'failed' }, null).error?.code).toBe('TRANSCODE_FAILED');
  });

  it('trusts a work that is already ready over a stale asset', () => {
    expect(workProgress({ status: 'ready' }, { status: 'processing', progress: 5, error: null })).toEqual({ status: 'ready', percent: 100, error: null });
  });
});

describe('filtering the library', () => {
  const works = [listed('image', '山水', 'Landscape', '齐白石', '000001'), listed('video', '夜', '', 'Ｌｉ Ｍｉｎｇ', '000002'), listed('model', '瓶', 'Vase', 'Anon', '000003')];

  it('filters by kind', () => {
    expect(filterWorks(works, { kind: 'video', query: '' })).toEqual([works[1]]);
    expect(filterWorks(works, { kind: 'all', query: '  ' })).toHaveLength(3);
  });

  it('searches titles in both languages, creators and catalogue numbers, ignoring case and width', () => {
    expect(filterWorks(works, { kind: 'all', query: 'landscape' })).toEqual([works[0]]);
    expect(filterWorks(works, { kind: 'all', query: '瓶' })).toEqual([works[2]]);
    expect(filterWorks(works, { kind: 'all', query: 'li ming' })).toEqual([works[1]]);
    expect(filterWorks(works, { kind: 'all', query: '000003' })).toEqual([works[2]]);
    expect(filterWorks(works, { kind: 'image', query: 'vase' })).toEqual([]);
  });
});

describe('merging works', () => {
  it('adds new works first and never replaces a newer copy with an older one', () => {
    const a = { id: 'wk_aaaaaa', updatedAt: '2025-01-02' };
    const b = { id: 'wk_bbbbbb', updatedAt: '2025-01-01' };
    expect(mergeWork([a], b)).toEqual([b, a]);
    expect(mergeWork([a], { ...a, updatedAt: '2025-01-01' })).toEqual([a]);
    expect(mergeWork([a], { ...a, updatedAt: '2025-01-03' })[0]?.updatedAt).toBe('2025-01-03');
  });
});
