import { AWARD_PHASES, ProgrammeInput, type ScheduledPhase, type WorkKind } from '@yunzhan/shared';
import { browserOffset, isoToLocalInput, localInputToIso, type OffsetAt } from './datetime-local';

// The "new programme" form as plain data: its state (strings as the inputs hold them), the
// ProgrammeInput it stands for, and validation with the shared schema so that the rules and the
// error paths are the server's own.

/** The phases with a start date, in order. */
export const SCHEDULED_PHASES = AWARD_PHASES.slice(1) as ScheduledPhase[];

/** A rubric row as typed. */
export interface CriterionForm {
  id: string;
  labelZh: string;
  labelEn: string;
  /** Number inputs hold text; '' is blank. */
  weight: string;
  max: string;
}

/** A category as typed. */
export interface CategoryForm {
  id: string;
  titleZh: string;
  titleEn: string;
  rubric: CriterionForm[];
  kinds: WorkKind[];
  votesPerAccount: string;
  aggregation: 'mean' | 'trimmed-mean';
  trimShare: string;
  blindEntrant: boolean;
  tallies: 'hidden' | 'live';
  winnerBy: 'jury' | 'public';
}

/** The whole form. Phase dates are datetime-local values. */
export interface ProgrammeForm {
  id: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  /** '' for no ceremony event. */
  eventId: string;
  schedule: Record<ScheduledPhase, string>;
  categories: CategoryForm[];
}

/** A new rubric row; `n` (1-based) makes its id unique in the category. */
export function emptyCriterion(n: number): CriterionForm {
  return { id: `criterion-${n}`, labelZh: '', labelEn: '', weight: '1', max: '10' };
}

/** A new category with one criterion; `n` (1-based) makes its id unique. */
export function emptyCategory(n: number): CategoryForm {
  return {
    id: `category-${n}`,
    titleZh: '',
    titleEn: '',
    rubric: [emptyCriterion(1)],
    kinds: ['image'],
    votesPerAccount: '1',
    aggregation: 'mean',
    trimShare: '0.2',
    blindEntrant: true,
    tallies: 'hidden',
    winnerBy: 'jury',
  };
}

/** An id for the next row: `<prefix>-<n>` with the smallest n not taken. */
export function nextId(prefix: string, taken: readonly string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** A blank form whose phases start a week apart from tomorrow at 09:00 (in the zone). */
export function emptyProgrammeForm(now: number = Date.now(), offsetAt: OffsetAt = browserOffset): ProgrammeForm {
  const day = 86_400_000;
  const tomorrow = isoToLocalInput(new Date(now + day).toISOString(), offsetAt).slice(0, 10);
  const schedule = {} as Record<ScheduledPhase, string>;
  SCHEDULED_PHASES.forEach((phase, i) => {
    const start = Date.parse(`${tomorrow}T00:00:00Z`) + i * 7 * day;
    schedule[phase] = `${new Date(start).toISOString().slice(0, 10)}T09:00`;
  });
  return { id: '', titleZh: '', titleEn: '', summaryZh: '', summaryEn: '', eventId: '', schedule, categories: [emptyCategory(1)] };
}

/**
 * A number input's text as a number: junk is NaN; blank is undefined, which the schema calls
 * required (weights, maxima) or fills with its default (votes per account, trim share).
 */
export function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/**
 * The ProgrammeInput the form stands for, before validation: texts trimmed, numbers parsed, dates
 * converted to ISO with offset (a blank or impossible date stays as typed, so the schema flags it).
 */
export function programmeInputFromForm(form: ProgrammeForm, offsetAt: OffsetAt = browserOffset): ProgrammeInput {
  const summary = form.summaryZh.trim() || form.summaryEn.trim() ? { summary: { 'zh-CN': form.summaryZh.trim(), en: form.summaryEn.trim() } } : {};
  const schedule = Object.fromEntries(SCHEDULED_PHASES.map((p) => [p, localInputToIso(form.schedule[p], offsetAt) ?? form.schedule[p]])) as Record<ScheduledPhase, string>;
  return {
    id: form.id.trim(),
    title: { 'zh-CN': form.titleZh.trim(), en: form.titleEn.trim() },
    ...summary,
    eventId: form.eventId === '' ? null : form.eventId,
    schedule,
    categories: form.categories.map((c) => ({
      id: c.id.trim(),
      title: { 'zh-CN': c.titleZh.trim(), en: c.titleEn.trim() },
      rubric: c.rubric.map((r) => ({
        id: r.id.trim(),
        label: { 'zh-CN': r.labelZh.trim(), en: r.labelEn.trim() },
        weight: numberOf(r.weight) as number,
        max: numberOf(r.max) as number,
      })),
      eligibility: { kinds: c.kinds },
      votesPerAccount: numberOf(c.votesPerAccount),
      aggregation: c.aggregation,
      // The share matters only to a trimmed mean; with a plain mean the schema's default stands.
      ...(c.aggregation === 'trimmed-mean' ? { trimShare: numberOf(c.trimShare) } : {}),
      blindEntrant: c.blindEntrant,
      tallies: c.tallies,
      winnerBy: c.winnerBy,
    })),
    judgeIds: [],
  };
}

/** One validation problem: where (dotted path as the schema names it) and zod's description. */
export interface PathIssue {
  path: Array<string | number>;
  message?: string;
  code?: string;
  origin?: string;
  expected?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
}

/** Validates the form with the shared ProgrammeInput schema: the body to send, or the issues. */
export function validateProgrammeForm(form: ProgrammeForm, offsetAt: OffsetAt = browserOffset): { ok: true; input: ProgrammeInput } | { ok: false; issues: PathIssue[] } {
  const input = programmeInputFromForm(form, offsetAt);
  const parsed = ProgrammeInput.safeParse(input);
  if (parsed.success) return { ok: true, input };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ ...(i as Omit<PathIssue, 'path'>), path: i.path.map((p) => (typeof p === 'number' ? p : String(p))) })) };
}

/** Every place in the form an error can be shown, as dotted paths (inputs and their groups). */
export function formFieldPaths(form: ProgrammeForm): string[] {
  const paths = ['id', 'title.zh-CN', 'title.en', 'summary.zh-CN', 'summary.en', 'eventId', ...SCHEDULED_PHASES.map((p) => `schedule.${p}`), 'categories'];
  form.categories.forEach((c, i) => {
    const at = `categories.${i}`;
    paths.push(`${at}.id`, `${at}.title.zh-CN`, `${at}.title.en`, `${at}.rubric`, `${at}.eligibility.kinds`, `${at}.votesPerAccount`, `${at}.aggregation`, `${at}.trimShare`, `${at}.tallies`, `${at}.winnerBy`, `${at}.blindEntrant`);
    c.rubric.forEach((_, j) => paths.push(`${at}.rubric.${j}.id`, `${at}.rubric.${j}.label.zh-CN`, `${at}.rubric.${j}.label.en`, `${at}.rubric.${j}.weight`, `${at}.rubric.${j}.max`));
  });
  return paths;
}

/**
 * Where an issue is shown: its own field; else, for an issue about a whole object (`title`, a
 * category's `eligibility`), the first known path inside it; else the longest known path that
 * contains it (an issue about one item of a list lands on the list); else null (above the form).
 */
export function placeOfIssue(path: ReadonlyArray<string | number>, known: readonly string[]): string | null {
  const parts = path.map(String);
  const whole = parts.join('.');
  if (whole === '') return null;
  const set = new Set(known);
  if (set.has(whole)) return whole;
  const inside = known.find((k) => k.startsWith(`${whole}.`));
  if (inside) return inside;
  for (let n = parts.length - 1; n > 0; n--) {
    const joined = parts.slice(0, n).join('.');
    if (set.has(joined)) return joined;
  }
  return null;
}

/** Issues by the place they are shown (the first per place wins) and those with no place. */
export function placeIssues<I extends { path: ReadonlyArray<string | number> }>(issues: readonly I[], known: readonly string[]): { byPath: Record<string, I>; unplaced: I[] } {
  const byPath: Record<string, I> = {};
  const unplaced: I[] = [];
  for (const issue of issues) {
    const place = placeOfIssue(issue.path, known);
    if (place === null) unplaced.push(issue);
    else byPath[place] ??= issue;
  }
  return { byPath, unplaced };
}
