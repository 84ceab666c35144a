import { describe, expect, it } from 'vitest';
import { createI18n, translator } from './instance';
import { preloadShellWords, wordsAt } from './loaders';

// Node environment: the test setup fetches nothing here, so the feature namespaces start unloaded,
// as in the browser.

describe('lazily loaded namespaces', () => {
  it('answers zh-CN common and form words at once, with nothing fetched', () => {
    const t = translator(createI18n('zh-CN'), 'zh-CN');
    expect(t('nav.lobby')).toBe('大厅');
    expect(t('form.requiredMark')).toBe('（必填）');
    expect(wordsAt('en', 'common')).toBeUndefined();
  });

  it('fetches English common and form words before the first render in English (not in the app shell)', async () => {
    expect(wordsAt('en', 'common')).toBeUndefined();
    await preloadShellWords('en');
    const t = translator(createI18n('en'), 'en');
    expect(t('nav.lobby')).toBe('Lobby');
    expect(t('form.requiredMark')).toBe('(required)');
  });

  it('fetches a feature namespace the first time it is asked for', async () => {
    expect(wordsAt('en', 'awards-admin')).toBeUndefined();
    await preloadShellWords('en');
    const i18n = createI18n('en');
    const t = translator(i18n, 'en');

    let thrown: unknown;
    try {
      t('awardsAdmin.results.totalVotes', { count: 1 });
    } catch (error) {
      thrown = error;
    }
    // React Suspense's contract: the render throws a promise that settles when it can go on.
    expect(thrown).toBeInstanceOf(Promise);
    await thrown;
    expect(t('awardsAdmin.results.totalVotes', { count: 1 })).toBe('1 vote');
    expect(wordsAt('zh-CN', 'awards-admin')).toBeUndefined();
  });

  it('loads the namespaces in use in the new language before it switches', async () => {
    const i18n = createI18n('zh-CN');
    try {
      translator(i18n, 'zh-CN')('curate.works', { count: 2 });
    } catch (pending) {
      await pending;
    }
    expect(translator(i18n, 'zh-CN')('curate.works', { count: 2 })).toBe('2 件作品');
    await i18n.changeLanguage('en');
    expect(i18n.hasResourceBundle('en', 'curate')).toBe(true);
    expect(translator(i18n, 'en')('curate.works', { count: 1 })).toBe('1 work');
  });

  it('is ready at once, with no fetch, for an instance made after the words are here', () => {
    const t = translator(createI18n('en'), 'en');
    expect(t('curate.works', { count: 3 })).toBe('3 works');
  });
});
