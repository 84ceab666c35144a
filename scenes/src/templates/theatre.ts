import { parseScene, type Scene } from '@yunzhan/shared';
import { THEATRE } from '../theatre';

/**
 * The live theatre in scene format v2: the v1 THEATRE migrated, so the two cannot drift apart,
 * with the bilingual name v1 had no room for. (Its nine lights are the v1 theatre's.)
 */
export const THEATRE_SCENE: Scene = { ...parseScene(THEATRE), name: { 'zh-CN': '剧场', en: 'Theatre' } };
