import { ExhibitionLayout, LocalizedText } from '@yunzhan/shared';
import type { NewExhibition } from '../db/store';

// Test support: layouts and exhibitions to store.

/** A white-cube layout hanging each work on the partition wall. */
export const layoutPlacing = (...workIds: string[]): ExhibitionLayout =>
  ExhibitionLayout.parse({
    templateId: 'white-cube',
    lighting: 'warm',
    placements: workIds.map((workId, i) => ({
      id: `p${i + 1}`,
      workId,
      mount: 'wall',
      wallId: 'partition',
      side: 'front',
      u: 1.2 + i * 1.5,
      v: 1.5,
      width: 1,
      height: 0.8,
      rotationDeg: 0,
      label: 'right',
      spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
    })),
  });

/** A text in both languages. */
export const text = (en: string): LocalizedText => ({ 'zh-CN': `展 ${en}`, en });

/** A new draft exhibition `id` of `ownerId`, with `draft` as its layout. */
export const newExhibition = (id: string, ownerId: string, draft: ExhibitionLayout = layoutPlacing()): NewExhibition => ({
  id,
  title: text(id),
  summary: text(`${id} summary`),
  ownerId,
  status: 'draft',
  draft,
  revision: 0,
  published: null,
  review: null,
  publishedAt: null,
});
