import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceLinks, loadSourceLinkKey } from './source-links';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-source-links-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const partsOf = (url: string) => {
  const u = new URL(url);
  return { id: u.pathname.split('/').pop()!, expires: u.searchParams.get('expires')!, sig: u.searchParams.get('sig')! };
};

describe('source links', () => {
  it('keeps one key per data folder, readable by the node only', () => {
    const key = loadSourceLinkKey(root);
    expect(key).toHaveLength(32);
    expect(loadSourceLinkKey(root).equals(key)).toBe(true);
    expect(fs.statSync(path.join(root, 'source-link.key')).mode & 0o777).toBe(0o600);
    expect(loadSourceLinkKey(path.join(root, 'other')).equals(key)).toBe(false);
  });

  it('accepts its own link for two weeks and for that upload only', () => {
    let now = Date.parse('2026-12-07T12:00:00Z');
    const links = new SourceLinks(loadSourceLinkKey(root), () => 'http://10.0.0.2:8080', () => now);
    const url = links.urlFor('abc_123');
    expect(url.startsWith('http://10.0.0.2:8080/internal/sources/abc_123?expires=')).toBe(true);
    const { id, expires, sig } = partsOf(url);
    expect(links.verify(id, expires, sig)).toBe(true);
    expect(links.verify('abc_124', expires, sig)).toBe(false);
    expect(links.verify(id, String(Number(expires) + 1), sig)).toBe(false);
    expect(links.verify(id, expires, sig.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBe(false);
    // Another node's key makes other signatures.
    expect(new SourceLinks(loadSourceLinkKey(path.join(root, 'other')), () => '', () => now).verify(id, expires, sig)).toBe(false);
    for (const bad of [undefined, ['1'], '', '1e9', '-1']) expect(links.verify(id, bad, sig)).toBe(false);
    expect(links.verify(id, expires, 'ZZ')).toBe(false);
    now += 14 * 24 * 3600 * 1000 + 1000;
    expect(links.verify(id, expires, sig)).toBe(false);
  });
});
