// @vitest-environment jsdom
import '../ui/test-setup';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { ShareButton } from './share-poster';
import { qrFor, shareUrl } from './share-qr';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// jsdom has no 2D canvas (it would log "not implemented" and return null): say so quietly.
HTMLCanvasElement.prototype.getContext = () => null;

/** The text a QR code encodes, read back from its segments (byte mode holds UTF-8 bytes). */
function encodedText(qr: QRCode.QRCode): string {
  return qr.segments
    .map((s) => {
      const data = (s as unknown as { data: Uint8Array | string }).data;
      return typeof data === 'string' ? data : new TextDecoder().decode(data);
    })
    .join('');
}

describe('share QR code', () => {
  it('encodes the page URL, keeping only the parameter that opens a work', () => {
    const url = shareUrl({ origin: 'https://yunzhan.example', pathname: '/exhibitions/spring-show', search: '?work=p1&quality=low&utm_source=wechat' });
    expect(url).toBe('https://yunzhan.example/exhibitions/spring-show?work=p1');
    const qr = qrFor(url);
    expect(encodedText(qr)).toBe(url);
    // The same symbol the qrcode package makes for that text.
    expect(qr.segments).toEqual(QRCode.create(url, { errorCorrectionLevel: 'M' }).segments);
    expect(qr.modules.size).toBeGreaterThanOrEqual(21);
  });

  it('encodes a path with Chinese characters as the UTF-8 bytes of the URL', () => {
    const url = shareUrl({ origin: 'https://yunzhan.example', pathname: '/events/%E6%98%A5', search: '' });
    expect(encodedText(qrFor(url))).toBe('https://yunzhan.example/events/%E6%98%A5');
  });
});

describe('ShareButton', () => {
  const target = { title: '春日分享展', kind: 'exhibition' as const, url: 'https://yunzhan.example/exhibitions/spring-show' };

  it('opens a named dialog by keyboard whose buttons all have names, and copies the link', async () => {
    // user-event puts a clipboard in place of the browser's.
    const user = userEvent.setup();
    render(
      <I18nProvider>
        <ShareButton target={target} />
      </I18nProvider>,
    );
    const open = screen.getByRole('button', { name: '分享「春日分享展」' });
    expect(open.textContent).toContain('分享');
    open.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: '分享「春日分享展」' });
    expect(dialog).toBeTruthy();
    for (const button of screen.getAllByRole('button')) expect(button.textContent?.trim() || button.getAttribute('aria-label')).toBeTruthy();
    expect(screen.getByRole('button', { name: '复制链接' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '关闭' })).toBeTruthy();
    expect((screen.getByLabelText('链接') as HTMLInputElement).value).toBe(target.url);
    // jsdom has no 2D canvas: the poster says it could not be made, the link still works.
    await waitFor(() => expect(screen.getByText('无法生成海报，仍可复制链接。')).toBeTruthy());
    expect((screen.getByRole('button', { name: '保存图片' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: '复制链接' }));
    expect(await navigator.clipboard.readText()).toBe(target.url);
    expect(await screen.findByText('链接已复制')).toBeTruthy();
    // No Web Share API here: no button for it.
    expect(screen.queryByRole('button', { name: '分享到…' })).toBeNull();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(open);
  });

  it('offers the system share sheet where the browser has one', async () => {
    const share = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, share });
    const user = userEvent.setup();
    render(
      <I18nProvider>
        <ShareButton target={target} />
      </I18nProvider>,
    );
    await user.click(screen.getByRole('button', { name: '分享「春日分享展」' }));
    await user.click(await screen.findByRole('button', { name: '分享到…' }));
    expect(share).toHaveBeenCalledWith({ title: '春日分享展', url: target.url });
  });
});
