import type { AuditEntry } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { auditCursor, auditDetailText, mergeAudit, readAuditPages } from './audit-log';

const line = (id: number): AuditEntry => ({ id, at: `2026-03-10T00:00:0${id % 10}Z`, actorId: 'u1', action: 'score-draft', entryId: null, categoryId: null, detail: { n: id } });

describe('the audit log pages', () => {
  it('shows lines newest first, whatever order the pages arrive in', () => {
    const first = mergeAudit([], [line(1), line(2), line(3)]);
    expect(first.map((l) => l.id)).toEqual([3, 2, 1]);
    expect(mergeAudit(first, [line(4), line(5)]).map((l) => l.id)).toEqual([5, 4, 3, 2, 1]);
  });

  it('never shows a line twice when pages overlap', () => {
    expect(mergeAudit([line(2), line(1)], [line(2), line(3)]).map((l) => l.id)).toEqual([3, 2, 1]);
  });

  it('asks for the lines after the newest loaded', () => {
    expect(auditCursor([])).toBe(0);
    expect(auditCursor([line(7), line(3)])).toBe(7);
  });

  it('writes details as short JSON', () => {
    expect(auditDetailText({ reason: 'friend' })).toBe('{"reason":"friend"}');
    expect(auditDetailText(null)).toBe('');
    expect(auditDetailText('x'.repeat(300), 10)).toHaveLength(10);
  });
});

describe('reading the audit log', () => {
  const log = Array.from({ length: 7 }, (_, i) => line(i + 1));
  const server = async (after: number, limit: number) => log.filter((l) => l.id > after).slice(0, limit);

  it('reads every page until a short one, newest first', async () => {
    const { lines, more } = await readAuditPages(server, 0, 20, 3);
    expect(lines.map((l) => l.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(more).toBe(false);
  });

  it('stops at the page cap and says there is more', async () => {
    const { lines, more } = await readAuditPages(server, 0, 2, 3);
    expect(lines.map((l) => l.id)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(more).toBe(true);
  });

  it('reads only what is newer than the cursor', async () => {
    const { lines } = await readAuditPages(server, 5, 20, 3);
    expect(lines.map((l) => l.id)).toEqual([7, 6]);
  });
});
