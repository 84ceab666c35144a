import type { AuditEntry } from '@yunzhan/shared';

// The audit log arrives oldest first in pages (`?after=<id>&limit=`); the page shows it newest
// first. These keep the loaded lines in that order without duplicates.

/** Lines per page requested from the server. */
export const AUDIT_PAGE_SIZE = 50;

/** The loaded lines plus a new page: one line per id, newest (highest id) first. */
export function mergeAudit(loaded: readonly AuditEntry[], page: readonly AuditEntry[]): AuditEntry[] {
  const byId = new Map<number, AuditEntry>();
  for (const line of [...loaded, ...page]) byId.set(line.id, line);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** The `after` cursor for the next page: the highest id loaded, or 0 before any. */
export function auditCursor(loaded: readonly AuditEntry[]): number {
  return loaded.reduce((max, line) => Math.max(max, line.id), 0);
}

/** A short, readable form of a line's `detail` (JSON, cut to `max` characters). */
export function auditDetailText(detail: unknown, max = 160): string {
  if (detail === null || detail === undefined) return '';
  let text: string;
  try {
    text = typeof detail === 'string' ? detail : JSON.stringify(detail);
  } catch {
    text = String(detail);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Reads pages after `after` until one comes back short (the end of the log) or `maxPages` were
 * read. `more` says the log may go on (the page cap was reached).
 */
export async function readAuditPages(fetchPage: (after: number, limit: number) => Promise<AuditEntry[]>, after: number, maxPages = 20, limit = AUDIT_PAGE_SIZE): Promise<{ lines: AuditEntry[]; more: boolean }> {
  let lines: AuditEntry[] = [];
  let cursor = after;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor, limit);
    lines = mergeAudit(lines, page);
    if (page.length < limit) return { lines, more: false };
    cursor = Math.max(cursor, auditCursor(page));
  }
  return { lines, more: true };
}
