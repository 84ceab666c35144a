// Vitest setup (vitest.config.ts): component tests render synchronously, so every namespace is
// fetched before the first test; the app itself fetches a feature's words when a page needs them.
// Only where there is a DOM (jsdom tests): node tests never render and need not pay for it.
import { loadAllWords } from './loaders';

if (typeof document !== 'undefined') await loadAllWords();
