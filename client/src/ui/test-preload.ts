// Vitest setup (vitest.config.ts): the parts of client/src/ui that the app fetches lazily (the
// toast region) are fetched before jsdom component tests render, so a test sees them on its first
// render, as a page has them from its first toast on. Only where there is a DOM: node tests never render.
// ui/toast.test.tsx covers the lazy path itself with a fresh copy of the module.
import { loadToastRegion } from './toast';

if (typeof document !== 'undefined') await loadToastRegion();
