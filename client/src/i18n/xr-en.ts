import type { Translation } from './dictionary';
import type { xrZhCN } from './xr-zh-cn';

// The VR mode's words in English (its own namespace, see namespaces.ts); every key of xr-zh-cn.ts.

/** The VR mode's UI text in English. */
export const xrEn: Translation<typeof xrZhCN> = {
  'xr.enter': 'Enter VR',
  'xr.exit': 'Exit VR',
  'xr.enterLabel': 'Visit the hall in a VR headset: point at the floor to teleport, push the stick left or right to turn',
  'xr.failed': 'Could not enter VR: {message}',
  'xr.panelClose': 'Close',
  'xr.panelCreator': '{creator} · {date}',
};
