import { ExhibitionView } from '@yunzhan/shared';
import { ClientError } from '../lib/client-error';
import { requestJson } from '../lib/http';

/** What `/exhibitions/<id>` shows, checked against the shared schema (defaults applied). */
export async function fetchExhibitionView(exhibitionId: string, preview: boolean): Promise<ExhibitionView> {
  const query = preview ? '?preview=draft' : '';
  const body = await requestJson<unknown>(`/api/exhibitions/${encodeURIComponent(exhibitionId)}/view${query}`);
  const parsed = ExhibitionView.safeParse(body);
  if (!parsed.success) throw new ClientError('SCENE_INVALID', parsed.error.message);
  return parsed.data;
}
