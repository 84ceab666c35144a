import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { AppError, AwardReveal, AwardSchedule, CategoryInput, ConflictError, ForbiddenError, LocalizedText, NotFoundError, type AuditEntry } from '@yunzhan/shared';
import type { AuditLine, AwardStore, CategoryRecord, EntryRecord, ProgrammeRecord, RecusalRecord, RevealStage, ScoreRecord } from './award-store';
import { sqliteVoteStore } from './sqlite-vote-store';

const TITLE = LocalizedText(120);
const SUMMARY = LocalizedText(2000);
/** Parsed JSON columns by schema and text: every request reads the programme, few change it. */
const parsed = new Map<z.ZodType, Map<string, unknown>>();
const PARSED_PER_SCHEMA = 500;

/**
 * A JSON column parsed and checked with its schema, once per distinct text (the text is the key,
 * so a changed row is parsed again). The result is shared between callers: read-only.
 */
function parsedOnce<T>(schema: z.ZodType<T>, json: string): T {
  let cache = parsed.get(schema);
  if (!cache) parsed.set(schema, (cache = new Map()));
  if (cache.has(json)) return cache.get(json) as T;
  const value = schema.parse(JSON.parse(json));
  if (cache.size >= PARSED_PER_SCHEMA) cache.clear();
  cache.set(json, value);
  return value;
}

interface ProgrammeRow {
  id: string;
  title: string;
  summary: string | null;
  event_id: string | null;
  schedule: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
interface CategoryRow {
  id: string;
  definition: string;
  hall_exhibition_id: string | null;
  hall_works: string;
  tie_break_entry_id: string | null;
  reveal_stage: RevealStage;
}
interface EntryRow {
  id: string;
  programme_id: string;
  category_id: string;
  work_id: string;
  entrant_id: string;
  status: EntryRecord['status'];
  created_at: string;
}
interface ScoreRow {
  entry_id: string;
  judge_id: string;
  scores: string;
  comment: string;
  total: number;
  status: ScoreRecord['status'];
  updated_at: string;
}
interface AuditRow {
  id: number;
  at: string;
  actor_id: string;
  action: AuditEntry['action'];
  entry_id: string | null;
  category_id: string | null;
  detail: string;
}

const STAGES: readonly RevealStage[] = ['none', 'nominees', 'winner'];
const isUnique = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';

const toEntry = (r: EntryRow): EntryRecord => ({
  id: r.id,
  programmeId: r.programme_id,
  categoryId: r.category_id,
  workId: r.work_id,
  entrantId: r.entrant_id,
  status: r.status,
  createdAt: r.created_at,
});
const toScore = (r: ScoreRow): ScoreRecord => ({
  entryId: r.entry_id,
  judgeId: r.judge_id,
  scores: JSON.parse(r.scores) as Record<string, number>,
  comment: r.comment,
  total: r.total,
  status: r.status,
  updatedAt: r.updated_at,
});

/** The SQLite award store on an open (migrated) database. */
export function sqliteAwardStore(db: Database.Database): AwardStore {
  const q = {
    insertProgramme: db.prepare(
      'INSERT INTO award_programmes (id, title, summary, event_id, schedule, created_by, created_at, updated_at) VALUES (@id, @title, @summary, @eventId, @schedule, @createdBy, @now, @now)',
    ),
    insertJudge: db.prepare('INSERT OR IGNORE INTO award_judges (programme_id, user_id, position) VALUES (?, ?, ?)'),
    deleteJudges: db.prepare('DELETE FROM award_judges WHERE programme_id = ?'),
    insertCategory: db.prepare('INSERT INTO award_categories (programme_id, id, position, definition, votes_per_account) VALUES (?, ?, ?, ?, ?)'),
    programme: db.prepare<[string], ProgrammeRow>('SELECT * FROM award_programmes WHERE id = ?'),
    programmes: db.prepare<[], ProgrammeRow>('SELECT * FROM award_programmes ORDER BY created_at DESC, id'),
    programmesOfEvent: db.prepare<[string], ProgrammeRow>('SELECT * FROM award_programmes WHERE event_id = ? ORDER BY created_at DESC, id'),
    judges: db.prepare<[string], string>('SELECT user_id FROM award_judges WHERE programme_id = ? ORDER BY position').pluck(),
    categories: db.prepare<[string], CategoryRow>('SELECT * FROM award_categories WHERE programme_id = ? ORDER BY position'),
    entry: db.prepare<[string, string], EntryRow>('SELECT * FROM award_entries WHERE programme_id = ? AND id = ?'),
    insertEntry: db.prepare(
      "INSERT INTO award_entries (id, programme_id, category_id, work_id, entrant_id, status, created_at) VALUES (@id, @programmeId, @categoryId, @workId, @entrantId, 'active', @createdAt)",
    ),
    activeOfEntrant: db.prepare<[string, string, string], { n: number }>(
      "SELECT count(*) AS n FROM award_entries WHERE programme_id = ? AND category_id = ? AND entrant_id = ? AND status = 'active'",
    ),
    withdraw: db.prepare("UPDATE award_entries SET status = 'withdrawn', withdrawn_at = ? WHERE programme_id = ? AND id = ? AND status = 'active'"),
    score: db.prepare<[string, string], ScoreRow>('SELECT * FROM award_scores WHERE entry_id = ? AND judge_id = ?'),
    upsertScore: db.prepare(
      `INSERT INTO award_scores (entry_id, judge_id, programme_id, scores, comment, total, status, updated_at) VALUES (@entryId, @judgeId, @programmeId, @scores, @comment, @total, @status, @now)
       ON CONFLICT (entry_id, judge_id) DO UPDATE SET scores = excluded.scores, comment = excluded.comment, total = excluded.total, status = excluded.status, updated_at = excluded.updated_at
       WHERE award_scores.status = 'draft'`,
    ),
    deleteDraft: db.prepare("DELETE FROM award_scores WHERE entry_id = ? AND judge_id = ? AND status = 'draft'"),
    recusal: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM award_recusals WHERE entry_id = ? AND judge_id = ?'),
    insertRecusal: db.prepare('INSERT OR IGNORE INTO award_recusals (entry_id, judge_id, programme_id, reason, created_at) VALUES (?, ?, ?, ?, ?)'),
    tieBreak: db.prepare('UPDATE award_categories SET tie_break_entry_id = ? WHERE programme_id = ? AND id = ?'),
    hall: db.prepare('UPDATE award_categories SET hall_exhibition_id = ?, hall_works = ? WHERE programme_id = ? AND id = ?'),
    stage: db.prepare<[string, string], { reveal_stage: RevealStage }>('SELECT reveal_stage FROM award_categories WHERE programme_id = ? AND id = ?'),
    setStage: db.prepare('UPDATE award_categories SET reveal_stage = ? WHERE programme_id = ? AND id = ?'),
    setReveal: db.prepare('INSERT INTO award_reveals (programme_id, reveal) VALUES (?, ?) ON CONFLICT (programme_id) DO UPDATE SET reveal = excluded.reveal'),
    clearReveal: db.prepare('DELETE FROM award_reveals WHERE programme_id = ?'),
    reveal: db.prepare<[string], string>('SELECT reveal FROM award_reveals WHERE programme_id = ?').pluck(),
    insertAudit: db.prepare('INSERT INTO award_audit (programme_id, at, actor_id, action, entry_id, category_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    audit: db.prepare<[string, number, number], AuditRow>('SELECT * FROM award_audit WHERE programme_id = ? AND id > ? ORDER BY id LIMIT ?'),
  };

  const toCategory = (r: CategoryRow): CategoryRecord => ({
    ...parsedOnce(CategoryInput, r.definition),
    hallExhibitionId: r.hall_exhibition_id,
    hallWorkIds: JSON.parse(r.hall_works) as string[],
    tieBreakEntryId: r.tie_break_entry_id,
    revealStage: r.reveal_stage,
  });
  const toProgramme = (r: ProgrammeRow): ProgrammeRecord => ({
    id: r.id,
    title: parsedOnce(TITLE, r.title),
    summary: r.summary ? parsedOnce(SUMMARY, r.summary) : null,
    eventId: r.event_id,
    schedule: parsedOnce(AwardSchedule, r.schedule),
    judgeIds: q.judges.all(r.id),
    categories: q.categories.all(r.id).map(toCategory),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  const load = (id: string): ProgrammeRecord => {
    const row = q.programme.get(id);
    if (!row) throw new NotFoundError('Award programme');
    return toProgramme(row);
  };
  const appendAudit = (programmeId: string, line: AuditLine) => {
    q.insertAudit.run(programmeId, new Date().toISOString(), line.actorId, line.action, line.entryId ?? null, line.categoryId ?? null, JSON.stringify(line.detail ?? null));
  };
  const setJudges = (programmeId: string, judgeIds: readonly string[]) => {
    q.deleteJudges.run(programmeId);
    judgeIds.forEach((id, i) => q.insertJudge.run(programmeId, id, i));
  };

  const createProgramme = db.transaction((p: Parameters<AwardStore['createProgramme']>[0]) => {
    try {
      q.insertProgramme.run({
        id: p.id,
        title: JSON.stringify(p.title),
        summary: p.summary ? JSON.stringify(p.summary) : null,
        eventId: p.eventId,
        schedule: JSON.stringify(p.schedule),
        createdBy: p.createdBy,
        now: new Date().toISOString(),
      });
    } catch (err) {
      if (isUnique(err)) throw new ConflictError('An award programme with that id exists');
      throw err;
    }
    setJudges(p.id, p.judgeIds);
    p.categories.forEach((c, i) => q.insertCategory.run(p.id, c.id, i, JSON.stringify(c), c.votesPerAccount));
  });

  const updateProgramme = db.transaction((id: string, change: Parameters<AwardStore['updateProgramme']>[1], audit: AuditLine) => {
    if (!q.programme.get(id)) throw new NotFoundError('Award programme');
    const columns: Record<string, unknown> = {};
    if (change.title !== undefined) columns.title = JSON.stringify(change.title);
    if (change.summary !== undefined) columns.summary = change.summary ? JSON.stringify(change.summary) : null;
    if (change.eventId !== undefined) columns.event_id = change.eventId;
    if (change.schedule !== undefined) columns.schedule = JSON.stringify(change.schedule);
    columns.updated_at = new Date().toISOString();
    const keys = Object.keys(columns);
    db.prepare(`UPDATE award_programmes SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...columns, id });
    if (change.judgeIds !== undefined) setJudges(id, change.judgeIds);
    appendAudit(id, audit);
  });

  const addEntry = db.transaction((entry: Parameters<AwardStore['addEntry']>[0], maxPerEntrant: number, audit: AuditLine) => {
    if (q.activeOfEntrant.get(entry.programmeId, entry.categoryId, entry.entrantId)!.n >= maxPerEntrant) {
      throw new AppError('NOT_ELIGIBLE', `At most ${maxPerEntrant} entries per entrant in this category`, { reason: 'too-many', max: maxPerEntrant });
    }
    try {
      q.insertEntry.run({ ...entry, createdAt: new Date().toISOString() });
    } catch (err) {
      if (isUnique(err)) throw new ConflictError('This work is already entered in the category', { reason: 'already-entered' });
      throw err;
    }
    appendAudit(entry.programmeId, audit);
  });

  const withdrawEntry = db.transaction((programmeId: string, entryId: string, audit: AuditLine) => {
    if (q.withdraw.run(new Date().toISOString(), programmeId, entryId).changes > 0) appendAudit(programmeId, audit);
  });

  const saveScore = db.transaction((programmeId: string, s: Parameters<AwardStore['saveScore']>[1]) => {
    if (q.recusal.get(s.entryId, s.judgeId)!.n > 0) throw new ForbiddenError('You recused yourself from this entry', { reason: 'recused' });
    const before = q.score.get(s.entryId, s.judgeId);
    if (before?.status === 'submitted') throw new AppError('SCORE_FINAL', 'This score was submitted and is final');
    q.upsertScore.run({ ...s, programmeId, scores: JSON.stringify(s.scores), now: new Date().toISOString() });
    const after = toScore(q.score.get(s.entryId, s.judgeId)!);
    const view = (r: ScoreRecord) => ({ scores: r.scores, comment: r.comment, total: r.total, status: r.status });
    appendAudit(programmeId, {
      actorId: s.judgeId,
      action: s.status === 'submitted' ? 'score-submit' : 'score-draft',
      entryId: s.entryId,
      categoryId: q.entry.get(programmeId, s.entryId)?.category_id ?? null,
      detail: { before: before ? view(toScore(before)) : null, after: view(after) },
    });
    return after;
  });

  const recuse = db.transaction((programmeId: string, r: Parameters<AwardStore['recuse']>[1]): boolean => {
    const score = q.score.get(r.entryId, r.judgeId);
    if (score?.status === 'submitted') throw new AppError('SCORE_FINAL', 'Your score of this entry was submitted and is final');
    const added = q.insertRecusal.run(r.entryId, r.judgeId, programmeId, r.reason, new Date().toISOString()).changes > 0;
    if (!added) return false;
    const discarded = q.deleteDraft.run(r.entryId, r.judgeId).changes > 0;
    appendAudit(programmeId, {
      actorId: r.judgeId,
      action: 'recuse',
      entryId: r.entryId,
      categoryId: q.entry.get(programmeId, r.entryId)?.category_id ?? null,
      detail: { reason: r.reason, discardedDraft: discarded ? toScore(score!) : null },
    });
    return true;
  });

  const reveal = db.transaction((r: AwardReveal, audit: AuditLine) => {
    const current = q.stage.get(r.programmeId, r.categoryId);
    if (!current) throw new NotFoundError('Category');
    if (r.stage !== 'clear' && STAGES.indexOf(r.stage) > STAGES.indexOf(current.reveal_stage)) q.setStage.run(r.stage, r.programmeId, r.categoryId);
    if (r.stage === 'clear') q.clearReveal.run(r.programmeId);
    else q.setReveal.run(r.programmeId, JSON.stringify(r));
    appendAudit(r.programmeId, audit);
  });

  const entriesOf = (programmeId: string, filter: { categoryId?: string; status?: EntryRecord['status'] } = {}) => {
    const where = ['programme_id = @programmeId'];
    if (filter.categoryId !== undefined) where.push('category_id = @categoryId');
    if (filter.status !== undefined) where.push('status = @status');
    return (db.prepare(`SELECT * FROM award_entries WHERE ${where.join(' AND ')} ORDER BY created_at, rowid`).all({ programmeId, ...filter }) as EntryRow[]).map(toEntry);
  };

  return {
    async createProgramme(p) {
      createProgramme.immediate(p);
      return load(p.id);
    },
    async getProgramme(id) {
      const row = q.programme.get(id);
      return row ? toProgramme(row) : null;
    },
    async listProgrammes(filter = {}) {
      return (filter.eventId !== undefined ? q.programmesOfEvent.all(filter.eventId) : q.programmes.all()).map(toProgramme);
    },
    async updateProgramme(id, change, audit) {
      updateProgramme.immediate(id, change, audit);
      return load(id);
    },
    async entries(programmeId, filter) {
      return entriesOf(programmeId, filter);
    },
    async getEntry(programmeId, entryId) {
      const row = q.entry.get(programmeId, entryId);
      return row ? toEntry(row) : null;
    },
    async activeEntriesOfWorks(workIds) {
      const unique = [...new Set(workIds)];
      const rows: EntryRow[] = [];
      // In chunks, as works.getMany does: a layout hangs up to 500 works.
      for (let i = 0; i < unique.length; i += 200) {
        const chunk = unique.slice(i, i + 200);
        rows.push(...(db.prepare(`SELECT * FROM award_entries WHERE status = 'active' AND work_id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as EntryRow[]));
      }
      return rows.map(toEntry);
    },
    async addEntry(entry, maxPerEntrant, audit) {
      addEntry.immediate(entry, maxPerEntrant, audit);
      return toEntry(q.entry.get(entry.programmeId, entry.id)!);
    },
    async withdrawEntry(programmeId, entryId, audit) {
      withdrawEntry.immediate(programmeId, entryId, audit);
      const row = q.entry.get(programmeId, entryId);
      if (!row) throw new NotFoundError('Entry');
      return toEntry(row);
    },
    async scores(programmeId, filter = {}) {
      const rows = filter.judgeId
        ? (db.prepare('SELECT * FROM award_scores WHERE programme_id = ? AND judge_id = ?').all(programmeId, filter.judgeId) as ScoreRow[])
        : (db.prepare('SELECT * FROM award_scores WHERE programme_id = ?').all(programmeId) as ScoreRow[]);
      return rows.map(toScore);
    },
    async saveScore(programmeId, score) {
      return saveScore.immediate(programmeId, score);
    },
    async recusals(programmeId, filter = {}) {
      const rows = (
        filter.judgeId
          ? db.prepare('SELECT * FROM award_recusals WHERE programme_id = ? AND judge_id = ?').all(programmeId, filter.judgeId)
          : db.prepare('SELECT * FROM award_recusals WHERE programme_id = ?').all(programmeId)
      ) as { entry_id: string; judge_id: string; reason: string; created_at: string }[];
      return rows.map((r): RecusalRecord => ({ entryId: r.entry_id, judgeId: r.judge_id, reason: r.reason, createdAt: r.created_at }));
    },
    async recuse(programmeId, recusal) {
      return recuse.immediate(programmeId, recusal);
    },
    async setTieBreak(programmeId, categoryId, entryId, audit) {
      db.transaction(() => {
        q.tieBreak.run(entryId, programmeId, categoryId);
        appendAudit(programmeId, audit);
      }).immediate();
    },
    async setHall(programmeId, categoryId, exhibitionId, workIds) {
      q.hall.run(exhibitionId, JSON.stringify(workIds), programmeId, categoryId);
    },
    async reveal(r, audit) {
      reveal.immediate(r, audit);
    },
    async currentReveal(programmeId) {
      const json = q.reveal.get(programmeId);
      return json ? AwardReveal.parse(JSON.parse(json)) : null;
    },
    async appendAudit(programmeId, line) {
      appendAudit(programmeId, line);
    },
    async audit(programmeId, after, limit) {
      return q.audit.all(programmeId, after, limit).map((r) => ({
        id: r.id,
        at: r.at,
        actorId: r.actor_id,
        action: r.action,
        entryId: r.entry_id,
        categoryId: r.category_id,
        detail: JSON.parse(r.detail) as unknown,
      }));
    },
    ...sqliteVoteStore(db),
  };
}
