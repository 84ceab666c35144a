import { describe, expect, it } from 'vitest';
import { WorkMetadata } from '@yunzhan/shared';
import { metadataDiff } from './metadata-diff';

const base = WorkMetadata.parse({
  title: { 'zh-CN': '山水', en: 'Landscape' },
  creator: '甲',
  date: '1936',
  dimensions: { widthCm: 80, heightCm: 60 },
  label: { 'zh-CN': '旧展签', en: '' },
  rights: { holder: '甲', licence: 'cc-by' },
});

describe('metadataDiff', () => {
  it('lists only the fields a change touches, in form order, both versions as text', () => {
    const proposed = WorkMetadata.parse({ ...base, label: { 'zh-CN': '新展签', en: 'New label' }, date: 'c. 1936', dimensions: { widthCm: 80, heightCm: 60, depthCm: 4 } });
    expect(metadataDiff(base, proposed)).toEqual([
      { field: 'date', now: '1936', proposed: 'c. 1936' },
      { field: 'dimensions', now: '80 × 60 cm', proposed: '80 × 60 × 4 cm' },
      { field: 'label', now: '旧展签', proposed: '新展签 / New label' },
    ]);
  });

  it('shows a field that was added or removed with an empty side, and nothing for no change', () => {
    const withMedium = WorkMetadata.parse({ ...base, medium: { 'zh-CN': '水墨', en: 'Ink' } });
    expect(metadataDiff(base, withMedium)).toEqual([{ field: 'medium', now: '', proposed: '水墨 / Ink' }]);
    expect(metadataDiff(withMedium, base)).toEqual([{ field: 'medium', now: '水墨 / Ink', proposed: '' }]);
    expect(metadataDiff(base, WorkMetadata.parse(base))).toEqual([]);
  });
});
