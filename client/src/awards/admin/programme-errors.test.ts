import { describe, expect, it } from 'vitest';
import type { OffsetAt } from './datetime-local';
import { issueMessage } from './programme-errors';
import { emptyProgrammeForm, validateProgrammeForm } from './programme-form';

const shanghai: OffsetAt = () => 480;

function problemsOf(mutate: (form: ReturnType<typeof emptyProgrammeForm>) => void) {
  const form = emptyProgrammeForm(Date.parse('2026-03-01T00:00:00Z'), shanghai);
  form.id = 'awards-2026';
  form.titleZh = '大赛';
  form.categories[0]!.titleZh = '绘画';
  form.categories[0]!.rubric[0]!.labelZh = '技艺';
  mutate(form);
  const result = validateProgrammeForm(form, shanghai);
  if (result.ok) return {};
  return Object.fromEntries(result.issues.map((i) => [i.path.join('.'), issueMessage(i)]));
}

describe('messages for the programme form', () => {
  it('says a blank title is required', () => {
    expect(problemsOf((f) => (f.titleZh = ''))['title.zh-CN']?.key).toBe('awardsAdmin.form.required');
  });

  it('explains the id format', () => {
    expect(problemsOf((f) => (f.id = 'No Spaces'))['id']?.key).toBe('awardsAdmin.form.idFormat');
  });

  it('says phases must not go backwards, and a blank date is not a date', () => {
    const problems = problemsOf((f) => {
      f.schedule.ceremony = '2026-03-01T09:00';
      f.schedule.results = '';
    });
    expect(problems['schedule.ceremony']?.key).toBe('awardsAdmin.form.scheduleOrder');
    expect(problems['schedule.results']?.key).toBe('awardsAdmin.form.date');
  });

  it('gives the limits of numbers', () => {
    const problems = problemsOf((f) => {
      f.categories[0]!.rubric[0]!.max = '0';
      f.categories[0]!.votesPerAccount = '11';
      f.categories[0]!.rubric[0]!.weight = 'heavy';
    });
    expect(problems['categories.0.rubric.0.max']).toEqual({ key: 'awardsAdmin.form.min', params: { min: 1 } });
    expect(problems['categories.0.votesPerAccount']).toEqual({ key: 'awardsAdmin.form.max', params: { max: 10 } });
    expect(problems['categories.0.rubric.0.weight']?.key).toBe('awardsAdmin.form.number');
  });

  it('asks for at least one accepted kind', () => {
    expect(problemsOf((f) => (f.categories[0]!.kinds = []))['categories.0.eligibility.kinds']?.key).toBe('awardsAdmin.form.atLeastOne');
  });

  it("keeps the server's words for issues it reports without a code", () => {
    expect(issueMessage({ path: ['judgeIds', 0], message: 'not a judge' })).toEqual({ key: 'awardsAdmin.form.invalid', detail: 'not a judge' });
  });
});
