import { describe, expect, it } from 'vitest';
import type { OffsetAt } from './datetime-local';
import { emptyCategory, emptyProgrammeForm, formFieldPaths, nextId, placeIssues, placeOfIssue, programmeInputFromForm, validateProgrammeForm, type ProgrammeForm } from './programme-form';

const shanghai: OffsetAt = () => 480;

function filledForm(): ProgrammeForm {
  const form = emptyProgrammeForm(Date.parse('2026-03-01T00:00:00Z'), shanghai);
  form.id = 'national-2026';
  form.titleZh = '全国美术大赛';
  form.titleEn = 'National Awards';
  const category = form.categories[0]!;
  category.id = 'painting';
  category.titleZh = '绘画';
  category.rubric[0] = { id: 'craft', labelZh: '技艺', labelEn: 'Craft', weight: '2', max: '10' };
  return form;
}

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
    form.titleEn = '  National Awards ';
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
    const result = validateProgrammeForm(filledForm(), shanghai);
    expect(result.ok).toBe(true);
  });

  it('reports problems at the paths of the schema', () => {
    const form = filledForm();
    form.id = 'X';
    form.categories[0]!.rubric[0]!.max = '';
    form.categories[0]!.rubric[0]!.weight = 'abc';
    form.schedule.voting = '2026-03-01T09:00';
    const result = validateProgrammeForm(form, shanghai);
    if (result.ok) throw new Error('expected problems');
    const paths = result.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('id');
    expect(paths).toContain('categories.0.rubric.0.max');
    expect(paths).toContain('categories.0.rubric.0.weight');
    expect(paths).toContain('schedule.voting');
  });

  it('flags duplicate category ids and blank dates', () => {
    const form = filledForm();
    form.categories.push({ ...emptyCategory(2), id: 'painting', titleZh: '又一个' });
    form.schedule.results = '';
    const result = validateProgrammeForm(form, shanghai);
    if (result.ok) throw new Error('expected problems');
    const paths = result.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('categories.1.id');
    expect(paths).toContain('schedule.results');
  });

  it('picks the next free id for a new row', () => {
    expect(nextId('category', ['category-1'])).toBe('category-2');
    expect(nextId('category', ['category-2', 'painting'])).toBe('category-3');
    expect(nextId('criterion', [])).toBe('criterion-1');
  });
});

describe('placing errors on the form', () => {
  const known = formFieldPaths(filledForm());

  it('puts an issue on its own field', () => {
    expect(placeOfIssue(['categories', 0, 'rubric', 0, 'max'], known)).toBe('categories.0.rubric.0.max');
  });

  it('puts an issue about a whole object on its first input', () => {
    expect(placeOfIssue(['title'], known)).toBe('title.zh-CN');
    expect(placeOfIssue(['categories', 0, 'eligibility'], known)).toBe('categories.0.eligibility.kinds');
  });

  it('puts an issue inside a list on the list', () => {
    expect(placeOfIssue(['categories', 0, 'eligibility', 'kinds', 2], known)).toBe('categories.0.eligibility.kinds');
    expect(placeOfIssue(['categories', 0, 'rubric'], known)).toBe('categories.0.rubric');
  });

  it('leaves issues with no field unplaced, and keeps the first issue per field', () => {
    const { byPath, unplaced } = placeIssues(
      [
        { path: ['judgeIds', 0], message: 'not a judge' },
        { path: ['id'], message: 'first' },
        { path: ['id'], message: 'second' },
        { path: [], message: 'whole body' },
      ],
      known,
    );
    expect(byPath['id']?.message).toBe('first');
    expect(unplaced.map((i) => i.message)).toEqual(['not a judge', 'whole body']);
  });
});
