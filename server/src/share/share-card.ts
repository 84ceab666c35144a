// A share card (Open Graph and Twitter card) as the HTML of a page's <head>. Pure functions of
// plain data: every value is HTML-escaped here, so a title such as `"><script>` stays text.

/** The languages a card is written in (the client's, zh-CN first). */
export type CardLocale = 'zh-CN' | 'en';

/** What a link preview in a chat app shows for one page. */
export interface ShareCard {
  /** The page's own title (og:title); the <title> adds the site's name. */
  title: string;
  description: string;
  /** The picture: a same-origin path (`/media/...`) or an absolute URL. */
  image: string;
  /** The page's path, e.g. `/works/wk_x`. */
  path: string;
  /** og:type: `website`, `article` (a work) or `video.other` (an event). */
  type: 'website' | 'article' | 'video.other';
  /** True for the site's own card (no page of its own), whose <title> is the site's name alone. */
  generic: boolean;
}

/** The site's name on every card (og:site_name). */
export const SITE_NAME = '云展 Yunzhan';

/** The site's picture (client/public/share-card.png, 1200x630). */
export const SITE_IMAGE = '/share-card.png';

const SITE_DESCRIPTION: Record<CardLocale, string> = {
  'zh-CN': '云展：线上展览、直播与颁奖典礼，在手机和电脑上都能参观。',
  en: 'Yunzhan: virtual exhibitions, livestreams and award ceremonies, on a phone or a computer.',
};

/** Longest description a card carries, in characters (previews cut it further). */
export const DESCRIPTION_MAX = 200;

/** The site's card for a path that has no card of its own (or may not be shown). */
export function siteCard(path: string, locale: CardLocale): ShareCard {
  return { title: SITE_NAME, description: SITE_DESCRIPTION[locale], image: SITE_IMAGE, path, type: 'website', generic: true };
}

/** The site's description, for a page whose own text is empty. */
export const siteDescription = (locale: CardLocale) => SITE_DESCRIPTION[locale];

/** Text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** One line of text at most `max` characters (code points), whitespace collapsed, an ellipsis where cut. */
export function clip(text: string, max: number = DESCRIPTION_MAX): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** `path` made absolute on `origin` (which has no trailing slash); an absolute http(s) URL stays. */
export function absolute(origin: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${origin}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** The <title>, description, Open Graph and Twitter card tags of a card, every value escaped. */
export function cardHead(card: ShareCard, origin: string, locale: CardLocale): string {
  const pageTitle = card.generic ? SITE_NAME : `${card.title} · ${SITE_NAME}`;
  const image = absolute(origin, card.image);
  const url = absolute(origin, card.path);
  const meta = (attr: 'name' | 'property', key: string, value: string) => `<meta ${attr}="${key}" content="${escapeHtml(value)}" />`;
  return [
    `<title>${escapeHtml(pageTitle)}</title>`,
    meta('name', 'description', card.description),
    `<link rel="canonical" href="${escapeHtml(url)}" />`,
    meta('property', 'og:site_name', SITE_NAME),
    meta('property', 'og:type', card.type),
    meta('property', 'og:title', card.title),
    meta('property', 'og:description', card.description),
    meta('property', 'og:url', url),
    meta('property', 'og:image', image),
    meta('property', 'og:locale', locale === 'en' ? 'en_US' : 'zh_CN'),
    meta('name', 'twitter:card', 'summary_large_image'),
    meta('name', 'twitter:title', card.title),
    meta('name', 'twitter:description', card.description),
    meta('name', 'twitter:image', image),
  ].join('\n    ');
}

/** The built index.html with its <title> replaced by `head` (added before </head> when it has none). */
export function withHead(indexHtml: string, head: string): string {
  // A function replacement: `$` sequences in the escaped head are not patterns.
  if (/<title>[\s\S]*?<\/title>/i.test(indexHtml)) return indexHtml.replace(/<title>[\s\S]*?<\/title>/i, () => head);
  return indexHtml.replace(/<\/head>/i, () => `${head}\n  </head>`);
}

/** The card language a request asks for: English when its Accept-Language prefers en to zh, else zh-CN. */
export function cardLocale(acceptLanguage: string | undefined): CardLocale {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((l) => l.q > 0 && (l.tag.startsWith('en') || l.tag.startsWith('zh')))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'zh-CN';
}
