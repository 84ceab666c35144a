import { describe, expect, it } from 'vitest';
import { fieldErrorOf, fieldErrorsFromIssues, fieldOfIssuePath, fieldsOfFormKey, issuesOfDetails, validateWorkForm, withoutFields } from './work-field-errors';
import { emptyWorkForm } from './work-form-state';

describe('issue paths to form fields', () => {
  it('maps paths of the metadata, with or without the metadata prefix, onto their inputs', () => {
    expect(fieldOfIssuePath(['metadata', 'title', 'zh-CN'])).toBe('title.zh-CN');
    expect(fieldOfIssuePath(['creator'])).toBe('creator');
    expect(fieldOfIssuePath(['metadata', 'dimensions', 'depthCm'])).toBe('dimensions.depthCm');
    expect(fieldOfIssuePath(['metadata', 'rights', 'licence'])).toBe('rights.licence');
  });

  it('puts an issue about a whole object on its first input and ids on their pickers', () => {
    expect(fieldOfIssuePath(['metadata', 'title'])).toBe('title.zh-CN');
    expect(fieldOfIssuePath(['metadata', 'dimensions'])).toBe('dimensions.widthCm');
    expect(fieldOfIssuePath(['metadata', 'rights'])).toBe('rights.holder');
    expect(fieldOfIssuePath(['assetId'])).toBe('file');
    expect(fieldOfIssuePath(['audioGuideAssetId'])).toBe('audioGuide');
    expect(fieldOfIssuePath(['kind'])).toBe('kind');
  });

  it('returns null for paths no field shows', () => {
    expect(fieldOfIssuePath([])).toBeNull();
    expect(fieldOfIssuePath(['metadata'])).toBeNull();
    expect(fieldOfIssuePath(['ownerId'])).toBeNull();
  });

  it('keeps the first issue per field and returns the rest apart', () => {
    const { fields, unplaced } = fieldErrorsFromIssues([
      { path: ['metadata', 'creator'], message: 'Too small' },
      { path: ['metadata', 'creator'], message: 'second' },
      { path: ['somethingElse'], message: 'x' },
    ]);
    expect(fields.creator).toEqual({ key: 'works.error.invalid', detail: 'Too small' });
    expect(unplaced).toEqual([{ path: ['somethingElse'], message: 'x' }]);
  });

  it('reads the issues of a VALIDATION_FAILED body, dotted or array paths, and ignores junk', () => {
    expect(
      issuesOfDetails({ issues: [{ path: ['metadata', 'title', 'zh-CN'], message: 'm' }, { path: 'metadata.creator', message: 'n' }, { message: 'no path' }, null] }),
    ).toEqual([
      { path: ['metadata', 'title', 'zh-CN'], message: 'm' },
      { path: ['metadata', 'creator'], message: 'n' },
    ]);
    expect(issuesOfDetails({ issues: [{ path: ['metadata.creator'] }] })).toEqual([{ path: ['metadata', 'creator'] }]);
    expect(issuesOfDetails({ issues: [{ path: '', message: 'whole body' }] })).toEqual([{ path: [], message: 'whole body' }]);
    expect(issuesOfDetails(undefined)).toEqual([]);
    expect(issuesOfDetails({ issues: 'no' })).toEqual([]);
  });

  it('places the server answer for a kind that does not match the upload under the kind', () => {
    const { fields } = fieldErrorsFromIssues(issuesOfDetails({ issues: [{ path: 'kind', message: 'the upload is a video file, not audio' }] }));
    expect(fields.kind).toEqual({ key: 'works.error.invalid', detail: 'the upload is a video file, not audio' });
  });
});

describe('validating the form with the shared schema', () => {
  it('asks for the required fields of a blank form and nothing else', () => {
    const result = validateWorkForm(emptyWorkForm());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['creator', 'rights.holder', 'title.zh-CN']);
    expect(result.errors['title.zh-CN']?.key).toBe('works.error.required');
  });

  it('words limits and bad numbers with their own messages', () => {
    const form = { ...emptyWorkForm(), title: { 'zh-CN': 'x'.repeat(121), en: '' }, creator: 'A', rightsHolder: 'B', widthCm: 'abc', heightCm: '-2', licence: '' as const };
    const result = validateWorkForm(form);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors['title.zh-CN']).toEqual({ key: 'works.error.tooLong', params: { max: 120 } });
    expect(result.errors['dimensions.widthCm']?.key).toBe('works.error.number');
    expect(result.errors['dimensions.heightCm']?.key).toBe('works.error.positive');
    expect(result.errors['rights.licence']?.key).toBe('works.error.choose');
  });

  it('asks for the other length when only one of width and height is given', () => {
    const result = validateWorkForm({ ...emptyWorkForm(), title: { 'zh-CN': '题', en: '' }, creator: 'A', rightsHolder: 'B', widthCm: '12' });
    if (result.ok) throw new Error('expected an error for the height');
    expect(result.errors).toEqual({ 'dimensions.heightCm': { key: 'works.error.required' } });
  });

  it('returns the parsed metadata, defaults applied, when the form is valid', () => {
    const result = validateWorkForm({ ...emptyWorkForm(), title: { 'zh-CN': '题', en: '' }, creator: 'A', rightsHolder: 'B', widthCm: '10001', heightCm: '5' });
    if (result.ok) throw new Error('expected an error for the width');
    expect(result.errors['dimensions.widthCm']).toEqual({ key: 'works.error.tooLarge', params: { max: 10000 } });
    const valid = validateWorkForm({ ...emptyWorkForm(), title: { 'zh-CN': '题', en: '' }, creator: 'A', rightsHolder: 'B' });
    expect(valid).toEqual({ ok: true, metadata: expect.objectContaining({ date: '', rights: { holder: 'B', licence: 'all-rights-reserved', credit: '' } }) });
  });

  it('translates an issue code it does not know to the generic message', () => {
    expect(fieldErrorOf({ path: ['x'], code: 'custom' }).key).toBe('works.error.invalid');
  });
});

describe('clearing errors as fields are edited', () => {
  it('clears the errors of the edited inputs and keeps the others', () => {
    const errors = { creator: { key: 'works.error.required' as const }, 'title.zh-CN': { key: 'works.error.required' as const } };
    expect(withoutFields(errors, fieldsOfFormKey('title'))).toEqual({ creator: errors.creator });
    expect(withoutFields(errors, fieldsOfFormKey('date'))).toBe(errors);
    expect(fieldsOfFormKey('heightCm')).toContain('dimensions.widthCm');
    expect(fieldsOfFormKey('rightsHolder')).toEqual(['rights.holder']);
  });
});
