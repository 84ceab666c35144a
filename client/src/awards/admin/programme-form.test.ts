import { describe, expect, it } from 'vitest';
import type { OffsetAt } from './datetime-local';
import { emptyCategory, emptyProgrammeForm, nextId, programmeFormSchema, programmeInputFromForm, programmeWords, type ProgrammeForm } from './programme-form';

const shanghai: OffsetAt = () => 480;

function filledForm(): ProgrammeForm {
  const form = emptyProgrammeForm(Date.parse('2026-03-01T00:00:00Z'), shanghai);
  form.id = 'national-2026';
  form.title = { 'zh-CN': '全国美术大赛', en: 'National Awards' };
  const category = form.categories[0]!;
  category.id = 'painting';
  category.title['zh-CN'] = '绘画';
  category.rubric[0] = { id: 'craft', label: { 'zh-CN': '技艺', en: 'Craft' }, weight: '2', max: '10' };
  return form;
}

/** The schema paths of the form's problems. */
const problemPaths = (form: ProgrammeForm) => programmeFormSchema(shanghai).safeParse(form).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('the new programme form', () => {
  it('starts with five phase dates a week apart, from tomorrow at 09:00', () => {
    const form = emptyProgrammeForm(Date.parse('2026-03-01T00:00:00Z'), shanghai);
    expect(form.schedule).toEqual({
      entries: '2026-03-02T09:00',
      judging: '2026-03-09T09:00',
      voting: '2026-03-16T09:00',
      ceremony: '2026-03-23T09:00',
      results: '2026-03-30T09:00',
    });
    expect(form.categories).toHaveLength(1);
  });

  it('maps the form onto a ProgrammeInput with ISO dates, numbers and trimmed texts', () => {
    const form = filledForm();
    form.title.en = '  National Awards ';
    form.eventId = 'spring-gala';
    const input = programmeInputFromForm(form, shanghai);
    expect(input.title).toEqual({ 'zh-CN': '全国美术大赛', en: 'National Awards' });
    expect(input.eventId).toBe('spring-gala');
    expect(input.schedule.entries).toBe('2026-03-02T09:00:00+08:00');
    expect(input.categories[0]!.rubric[0]).toEqual({ id: 'craft', label: { 'zh-CN': '技艺', en: 'Craft' }, weight: 2, max: 10 });
    expect(input.categories[0]!.eligibility).toEqual({ kinds: ['image'] });
    expect(input.summary).toBeUndefined();
  });

  it('sends no ceremony event when none is chosen and the trim share only for a trimmed mean', () => {
    const form = filledForm();
    form.categories[0]!.trimShare = '0.3';
    expect(programmeInputFromForm(form, shanghai).eventId).toBeNull();
    expect(programmeInputFromForm(form, shanghai).categories[0]!.trimShare).toBeUndefined();
    form.categories[0]!.aggregation = 'trimmed-mean';
    expect(programmeInputFromForm(form, shanghai).categories[0]!.trimShare).toBe(0.3);
  });

  it('accepts a complete form', () => {
    expect(programmeFormSchema(shanghai).safeParse(filledForm()).success).toBe(true);
  });

  it('reports problems at the paths of the schema', () => {
    const form = filledForm();
    form.id = 'X';
    form.categories[0]!.rubric[0]!.max = '';
    form.categories[0]!.rubric[0]!.weight = 'abc';
    form.schedule.voting = '2026-03-01T09:00';
    const paths = problemPaths(form);
    expect(paths).toContain('id');
    expect(paths).toContain('categories.0.rubric.0.max');
    expect(paths).toContain('categories.0.rubric.0.weight');
    expect(paths).toContain('schedule.voting');
  });

  it('flags duplicate category ids and blank dates', () => {
    const form = filledForm();
    form.categories.push({ ...emptyCategory(2), id: 'painting', title: { 'zh-CN': '又一个', en: '' } });
    form.schedule.results = '';
    const paths = problemPaths(form);
    expect(paths).toContain('categories.1.id');
    expect(paths).toContain('schedule.results');
  });

  it('picks the next free id for a new row', () => {
    expect(nextId('category', ['category-1'])).toBe('category-2');
    expect(nextId('category', ['category-2', 'painting'])).toBe('category-3');
    expect(nextId('criterion', [])).toBe('criterion-1');
  });

  it('words date and id problems its own way', () => {
    expect(programmeWords({ path: 'schedule.voting', code: 'custom' })).toEqual({ key: 'awardsAdmin.form.scheduleOrder' });
    expect(programmeWords({ path: 'schedule.results', code: 'invalid_format' })).toEqual({ key: 'form.error.date' });
    expect(programmeWords({ path: 'categories.1.id', code: 'custom' })).toEqual({ key: 'awardsAdmin.form.duplicateId' });
    expect(programmeWords({ path: 'id', code: 'invalid_format' })).toEqual({ key: 'awardsAdmin.form.idFormat' });
    expect(programmeWords({ path: 'title.zh-CN', code: 'too_small' })).toBeUndefined();
  });
});
