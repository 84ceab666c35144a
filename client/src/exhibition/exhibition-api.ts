import { ExhibitionView } from '@yunzhan/shared';
import { fetchJson } from '../data/fetch-json';

/** What `/exhibitions/<id>` shows, checked against the shared schema (defaults applied). */
export async function fetchExhibitionView(exhibitionId: string, preview: boolean): Promise<ExhibitionView> {
  const query = preview ? '?preview=draft' : '';
  return fetchJson(`/api/exhibitions/${encodeURIComponent(exhibitionId)}/view${query}`, ExhibitionView);
}
