import { describe, expect, it } from 'vitest';
import { signUpFeedback } from './sign-up-feedback';

describe('sign-up feedback', () => {
  it('words a weak password: too short first, then the warning and suggestions the server sent', () => {
    expect(signUpFeedback('PASSWORD_WEAK', { tooShort: true, minLength: 10, warning: 'topTen', suggestions: ['anotherWord'] })).toEqual([
      { key: 'password.tooShort', params: { count: 10 } },
      { key: 'password.warning.topTen' },
      { key: 'password.suggestion.anotherWord' },
    ]);
  });

  it('skips keys it does not know and odd details', () => {
    expect(signUpFeedback('PASSWORD_WEAK', { warning: 'fromTheFuture', suggestions: ['toString', 7] })).toEqual([]);
    expect(signUpFeedback('PASSWORD_WEAK', null)).toEqual([]);
  });

  it('says why a name was refused', () => {
    expect(signUpFeedback('NAME_NOT_ALLOWED', { field: 'displayName', reason: 'reserved' })).toEqual([{ key: 'name.reason.reserved' }]);
    expect(signUpFeedback('SIGN_UP_REFUSED', {})).toEqual([]);
  });
});
