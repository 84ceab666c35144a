import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Store } from '../db/store';
import { cardHead, cardLocale, clip, siteCard, withHead } from './share-card';
import { ShareService, previewImage } from './share-service';
import type { ShareStore } from './share-store';

describe('share card HTML', () => {
  it('replaces the title of index.html and keeps dollar signs in values as text', () => {
    const card = { ...siteCard('/events/x', 'zh-CN'), title: "$& $' $1 <b>", generic: false };
    const html = withHead('<html><head><title>云展 Yunzhan</title></head><body></body></html>', cardHead(card, 'https://y.example', 'zh-CN'));
    expect(html).toContain('<title>$&amp; $&#39; $1 &lt;b&gt; · 云展 Yunzhan</title>');
    expect(html).toContain('<meta property="og:url" content="https://y.example/events/x" />');
    expect(html).toContain('<meta property="og:image" content="https://y.example/share-card.png" />');
    expect(html.match(/<title>/g)).toHaveLength(1);
  });

  it('adds the head before </head> when the page has no title', () => {
    expect(withHead('<head></head>', '<title>t</title>')).toBe('<head><title>t</title>\n  </head>');
  });

  it('picks English only when the client ranks it above Chinese', () => {
    expect(cardLocale(undefined)).toBe('zh-CN');
    expect(cardLocale('en-US,en;q=0.9')).toBe('en');
    expect(cardLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(cardLocale('en;q=0.5,zh;q=0.9')).toBe('zh-CN');
    expect(cardLocale('fr,en;q=0.3')).toBe('en');
    expect(cardLocale('en;q=0')).toBe('zh-CN');
  });

  it('clips long descriptions on characters, not bytes', () => {
    expect(clip('展'.repeat(300))).toBe(`${'展'.repeat(199)}…`);
    expect(clip('  a \n b  ')).toBe('a b');
  });

  it('previews the smallest rendition at least 512 px wide, else the largest, and only same-origin paths', () => {
    const r = (width: number, url = `/media/${width}.webp`) => ({ width, height: width, url, bytes: 1 });
    const media = (images: ReturnType<typeof r>[]) => ({ images, hls: null, model: null, audio: null, width: null, height: null });
    expect(previewImage(media([r(256), r(1024), r(512)]))).toBe('/media/512.webp');
    expect(previewImage(media([r(128), r(256)]))).toBe('/media/256.webp');
    expect(previewImage(media([r(1024, 'https://elsewhere.example/x.png'), r(1024, '//elsewhere.example/x.png')]))).toBeNull();
  });
});

describe('ShareService', () => {
  it('falls back to the site card when the lookup fails', async () => {
    const failing: ShareStore = {
      event: () => Promise.reject(new Error('database down')),
      work: () => Promise.reject(new Error('database down')),
      exhibition: () => Promise.reject(new Error('database down')),
      programme: () => Promise.reject(new Error('database down')),
    };
    const shares = new ShareService({ shares: failing, store: {} as Store, logger: pino({ level: 'silent' }) });
    for (const path of ['/events/live', '/works/wk_abcdefgh', '/exhibitions/show', '/awards/prize']) {
      expect(await shares.cardFor(path, new URLSearchParams(), 'zh-CN')).toEqual(siteCard(path, 'zh-CN'));
    }
  });
});
