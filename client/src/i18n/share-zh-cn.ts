// Sharing a page (the share poster and its dialog) in zh-CN (its own namespace, see namespaces.ts); share-en.ts has every key.

/** The share dialog's words in zh-CN. */
export const shareZhCN = {
  'share.open': '分享',
  'share.openLabel': '分享「{title}」',
  'share.title': '分享「{title}」',
  'share.description': '保存海报发到聊天里，或复制链接。扫海报上的二维码可打开此页。',
  'share.posterAlt': '「{title}」的分享海报：{kind}，云展，附打开此页的二维码',
  'share.drawing': '正在生成海报…',
  'share.failed': '无法生成海报，仍可复制链接。',
  'share.save': '保存图片',
  'share.copy': '复制链接',
  'share.copied': '链接已复制',
  'share.copyFailed': '无法自动复制，请选中上面的链接手动复制。',
  'share.native': '分享到…',
  'share.link': '链接',
  'share.close': '关闭',
  'share.scan': '微信扫一扫，打开此页',
  'share.site': '云展 Yunzhan',
  'share.kind.event': '直播',
  'share.kind.exhibition': '线上展览',
  'share.kind.work': '作品',
  'share.kind.award': '奖项评选',
} as const satisfies Record<string, string>;
