// `/exhibitions/<id>?work=<placementId>`: a link straight to one work, its panel open.

/** Query parameter naming the placement to open. */
export const WORK_PARAM = 'work';

const PLACEMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The placement a URL's query names, if it is a well-formed id of a placement in the hall. */
export function workFromSearch(search: string, placementIds: ReadonlySet<string>): string | null {
  const value = new URLSearchParams(search).get(WORK_PARAM);
  if (!value || !PLACEMENT_ID.test(value) || !placementIds.has(value)) return null;
  return value;
}

/** The query string with `work` set to `placementId`, or removed for null; other parameters kept. */
export function searchWithWork(search: string, placementId: string | null): string {
  const params = new URLSearchParams(search);
  if (placementId) params.set(WORK_PARAM, placementId);
  else params.delete(WORK_PARAM);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The absolute link to a work in an exhibition (for "copy link"). */
export function workLink(origin: string, exhibitionId: string, placementId: string): string {
  return `${origin}/exhibitions/${encodeURIComponent(exhibitionId)}?${WORK_PARAM}=${encodeURIComponent(placementId)}`;
}
