import { AWARD_PHASES, ProgrammeInput, type ScheduledPhase, type WorkKind } from '@yunzhan/shared';
import { z } from 'zod';
import type { FieldMessage } from '../../forms/field-messages';
import type { PlacedProblem } from '../../forms/schema-resolver';
import { browserOffset, isoToLocalInput, localInputToIso, type OffsetAt } from './datetime-local';

// The "new programme" form: its values in ProgrammeInput's own shape (so a schema path is a field
// name) with strings where inputs hold text, and its schema: the values converted to the
// ProgrammeInput they stand for and piped into the shared schema, so the rules are the server's.

/** The phases with a start date, in order. */
export const SCHEDULED_PHASES = AWARD_PHASES.slice(1) as ScheduledPhase[];

/** A bilingual text as typed. */
export interface LocalizedForm {
  'zh-CN': string;
  en: string;
}

/** A rubric row as typed (number inputs hold text; '' is blank). */
export interface CriterionForm {
  id: string;
  label: LocalizedForm;
  weight: string;
  max: string;
}

/** A category as typed. */
export interface CategoryForm {
  id: string;
  title: LocalizedForm;
  rubric: CriterionForm[];
  eligibility: { kinds: WorkKind[] };
  votesPerAccount: string;
  aggregation: 'mean' | 'trimmed-mean';
  trimShare: string;
  blindEntrant: boolean;
  tallies: 'hidden' | 'live';
  winnerBy: 'jury' | 'public';
}

/** The whole form. Phase dates are datetime-local values; eventId '' is no ceremony event. */
export interface ProgrammeForm {
  id: string;
  title: LocalizedForm;
  summary: LocalizedForm;
  eventId: string;
  schedule: Record<ScheduledPhase, string>;
  categories: CategoryForm[];
}

/** A new rubric row; `n` (1-based) makes its id unique in the category. */
export function emptyCriterion(n: number): CriterionForm {
  return { id: `criterion-${n}`, label: { 'zh-CN': '', en: '' }, weight: '1', max: '10' };
}

/** A new category with one criterion; `n` (1-based) makes its id unique. */
export function emptyCategory(n: number): CategoryForm {
  return {
    id: `category-${n}`,
    title: { 'zh-CN': '', en: '' },
    rubric: [emptyCriterion(1)],
    eligibility: { kinds: ['image'] },
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
  return { id: '', title: { 'zh-CN': '', en: '' }, summary: { 'zh-CN': '', en: '' }, eventId: '', schedule, categories: [emptyCategory(1)] };
}

/**
 * A number input's text as a number: junk is NaN; blank is undefined, which the schema calls
 * required (weights, maxima) or fills with its default (votes per account, trim share).
 */
export function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

const trimmed = (text: LocalizedForm) => ({ 'zh-CN': text['zh-CN'].trim(), en: text.en.trim() });

/**
 * The ProgrammeInput the form stands for, before validation: texts trimmed, numbers parsed, dates
 * converted to ISO with offset (a blank or impossible date stays as typed, so the schema flags it).
 */
export function programmeInputFromForm(form: ProgrammeForm, offsetAt: OffsetAt = browserOffset): ProgrammeInput {
  const summary = form.summary['zh-CN'].trim() || form.summary.en.trim() ? { summary: trimmed(form.summary) } : {};
  const schedule = Object.fromEntries(SCHEDULED_PHASES.map((p) => [p, localInputToIso(form.schedule[p], offsetAt) ?? form.schedule[p]])) as Record<ScheduledPhase, string>;
  return {
    id: form.id.trim(),
    title: trimmed(form.title),
    ...summary,
    eventId: form.eventId === '' ? null : form.eventId,
    schedule,
    categories: form.categories.map((c) => ({
      id: c.id.trim(),
      title: trimmed(c.title),
      rubric: c.rubric.map((r) => ({ id: r.id.trim(), label: trimmed(r.label), weight: numberOf(r.weight) as number, max: numberOf(r.max) as number })),
      eligibility: { kinds: c.eligibility.kinds },
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

/** The form's schema: its values (as typed) converted and parsed with the shared ProgrammeInput. */
export function programmeFormSchema(offsetAt: OffsetAt = browserOffset) {
  return z
    .custom<ProgrammeForm>((value) => typeof value === 'object' && value !== null)
    .transform((form) => programmeInputFromForm(form, offsetAt))
    .pipe(ProgrammeInput);
}

/** The programme's problems in its own words: dates (order, validity) and ids (format, duplicates). */
export function programmeWords({ path, code }: PlacedProblem): FieldMessage | undefined {
  if (path.startsWith('schedule.')) {
    if (code === 'custom') return { key: 'awardsAdmin.form.scheduleOrder' };
    if (code === 'invalid_format' || code === 'invalid_type') return { key: 'form.error.date' };
  }
  if (path === 'id' || path.endsWith('.id')) {
    if (code === 'invalid_format') return { key: 'awardsAdmin.form.idFormat' };
    if (code === 'custom') return { key: 'awardsAdmin.form.duplicateId' };
  }
  return undefined;
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
