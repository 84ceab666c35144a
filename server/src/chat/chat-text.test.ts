import { describe, expect, it } from 'vitest';
import { MAX_MENTIONS, keywordVerdict, mentionedUsernames } from './chat-text';

describe('keywordVerdict', () => {
  it('matches a phrase literally, ignoring case and full-width forms (NFKC)', () => {
    const rules = [{ phrase: 'Buy Now', action: 'hold' as const }];
    expect(keywordVerdict('please BUY NOW!', rules)).toBe('hold');
    expect(keywordVerdict('ｂｕｙ　ｎｏｗ', rules)).toBe('hold');
    expect(keywordVerdict('buy it now', rules)).toBeNull();
  });

  it('treats regular-expression characters as plain text', () => {
    expect(keywordVerdict('a.b', [{ phrase: 'a.*', action: 'hide' }])).toBeNull();
    expect(keywordVerdict('see a.* here', [{ phrase: 'a.*', action: 'hide' }])).toBe('hide');
  });

  it('prefers hide over hold when both match', () => {
    const rules = [
      { phrase: 'spam', action: 'hold' as const },
      { phrase: 'scam', action: 'hide' as const },
    ];
    expect(keywordVerdict('spam and scam', rules)).toBe('hide');
    expect(keywordVerdict('just spam', rules)).toBe('hold');
  });
});

describe('mentionedUsernames', () => {
  it('finds @names once each, in order, without a sentence-ending dot', () => {
    expect(mentionedUsernames('hi @ann and @Bob.smith, also @ann. bye @BOB.SMITH')).toEqual(['ann', 'Bob.smith']);
  });

  it('ignores e-mail addresses, too-short names and a bare @', () => {
    expect(mentionedUsernames('mail me@example.com or @ab or @ alone')).toEqual([]);
  });

  it(`stops at ${MAX_MENTIONS} mentions`, () => {
    const text = Array.from({ length: 15 }, (_, i) => `@user${i}`).join(' ');
    expect(mentionedUsernames(text)).toHaveLength(MAX_MENTIONS);
  });
});
