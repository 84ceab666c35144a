import { ClientError } from '../lib/client-error';
import { requestJson, type RequestInit } from '../lib/http';

/** One problem zod found in an answer (the parts of a zod issue this layer reads). */
export interface SchemaIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
}

/**
 * What the data layer needs of a response schema: a zod schema from @yunzhan/shared fits. (The
 * client does not import zod itself; the shared package owns it.)
 */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

/**
 * A schema, or a function that loads one. Pages in the entry bundle (the lobby, the session
 * check) pass a loader, so that zod and the shared schemas arrive in their own chunk, fetched
 * side by side with the answer, and stay out of the up-front JS.
 */
export type SchemaSource<T> = ResponseSchema<T> | (() => Promise<ResponseSchema<T>>);

/** An answer with no body (204): the schema for endpoints that answer nothing. */
export const NO_CONTENT: ResponseSchema<undefined> = {
  safeParse: (data) =>
    data === undefined || data === null || (typeof data === 'object' && Object.keys(data).length === 0)
      ? { success: true, data: undefined }
      : { success: false, error: { issues: [{ path: [], message: 'expected no content' }] } },
};

/**
 * Parses `body` with `schema`. A mismatch is logged with the URL and zod's issues, and thrown as
 * a ClientError BAD_RESPONSE (never retried) that the page shows through its error UI.
 */
export function parseResponse<T>(schema: ResponseSchema<T>, body: unknown, url: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, ...(i.code ? { code: i.code } : {}) }));
  console.error(`BAD_RESPONSE from ${url}`, issues);
  throw new ClientError('BAD_RESPONSE', `the answer from ${url} does not match its schema`, { url, issues });
}

/**
 * The one way the client reads the API: sends the request (lib/http.ts) and parses EVERY answer,
 * success bodies included, with its shared zod schema. Errors keep the one wire shape
 * `{ error: { code, message, details? } }` and arrive as ClientError.
 */
export async function fetchJson<T>(path: string, schema: SchemaSource<T>, init: RequestInit = {}): Promise<T> {
  // Start loading a lazy schema before the request goes out, so both travel at once.
  const loading = typeof schema === 'function' ? schema() : Promise.resolve(schema);
  loading.catch(() => undefined);
  const body = await requestJson(path, init);
  let resolved: ResponseSchema<T>;
  try {
    resolved = await loading;
  } catch (error) {
    throw new ClientError('NETWORK', `could not load the schema for ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseResponse(resolved, body, path);
}
