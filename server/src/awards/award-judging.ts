import { z } from 'zod';
import {
  EntryId,
  RecusalInput,
  ScoreInput,
  ValidationError,
  parseOrThrow,
  type AuditEntry,
  type JudgeProgress,
  type JudgeScore,
  type JudgingSheet,
  type PublicUser,
  type RubricCriterion,
} from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import type { Store } from '../db/store';
import { param, requirePhase, type AwardAccess, type Loaded } from './award-access';
import { toEntryView, toJudgeScore } from './award-views';
import { judgeTotal } from './scoring';

const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** VALIDATION_FAILED naming each criterion missing, above its max, or not in the rubric. */
function checkRubric(rubric: readonly RubricCriterion[], scores: Readonly<Record<string, number>>): void {
  const issues = [
    ...rubric.flatMap((c) => {
      const v = scores[c.id];
      if (v === undefined) return [{ path: `scores.${c.id}`, message: 'every criterion of the rubric must be scored' }];
      if (v > c.max) return [{ path: `scores.${c.id}`, message: `at most ${c.max}` }];
      return [];
    }),
    ...Object.keys(scores)
      .filter((id) => !rubric.some((c) => c.id === id))
      .map((id) => ({ path: `scores.${id}`, message: 'not a criterion of the rubric' })),
  ];
  if (issues.length > 0) throw new ValidationError(`Invalid ${issues[0]!.path}: ${issues[0]!.message}`, { issues });
}

/**
 * Online judging: only the judges assigned to a programme (never admins) see the entries to score
 * and their own scores, never anyone else's; drafts change until submitted, then they are final;
 * a recusal takes an entry off a judge's sheet. Admins follow progress and read the audit log.
 */
export class JudgingDesk {
  constructor(private readonly access: AwardAccess) {}

  /**
   * The programme for an assigned judge: 401/403 before anything is looked up (admins too are
   * refused). Through `tx`, read with its row locked (AwardAccess.lockedVisible).
   */
  private async forJudge(user: PublicUser | null, rawId: unknown, tx?: Store): Promise<Loaded> {
    authorize(user, 'award:judge');
    const loaded = tx ? await this.access.lockedVisible(tx, user, rawId) : await this.access.visible(user, rawId);
    authorize(user, 'award:score', { judgeIds: loaded.programme.judgeIds });
    return loaded;
  }

  /** The caller's judging sheet: every active entry, its own score and recusal. Judging or later. */
  async sheet(user: PublicUser | null, rawId: unknown): Promise<JudgingSheet> {
    const { programme, phase } = await this.forJudge(user, rawId);
    requirePhase(phase, ['judging', 'voting', 'ceremony', 'results'], 'Judging');
    const { store } = this.access;
    const entries = await store.awards.entries(programme.id, { status: 'active' });
    const works = await this.access.worksOf(entries);
    const mine = new Map((await store.awards.scores(programme.id, { judgeId: user!.id })).map((s) => [s.entryId, s]));
    const recused = new Set((await store.awards.recusals(programme.id, { judgeId: user!.id })).map((r) => r.entryId));
    const blind = await this.access.blind.hiddenFrom(user, [...works.values()]);
    return {
      programmeId: programme.id,
      phase,
      categories: programme.categories.map((c) => ({
        id: c.id,
        title: c.title,
        rubric: c.rubric,
        blindEntrant: c.blindEntrant,
        entries: entries
          .filter((e) => e.categoryId === c.id && works.has(e.workId))
          .map((e) => ({
            // The entrant's account stays with admins in a blind category; the creator is hidden until judging closes.
            entry: toEntryView(e, works.get(e.workId)!, { showEntrant: !c.blindEntrant && !blind.has(e.workId), hideCreator: blind.has(e.workId) }),
            mine: mine.has(e.id) ? toJudgeScore(mine.get(e.id)!) : null,
            recused: recused.has(e.id),
          })),
      })),
    };
  }

  /** Saves the caller's draft or final score of an entry (judging phase). */
  async score(user: PublicUser | null, rawId: unknown, rawEntryId: unknown, body: unknown): Promise<JudgeScore> {
    // Judges, phase and entry are checked on what the score commits with (the programme locked).
    const saved = await this.access.store.transaction(async (tx) => {
      const { programme, phase } = await this.forJudge(user, rawId, tx);
      const entryId = param(EntryId, 'entryId', rawEntryId);
      const input = parseOrThrow(ScoreInput, body);
      const entry = await this.access.activeEntry(programme.id, entryId, tx);
      requirePhase(phase, ['judging'], 'Scoring');
      const category = programme.categories.find((c) => c.id === entry.categoryId)!;
      checkRubric(category.rubric, input.scores);
      return tx.awards.saveScore(programme.id, {
        entryId,
        judgeId: user!.id,
        scores: input.scores,
        comment: input.comment,
        total: judgeTotal(category.rubric, input.scores),
        status: input.submit ? 'submitted' : 'draft',
      });
    });
    return toJudgeScore(saved);
  }

  /** Records the caller's conflict of interest with an entry (entries or judging phase). */
  async recuse(user: PublicUser | null, rawId: unknown, body: unknown): Promise<{ entryId: string }> {
    return this.access.store.transaction(async (tx) => {
      const { programme, phase } = await this.forJudge(user, rawId, tx);
      const input = parseOrThrow(RecusalInput, body);
      await this.access.activeEntry(programme.id, input.entryId, tx);
      requirePhase(phase, ['entries', 'judging'], 'Recusal');
      await tx.awards.recuse(programme.id, { entryId: input.entryId, judgeId: user!.id, reason: input.reason });
      return { entryId: input.entryId };
    });
  }

  /** How far each judge is (admins). */
  async progress(user: PublicUser | null, rawId: unknown): Promise<JudgeProgress[]> {
    authorize(user, 'award:manage');
    const { programme } = await this.access.visible(user, rawId);
    const { store } = this.access;
    const active = new Set((await store.awards.entries(programme.id, { status: 'active' })).map((e) => e.id));
    const scores = (await store.awards.scores(programme.id)).filter((s) => active.has(s.entryId));
    const recusals = (await store.awards.recusals(programme.id)).filter((r) => active.has(r.entryId));
    const out: JudgeProgress[] = [];
    for (const judgeId of programme.judgeIds) {
      const judge = await store.users.byId(judgeId);
      const recused = recusals.filter((r) => r.judgeId === judgeId).length;
      const own = scores.filter((s) => s.judgeId === judgeId);
      out.push({
        judgeId,
        username: judge?.username ?? '',
        displayName: judge?.displayName ?? '',
        assigned: active.size - recused,
        drafts: own.filter((s) => s.status === 'draft').length,
        submitted: own.filter((s) => s.status === 'submitted').length,
        recused,
      });
    }
    return out;
  }

  /** The audit log after `?after=` (an id), oldest first, at most `?limit=` lines (admins). */
  async audit(user: PublicUser | null, rawId: unknown, query: unknown): Promise<AuditEntry[]> {
    authorize(user, 'award:manage');
    const { programme } = await this.access.visible(user, rawId);
    const { after, limit } = parseOrThrow(AuditQuery, query);
    return this.access.store.awards.audit(programme.id, after, limit);
  }
}
