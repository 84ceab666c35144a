import { AppError, ForbiddenError, NotFoundError } from '@yunzhan/shared';
import { inTransaction, type Db, type Engine } from '../db/database';
import { insertAudit, locked, toScore } from './award-rows';
import type { AwardStore, RecusalRecord, ScoreRecord } from './award-store';

const scoreFinal = (message: string) => new AppError('SCORE_FINAL', message);
const view = (r: ScoreRecord) => ({ scores: r.scores, comment: r.comment, total: r.total, status: r.status });

/**
 * Judges' scores and recusals. A save or a recusal locks the entry's row first (PostgreSQL; SQLite
 * serialises writers anyway), so the recusal, the score before and the audit line are read and
 * written by one writer at a time: a submitted score stays as submitted, and a recusal and a
 * submission cannot both pass.
 */
export function judgingStore(db: Db, engine: Engine): Pick<AwardStore, 'scores' | 'saveScore' | 'recusals' | 'recuse'> {
  const lockEntry = async (tx: Db, programmeId: string, entryId: string) => {
    const row = await locked(engine, tx.selectFrom('award_entries').select('category_id').where('programme_id', '=', programmeId).where('id', '=', entryId)).executeTakeFirst();
    if (!row) throw new NotFoundError('Entry');
    return row;
  };
  const score = (tx: Db, entryId: string, judgeId: string) =>
    tx.selectFrom('award_scores').selectAll().where('entry_id', '=', entryId).where('judge_id', '=', judgeId).executeTakeFirst();

  return {
    async scores(programmeId, filter = {}) {
      let q = db.selectFrom('award_scores').selectAll().where('programme_id', '=', programmeId);
      if (filter.judgeId !== undefined) q = q.where('judge_id', '=', filter.judgeId);
      return (await q.orderBy('entry_id').orderBy('judge_id').execute()).map(toScore);
    },
    async saveScore(programmeId, s) {
      return inTransaction(db, async (tx) => {
        const entry = await lockEntry(tx, programmeId, s.entryId);
        const recused = await tx.selectFrom('award_recusals').select('judge_id').where('entry_id', '=', s.entryId).where('judge_id', '=', s.judgeId).executeTakeFirst();
        if (recused) throw new ForbiddenError('You recused yourself from this entry', { reason: 'recused' });
        const before = await score(tx, s.entryId, s.judgeId);
        if (before?.status === 'submitted') throw scoreFinal('This score was submitted and is final');
        // The statement keeps the rule too: a submitted row is never overwritten.
        const saved = await tx
          .insertInto('award_scores')
          .values({
            entry_id: s.entryId,
            judge_id: s.judgeId,
            programme_id: programmeId,
            scores: JSON.stringify(s.scores),
            comment: s.comment,
            total: s.total,
            status: s.status,
            updated_at: new Date().toISOString(),
          })
          .onConflict((oc) =>
            oc
              .columns(['entry_id', 'judge_id'])
              .doUpdateSet((eb) => ({
                scores: eb.ref('excluded.scores'),
                comment: eb.ref('excluded.comment'),
                total: eb.ref('excluded.total'),
                status: eb.ref('excluded.status'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
              .where('award_scores.status', '=', 'draft'),
          )
          .returningAll()
          .executeTakeFirst();
        if (!saved) throw scoreFinal('This score was submitted and is final');
        const after = toScore(saved);
        await insertAudit(tx, engine, programmeId, {
          actorId: s.judgeId,
          action: s.status === 'submitted' ? 'score-submit' : 'score-draft',
          entryId: s.entryId,
          categoryId: entry.category_id,
          detail: { before: before ? view(toScore(before)) : null, after: view(after) },
        });
        return after;
      });
    },
    async recusals(programmeId, filter = {}) {
      let q = db.selectFrom('award_recusals').selectAll().where('programme_id', '=', programmeId);
      if (filter.judgeId !== undefined) q = q.where('judge_id', '=', filter.judgeId);
      const rows = await q.orderBy('created_at').orderBy('entry_id').execute();
      return rows.map((r): RecusalRecord => ({ entryId: r.entry_id, judgeId: r.judge_id, reason: r.reason, createdAt: r.created_at }));
    },
    async recuse(programmeId, r) {
      return inTransaction(db, async (tx) => {
        const entry = await lockEntry(tx, programmeId, r.entryId);
        const current = await score(tx, r.entryId, r.judgeId);
        if (current?.status === 'submitted') throw scoreFinal('Your score of this entry was submitted and is final');
        const added = await tx
          .insertInto('award_recusals')
          .values({ entry_id: r.entryId, judge_id: r.judgeId, programme_id: programmeId, reason: r.reason, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(['entry_id', 'judge_id']).doNothing())
          .returning('entry_id')
          .executeTakeFirst();
        if (!added) return false;
        const discarded = await tx
          .deleteFrom('award_scores')
          .where('entry_id', '=', r.entryId)
          .where('judge_id', '=', r.judgeId)
          .where('status', '=', 'draft')
          .returningAll()
          .executeTakeFirst();
        await insertAudit(tx, engine, programmeId, {
          actorId: r.judgeId,
          action: 'recuse',
          entryId: r.entryId,
          categoryId: entry.category_id,
          detail: { reason: r.reason, discardedDraft: discarded ? toScore(discarded) : null },
        });
        return true;
      });
    },
  };
}
