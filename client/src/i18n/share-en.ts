import type { Translation } from './dictionary';
import type { shareZhCN } from './share-zh-cn';

// Sharing a page in English (its own namespace, see namespaces.ts); every key of share-zh-cn.ts.

/** The share dialog's words in English. */
export const shareEn: Translation<typeof shareZhCN> = {
  'share.open': 'Share',
  'share.openLabel': 'Share "{title}"',
  'share.title': 'Share "{title}"',
  'share.description': 'Save the poster to send it in a chat, or copy the link. The QR code on the poster opens this page.',
  'share.posterAlt': 'Share poster of "{title}": {kind}, Yunzhan, with a QR code that opens this page',
  'share.drawing': 'Making the poster…',
  'share.failed': 'The poster could not be made; you can still copy the link.',
  'share.save': 'Save image',
  'share.copy': 'Copy link',
  'share.copied': 'Link copied',
  'share.copyFailed': 'Could not copy automatically: select the link above and copy it.',
  'share.native': 'Share to…',
  'share.link': 'Link',
  'share.close': 'Close',
  'share.scan': 'Scan to open this page',
  'share.site': '云展 Yunzhan',
  'share.kind.event': 'Live event',
  'share.kind.exhibition': 'Online exhibition',
  'share.kind.work': 'Work',
  'share.kind.award': 'Awards',
};
