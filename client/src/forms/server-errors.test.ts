import { describe, expect, it } from 'vitest';
import { ClientError } from '../lib/client-error';
import { decodeFieldMessage, messageOfIssue } from './field-messages';
import { applyServerError, fieldOfPath, issuesOfDetails, SERVER_ERROR } from './server-errors';

/** A setError that records its calls, as react-hook-form would receive them. */
function recorder() {
  const calls: Array<{ name: string; type: string | undefined; message: ReturnType<typeof decodeFieldMessage>; focus: boolean | undefined }> = [];
  const setError = (name: string, error: { type?: string; message?: string }, options?: { shouldFocus?: boolean }) => {
    calls.push({ name, type: error.type, message: decodeFieldMessage(error.message), focus: options?.shouldFocus });
  };
  return { calls, setError };
}

const FIELDS = ['id', 'title.zh-CN', 'title.en', 'categories', 'categories.0.id', 'categories.0.rubric', 'categories.0.rubric.0.weight'];

describe('issuesOfDetails', () => {
  it('reads the dotted paths the server sends and array paths as zod writes them', () => {
    expect(issuesOfDetails({ issues: [{ path: 'title.zh-CN', message: 'Required' }, { path: ['categories', 0, 'id'] }, null, { message: 'no path' }] })).toEqual([
      { path: 'title.zh-CN', message: 'Required' },
      { path: 'categories.0.id' },
    ]);
  });

  it('finds no issues in details of another shape', () => {
    expect(issuesOfDetails(undefined)).toEqual([]);
    expect(issuesOfDetails({ retryAfterMs: 5 })).toEqual([]);
  });
});

describe('fieldOfPath', () => {
  it('places a path on its own field, a whole object on its first field, an item on its list', () => {
    expect(fieldOfPath('title.en', FIELDS)).toBe('title.en');
    expect(fieldOfPath('title', FIELDS)).toBe('title.zh-CN');
    expect(fieldOfPath('categories.0.rubric.3', FIELDS)).toBe('categories.0.rubric');
    expect(fieldOfPath('categories.4.id', FIELDS)).toBe('categories');
  });

  it('places nothing the form does not have', () => {
    expect(fieldOfPath('judgeIds', FIELDS)).toBeNull();
    expect(fieldOfPath('', FIELDS)).toBeNull();
  });
});

describe('applyServerError', () => {
  it('puts each VALIDATION_FAILED issue on its field, focusing only the first', () => {
    const { calls, setError } = recorder();
    const error = new ClientError('VALIDATION_FAILED', 'Invalid id', { issues: [{ path: 'id', message: 'bad' }, { path: 'categories.0.rubric.0.weight', message: 'Too big' }] });
    const applied = applyServerError(error, setError, { fields: FIELDS });
    expect(applied).toEqual({ fields: ['id', 'categories.0.rubric.0.weight'], formLevel: false });
    expect(calls).toEqual([
      { name: 'id', type: 'server', message: { key: 'form.error.server' }, focus: true },
      { name: 'categories.0.rubric.0.weight', type: 'server', message: { key: 'form.error.server' }, focus: false },
    ]);
  });

  it('shows issues that fit no field as a form-level error, worded from the code, never the server English', () => {
    const { calls, setError } = recorder();
    const error = new ClientError('VALIDATION_FAILED', 'Invalid judgeIds', { issues: [{ path: 'title.zh-CN', message: 'x' }, { path: 'judgeIds', message: 'Invalid' }] });
    expect(applyServerError(error, setError, { fields: FIELDS })).toEqual({ fields: ['title.zh-CN'], formLevel: true });
    expect(calls.at(-1)).toEqual({ name: SERVER_ERROR, type: 'VALIDATION_FAILED', message: { key: 'error.VALIDATION_FAILED' }, focus: undefined });
  });

  it('renames wire paths and uses the form own words for an issue', () => {
    const { calls, setError } = recorder();
    const error = new ClientError('VALIDATION_FAILED', 'wrong', { issues: [{ path: 'metadata.title.zh-CN', message: 'wrong password' }] });
    applyServerError(error, setError, {
      fields: FIELDS,
      rename: (p) => p.replace(/^metadata\./, ''),
      words: (issue, field) => (field === 'title.zh-CN' ? { key: 'account.wrongCurrent' } : undefined),
    });
    expect(calls).toEqual([{ name: 'title.zh-CN', type: 'server', message: { key: 'account.wrongCurrent' }, focus: true }]);
  });

  it('shows any other error as a form-level message for its code (with its values)', () => {
    const { calls, setError } = recorder();
    applyServerError(new ClientError('RATE_LIMITED', 'slow down', { retryAfterMs: 2500 }), setError, { fields: FIELDS });
    expect(calls).toEqual([{ name: SERVER_ERROR, type: 'RATE_LIMITED', message: { key: 'error.RATE_LIMITED_WAIT', params: { seconds: 3 } }, focus: undefined }]);
    applyServerError(new Error('socket hang up'), setError, { fields: FIELDS });
    expect(calls.at(-1)?.message).toEqual({ key: 'error.INTERNAL' });
  });

  it('lets a form place a whole refusal on a field of its own choosing', () => {
    const { calls, setError } = recorder();
    applyServerError(new ClientError('CONFLICT', 'exists'), setError, { fields: FIELDS, refusal: (e) => (e.code === 'CONFLICT' ? { field: 'id', message: { key: 'awardsAdmin.form.idTaken' } } : undefined) });
    expect(calls).toEqual([{ name: 'id', type: 'server', message: { key: 'awardsAdmin.form.idTaken' }, focus: true }]);
  });
});

describe('messageOfIssue', () => {
  it('words zod issues by code and what they were about', () => {
    expect(messageOfIssue({ code: 'too_small', origin: 'string', minimum: 1 })).toEqual({ key: 'form.error.required' });
    expect(messageOfIssue({ code: 'too_small', origin: 'number', minimum: 0, inclusive: false })).toEqual({ key: 'form.error.positive' });
    expect(messageOfIssue({ code: 'too_big', origin: 'string', maximum: 120 })).toEqual({ key: 'form.error.tooLong', params: { count: 120 } });
    expect(messageOfIssue({ code: 'invalid_type', expected: 'number', input: Number.NaN })).toEqual({ key: 'form.error.number' });
    expect(messageOfIssue({ code: 'invalid_type', expected: 'number', input: undefined })).toEqual({ key: 'form.error.required' });
    expect(messageOfIssue({ code: 'invalid_format', format: 'datetime' })).toEqual({ key: 'form.error.date' });
    expect(messageOfIssue({ code: 'whatever' })).toEqual({ key: 'form.error.invalid' });
  });
});
