import { sql, type Selectable, type Updateable } from 'kysely';
import { AppError, AwardReveal, AwardSchedule, CategoryInput, ConflictError, LocalizedText, NotFoundError } from '@yunzhan/shared';
import { inTransaction, type Db, type Engine } from '../db/database';
import type { AwardCategoriesTable, AwardProgrammesTable } from '../db/schema';
import { insertAudit, locked, parsedOnce, toAudit, toEntry } from './award-rows';
import type { AwardStore, CategoryRecord, ProgrammeRecord, RevealStage } from './award-store';

const TITLE = LocalizedText(120);
const SUMMARY = LocalizedText(2000);
const STAGES: readonly RevealStage[] = ['none', 'nominees', 'winner'];
/** Ids per `IN (...)` list: a layout hangs up to 500 works. */
const CHUNK = 200;

const toCategory = (r: Selectable<AwardCategoriesTable>): CategoryRecord => ({
  ...parsedOnce(CategoryInput, r.definition),
  hallExhibitionId: r.hall_exhibition_id,
  hallWorkIds: JSON.parse(r.hall_works) as string[],
  tieBreakEntryId: r.tie_break_entry_id,
  revealStage: r.reveal_stage as RevealStage,
});

/**
 * Programmes with their judges and categories, in the order of `rows`: three queries however many.
 * `lockCategories` (PostgreSQL): the category rows read stay locked (see `locked`).
 */
async function toProgrammes(db: Db, rows: Selectable<AwardProgrammesTable>[], lockCategories?: Engine): Promise<ProgrammeRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const judges = await db.selectFrom('award_judges').select(['programme_id', 'user_id']).where('programme_id', 'in', ids).orderBy('programme_id').orderBy('position').execute();
  let categoryQuery = db.selectFrom('award_categories').selectAll().where('programme_id', 'in', ids).orderBy('programme_id').orderBy('position');
  if (lockCategories) categoryQuery = locked(lockCategories, categoryQuery);
  const categories = await categoryQuery.execute();
  return rows.map((r) => ({
    id: r.id,
    title: parsedOnce(TITLE, r.title),
    summary: r.summary ? parsedOnce(SUMMARY, r.summary) : null,
    eventId: r.event_id,
    schedule: parsedOnce(AwardSchedule, r.schedule),
    judgeIds: judges.filter((j) => j.programme_id === r.id).map((j) => j.user_id),
    categories: categories.filter((c) => c.programme_id === r.id).map(toCategory),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** Programmes, entries, tie-breaks, halls, reveals and the audit log of the award store. */
export function programmeStore(
  db: Db,
  engine: Engine,
): Omit<AwardStore, 'vote' | 'voteTarget' | 'myVotes' | 'tally' | 'scores' | 'saveScore' | 'recusals' | 'recuse'> {
  const getProgramme = async (tx: Db, id: string) => {
    const row = await tx.selectFrom('award_programmes').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await toProgrammes(tx, [row]))[0]! : null;
  };
  const setJudges = async (tx: Db, programmeId: string, judgeIds: readonly string[]) => {
    await tx.deleteFrom('award_judges').where('programme_id', '=', programmeId).execute();
    if (judgeIds.length === 0) return;
    await tx
      .insertInto('award_judges')
      .values(judgeIds.map((id, i) => ({ programme_id: programmeId, user_id: id, position: i })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  };
  const entry = (tx: Db, programmeId: string, entryId: string) =>
    tx.selectFrom('award_entries').selectAll().where('programme_id', '=', programmeId).where('id', '=', entryId).executeTakeFirst();

  return {
    async createProgramme(p) {
      return inTransaction(db, async (tx) => {
        const now = new Date().toISOString();
        const inserted = await tx
          .insertInto('award_programmes')
          .values({
            id: p.id,
            title: JSON.stringify(p.title),
            summary: p.summary ? JSON.stringify(p.summary) : null,
            event_id: p.eventId,
            schedule: JSON.stringify(p.schedule),
            created_by: p.createdBy,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw new ConflictError('An award programme with that id exists');
        await setJudges(tx, p.id, p.judgeIds);
        if (p.categories.length > 0) {
          await tx
            .insertInto('award_categories')
            .values(p.categories.map((c, i) => ({ programme_id: p.id, id: c.id, position: i, definition: JSON.stringify(c), votes_per_account: c.votesPerAccount })))
            .execute();
        }
        return (await getProgramme(tx, p.id))!;
      });
    },
    async getProgramme(id) {
      return getProgramme(db, id);
    },
    async lockProgramme(id, options = {}) {
      const row = await locked(engine, db.selectFrom('award_programmes').selectAll().where('id', '=', id)).executeTakeFirst();
      return row ? (await toProgrammes(db, [row], options.categories ? engine : undefined))[0]! : null;
    },
    async listProgrammes(filter = {}) {
      let q = db.selectFrom('award_programmes').selectAll().orderBy('created_at', 'desc').orderBy('id');
      if (filter.eventId !== undefined) q = q.where('event_id', '=', filter.eventId);
      return toProgrammes(db, await q.execute());
    },
    async updateProgramme(id, change, audit) {
      return inTransaction(db, async (tx) => {
        // Locked: two updates of the judges must not interleave their delete and insert.
        if (!(await locked(engine, tx.selectFrom('award_programmes').select('id').where('id', '=', id)).executeTakeFirst())) throw new NotFoundError('Award programme');
        const set: Updateable<AwardProgrammesTable> = { updated_at: new Date().toISOString() };
        if (change.title !== undefined) set.title = JSON.stringify(change.title);
        if (change.summary !== undefined) set.summary = change.summary ? JSON.stringify(change.summary) : null;
        if (change.eventId !== undefined) set.event_id = change.eventId;
        if (change.schedule !== undefined) set.schedule = JSON.stringify(change.schedule);
        await tx.updateTable('award_programmes').set(set).where('id', '=', id).execute();
        if (change.judgeIds !== undefined) await setJudges(tx, id, change.judgeIds);
        await insertAudit(tx, engine, id, audit);
        return (await getProgramme(tx, id))!;
      });
    },

    async entries(programmeId, filter = {}) {
      let q = db.selectFrom('award_entries').selectAll().where('programme_id', '=', programmeId);
      if (filter.categoryId !== undefined) q = q.where('category_id', '=', filter.categoryId);
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      // rowid: SQLite's implicit one, an identity on PostgreSQL (migration 12): the insertion order.
      return (await q.orderBy('created_at').orderBy(sql`rowid`).execute()).map(toEntry);
    },
    async getEntry(programmeId, entryId) {
      const row = await entry(db, programmeId, entryId);
      return row ? toEntry(row) : null;
    },
    async activeEntriesOfWorks(workIds) {
      const unique = [...new Set(workIds)];
      const out = [];
      for (let i = 0; i < unique.length; i += CHUNK) {
        out.push(...(await db.selectFrom('award_entries').selectAll().where('status', '=', 'active').where('work_id', 'in', unique.slice(i, i + CHUNK)).execute()));
      }
      return out.map(toEntry);
    },
    async addEntry(e, maxPerEntrant, audit) {
      return inTransaction(db, async (tx) => {
        // The category row is locked, so two entries of one entrant cannot both pass the count.
        const category = await locked(engine, tx.selectFrom('award_categories').select('id').where('programme_id', '=', e.programmeId).where('id', '=', e.categoryId)).executeTakeFirst();
        if (!category) throw new NotFoundError('Category');
        const { n } = await tx
          .selectFrom('award_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('programme_id', '=', e.programmeId)
          .where('category_id', '=', e.categoryId)
          .where('entrant_id', '=', e.entrantId)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        if (Number(n) >= maxPerEntrant) {
          throw new AppError('NOT_ELIGIBLE', `At most ${maxPerEntrant} entries per entrant in this category`, { reason: 'too-many', max: maxPerEntrant });
        }
        // The active entry of a work is unique (award_entries_once).
        const row = await tx
          .insertInto('award_entries')
          .values({ id: e.id, programme_id: e.programmeId, category_id: e.categoryId, work_id: e.workId, entrant_id: e.entrantId, status: 'active', created_at: new Date().toISOString() })
          .onConflict((oc) => oc.doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new ConflictError('This work is already entered in the category', { reason: 'already-entered' });
        await insertAudit(tx, engine, e.programmeId, audit);
        return toEntry(row);
      });
    },
    async withdrawEntry(programmeId, entryId, audit) {
      return inTransaction(db, async (tx) => {
        const withdrawn = await tx
          .updateTable('award_entries')
          .set({ status: 'withdrawn', withdrawn_at: new Date().toISOString() })
          .where('programme_id', '=', programmeId)
          .where('id', '=', entryId)
          .where('status', '=', 'active')
          .returningAll()
          .executeTakeFirst();
        if (withdrawn) {
          await insertAudit(tx, engine, programmeId, audit);
          return toEntry(withdrawn);
        }
        const row = await entry(tx, programmeId, entryId);
        if (!row) throw new NotFoundError('Entry');
        return toEntry(row);
      });
    },

    async setTieBreak(programmeId, categoryId, entryId, audit) {
      await inTransaction(db, async (tx) => {
        await tx.updateTable('award_categories').set({ tie_break_entry_id: entryId }).where('programme_id', '=', programmeId).where('id', '=', categoryId).execute();
        await insertAudit(tx, engine, programmeId, audit);
      });
    },
    async setHall(programmeId, categoryId, exhibitionId, workIds) {
      await db
        .updateTable('award_categories')
        .set({ hall_exhibition_id: exhibitionId, hall_works: JSON.stringify(workIds) })
        .where('programme_id', '=', programmeId)
        .where('id', '=', categoryId)
        .execute();
    },
    async reveal(r, audit) {
      await inTransaction(db, async (tx) => {
        const category = await tx.selectFrom('award_categories').select('id').where('programme_id', '=', r.programmeId).where('id', '=', r.categoryId).executeTakeFirst();
        if (!category) throw new NotFoundError('Category');
        if (r.stage === 'clear') {
          await tx.deleteFrom('award_reveals').where('programme_id', '=', r.programmeId).execute();
        } else {
          // Only upwards, in the statement itself: a racing reveal of a lower stage changes nothing.
          await tx
            .updateTable('award_categories')
            .set({ reveal_stage: r.stage })
            .where('programme_id', '=', r.programmeId)
            .where('id', '=', r.categoryId)
            .where('reveal_stage', 'in', STAGES.slice(0, STAGES.indexOf(r.stage)))
            .execute();
          await tx
            .insertInto('award_reveals')
            .values({ programme_id: r.programmeId, reveal: JSON.stringify(r) })
            .onConflict((oc) => oc.column('programme_id').doUpdateSet((eb) => ({ reveal: eb.ref('excluded.reveal') })))
            .execute();
        }
        await insertAudit(tx, engine, r.programmeId, audit);
      });
    },
    async currentReveal(programmeId) {
      const row = await db.selectFrom('award_reveals').select('reveal').where('programme_id', '=', programmeId).executeTakeFirst();
      return row ? AwardReveal.parse(JSON.parse(row.reveal)) : null;
    },

    async appendAudit(programmeId, line) {
      await inTransaction(db, (tx) => insertAudit(tx, engine, programmeId, line));
    },
    async audit(programmeId, after, limit) {
      const rows = await db.selectFrom('award_audit').selectAll().where('programme_id', '=', programmeId).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map(toAudit);
    },
  };
}
