import { ErrorCode } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { dictionaries } from '../i18n/dictionary';
import { errorMessage, isWireErrorCode } from './error-messages';

describe('errorMessage', () => {
  it.each(ErrorCode.options)('gives %s its own translated message', (code) => {
    const { key } = errorMessage(code);
    expect(key).toBe(`error.${code}`);
    expect(dictionaries.en[key]).toBeTruthy();
    expect(dictionaries['zh-CN'][key]).toBeTruthy();
  });

  it('gives the chat errors a viewer meets friendly wording', () => {
    expect(dictionaries.en[errorMessage('UNAUTHENTICATED').key]).toBe('Please sign in first.');
    expect(dictionaries.en[errorMessage('RATE_LIMITED').key]).toMatch(/too fast/);
    expect(dictionaries.en[errorMessage('VALIDATION_FAILED').key]).toMatch(/check/);
  });

  it('says how long to wait when a rate limit says so', () => {
    expect(errorMessage('RATE_LIMITED', { retryAfterMs: 2_300 })).toEqual({ key: 'error.RATE_LIMITED_WAIT', params: { seconds: 3 } });
  });

  it('ignores a malformed retry hint', () => {
    expect(errorMessage('RATE_LIMITED', { retryAfterMs: 'soon' })).toEqual({ key: 'error.RATE_LIMITED' });
    expect(errorMessage('RATE_LIMITED', { retryAfterMs: -1 })).toEqual({ key: 'error.RATE_LIMITED' });
  });

  it('maps local failures (network, camera permission) to their own messages', () => {
    expect(errorMessage('NETWORK').key).toBe('error.NETWORK');
    expect(errorMessage('MEDIA_PERMISSION').key).toBe('error.MEDIA_PERMISSION');
  });

  it('falls back to a generic message for a code it does not know', () => {
    expect(errorMessage('SOMETHING_NEW').key).toBe('error.generic');
    expect(errorMessage('toString').key).toBe('error.generic');
  });

  it('recognises exactly the wire codes', () => {
    for (const code of ErrorCode.options) expect(isWireErrorCode(code)).toBe(true);
    expect(isWireErrorCode('NETWORK')).toBe(false);
    expect(isWireErrorCode(42)).toBe(false);
  });
});
