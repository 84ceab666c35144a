import { WorkMetadata } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { emptyWorkForm, parseCentimetres, workFormFrom, WorkMetadataForm, workMetadataFromForm, type WorkFormState } from './work-form-state';

const filled = (): WorkFormState => ({
  ...emptyWorkForm(),
  title: { 'zh-CN': '  山水 ', en: ' Landscape ' },
  creator: ' 齐白石 ',
  date: ' c. 1920 ',
  dimensions: { widthCm: '45,5', heightCm: '120', depthCm: '' },
  rights: { holder: ' 北京画院 ', licence: 'cc-by', credit: '' },
});

describe('work form state', () => {
  it('trims every text and parses lengths into the metadata the API takes', () => {
    expect(workMetadataFromForm(filled())).toEqual({
      title: { 'zh-CN': '山水', en: 'Landscape' },
      creator: '齐白石',
      date: 'c. 1920',
      dimensions: { widthCm: 45.5, heightCm: 120 },
      rights: { holder: '北京画院', licence: 'cc-by' },
    });
    expect(WorkMetadata.safeParse(workMetadataFromForm(filled())).success).toBe(true);
  });

  it('leaves out optional texts, the date, the credit and dimensions when blank', () => {
    const metadata = workMetadataFromForm({ ...filled(), date: '  ', dimensions: { widthCm: '', heightCm: ' ', depthCm: '' }, medium: { 'zh-CN': ' ', en: '' } });
    expect(metadata).not.toHaveProperty('medium');
    expect(metadata).not.toHaveProperty('dimensions');
    expect(metadata).not.toHaveProperty('date');
    expect(metadata.rights).not.toHaveProperty('credit');
  });

  it('keeps half-filled optional fields so the schema can name what is missing', () => {
    const metadata = workMetadataFromForm({ ...filled(), medium: { 'zh-CN': '', en: 'Ink on paper' }, dimensions: { widthCm: '45,5', heightCm: '', depthCm: '3' } });
    expect(metadata.medium).toEqual({ 'zh-CN': '', en: 'Ink on paper' });
    expect(metadata.dimensions).toEqual({ widthCm: 45.5, heightCm: undefined, depthCm: 3 });
    const paths = WorkMetadata.safeParse(metadata).error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['medium.zh-CN', 'dimensions.heightCm']));
  });

  it('reads lengths with a point or a comma and turns anything else into NaN', () => {
    expect(parseCentimetres('')).toBeUndefined();
    expect(parseCentimetres(' 12.5 ')).toBe(12.5);
    expect(parseCentimetres('12，5')).toBe(12.5);
    expect(parseCentimetres('.5')).toBe(0.5);
    expect(parseCentimetres('12 cm')).toBeNaN();
    expect(parseCentimetres('1e3')).toBeNaN();
  });

  it('fills the form from a stored work and back without losing anything', () => {
    const stored = WorkMetadata.parse({
      title: { 'zh-CN': '瓶', en: 'Vase' },
      creator: 'Anon',
      medium: { 'zh-CN': '瓷', en: '' },
      dimensions: { widthCm: 20, heightCm: 31.5, depthCm: 20 },
      rights: { holder: 'Museum', licence: 'cc0', credit: 'Gift of X' },
    });
    const form = workFormFrom(stored);
    expect(form.dimensions.depthCm).toBe('20');
    expect(form.description).toEqual({ 'zh-CN': '', en: '' });
    expect(WorkMetadata.parse(workMetadataFromForm(form))).toEqual(stored);
    expect(WorkMetadataForm.parse(form)).toEqual(stored);
  });

  it('parses the form with the shared schema, issues at the fields they name', () => {
    const parsed = WorkMetadataForm.safeParse({ ...filled(), title: { 'zh-CN': ' ', en: 'x' }, dimensions: { widthCm: '12 cm', heightCm: '3', depthCm: '' }, rights: { holder: '', licence: '', credit: '' } });
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['dimensions.widthCm', 'rights.holder', 'rights.licence', 'title.zh-CN']);
  });
});
