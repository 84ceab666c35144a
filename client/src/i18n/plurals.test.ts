import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messageOfIssue, type IssueFacts } from '../forms/field-messages';
import { createI18n, translator, type Translate } from './instance';
import { loadAllWords } from './loaders';
import type { Locale } from './locale';

// Through the real i18next instance the app uses (createI18n), not a stand-in.
function tIn(locale: Locale): Translate {
  return translator(createI18n(locale), locale);
}

describe('plurals (CLDR, through i18next)', () => {
  let en: Translate;
  let zh: Translate;
  beforeAll(async () => {
    await loadAllWords();
    en = tIn('en');
    zh = tIn('zh-CN');
  });

  it('says "1 vote" and "2 votes" in English', () => {
    expect(en('awards.votesCount', { count: 1 })).toBe('1 vote');
    expect(en('awards.votesCount', { count: 2 })).toBe('2 votes');
    expect(en('awards.votesCount', { count: 0 })).toBe('0 votes');
    expect(en('awards.totalVotes', { count: 1 })).toBe('1 vote in all');
    expect(en('awards.tallyFigure', { percent: 50, count: 1 })).toBe('50% · 1 vote');
    expect(en('awards.categoryCount', { count: 1 })).toBe('1 category');
    expect(en('awards.categoryCount', { count: 3 })).toBe('3 categories');
    expect(en('mod.log.mute', { user: 'Ada', count: 1 })).toBe('Muted Ada for 1 minute');
    expect(en('mod.log.mute', { user: 'Ada', count: 10 })).toBe('Muted Ada for 10 minutes');
  });

  it('has one form in Chinese', () => {
    expect(zh('awards.votesCount', { count: 1 })).toBe('1 票');
    expect(zh('awards.votesCount', { count: 2 })).toBe('2 票');
    expect(zh('awards.totalVotes', { count: 1 })).toBe('共 1 票');
  });

  it('words a length limit as "1 character" or "2 characters" in English, one form in Chinese', () => {
    const tooLong = (max: number) => messageOfIssue({ code: 'too_big', origin: 'string', maximum: max });
    const tooShort = (min: number) => messageOfIssue({ code: 'too_small', origin: 'string', minimum: min });
    expect(en(tooLong(1).key, tooLong(1).params)).toBe('At most 1 character.');
    expect(en(tooLong(2).key, tooLong(2).params)).toBe('At most 2 characters.');
    expect(en(tooShort(2).key, tooShort(2).params)).toBe('At least 2 characters.');
    expect(en(tooLong(2000).key, tooLong(2000).params)).toBe('At most 2,000 characters.');
    expect(zh(tooLong(1).key, tooLong(1).params)).toBe('最多 1 个字符。');
    expect(en('form.error.passwordShort', { count: 1 })).toBe('Passwords need at least 1 character.');
    expect(en('form.error.passwordShort', { count: 12 })).toBe('Passwords need at least 12 characters.');
    expect(en('password.tooShort', { count: 1 })).toBe('Use at least 1 character.');
  });

  it('words the issue a shared schema raises with the count it carries', () => {
    const result = z.object({ title: z.string().max(1), note: z.string().min(3) }).safeParse({ title: 'ab', note: 'x' });
    const byPath = new Map((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), messageOfIssue(issue as IssueFacts)]));
    const title = byPath.get('title')!;
    const note = byPath.get('note')!;
    expect(en(title.key, title.params)).toBe('At most 1 character.');
    expect(en(note.key, note.params)).toBe('At least 3 characters.');
  });

  it('shows the count formatted for the language while choosing the form on the number', () => {
    expect(en('awards.votesCount', { count: 12_345 })).toBe('12,345 votes');
    expect(en('curate.works', { count: 1 })).toBe('1 work');
  });

  it('fills {name} placeholders and leaves one without a value as written', () => {
    expect(en('account.signedInAs', { name: 'Ada', username: 'ada' })).toBe('Signed in as Ada (ada)');
    expect(en('account.signedInAs', { name: 'Ada' })).toBe('Signed in as Ada ({username})');
  });

  it('leaves values unescaped for React to escape, and never reads them as nested keys', () => {
    expect(en('mod.log.by', { user: '<b>&</b>' })).toBe('by <b>&</b>');
    expect(en('mod.log.by', { user: '$t(app.name)' })).toBe('by $t(app.name)');
  });

  it('takes a placeholder named like an i18next option as a plain value', () => {
    expect(en('mod.log.by', { user: 'x', lng: 'zh-CN', ns: 'awards' })).toBe('by x');
  });

  it('answers in the language it was made for, whatever another instance does', () => {
    const other = createI18n('en');
    void other.changeLanguage('zh-CN');
    expect(en('nav.lobby')).toBe('Lobby');
    expect(zh('nav.lobby')).toBe('大厅');
  });
});

/** Never called: the compiler checks these lines (`npm run typecheck`). */
export function compileTimeChecks(t: Translate): string[] {
  return [
    t('awards.votesCount', { count: 2 }),
    t('nav.lobby'),
    // @ts-expect-error a plural key needs its count
    t('awards.votesCount'),
    // @ts-expect-error a plural key needs its count, whatever else it is given
    t('awards.tallyFigure', { percent: 3 }),
    // @ts-expect-error an unknown key
    t('awards.noSuchKey'),
    // @ts-expect-error the stored form of a plural key is not a key to ask for
    t('awards.votesCount_other', { count: 1 }),
  ];
}
