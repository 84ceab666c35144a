import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import os from 'node:os';
import * as mediasoup from 'mediasoup';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM set-up script without types
import { debianSourceLines } from '../scripts/setup/mediasoup/libsrtp-openssl.mjs';

// The runtime is the `node` package pinned in package.json (scripts/setup/node-runtime.mjs):
// `npm test` must run on it, not on whatever Node started the set-up.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pinned = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: { node: string } })
  .devDependencies.node;

describe('the Node runtime', () => {
  it('is the exact Node version pinned in package.json, Node 24 or newer', () => {
    expect(process.version).toBe(`v${pinned}`);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('is also what a child process started as `node` gets', () => {
    const r = spawnSync('node', ['-p', 'process.version'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(`v${pinned}`);
  });

  it('loads better-sqlite3 built for its ABI and runs a query', () => {
    const db = new Database(':memory:');
    try {
      expect(db.prepare('select 6 * 7 as answer').get()).toEqual({ answer: 42 });
    } finally {
      db.close();
    }
  });
});

describe('the mediasoup worker build', () => {
  it("links libsrtp2 built with OpenSSL, not Debian's libsrtp2 (AES through NSS), where the set-up could build it (root)", () => {
    const linked = spawnSync('ldd', [mediasoup.workerBin], { encoding: 'utf8' }).stdout;
    expect(linked).toMatch(/libcrypto\.so/);
    if (process.getuid?.() === 0) expect(linked).not.toMatch(/libsrtp2\.so|libnss3\.so/);
  });

  it("reads the machine's Debian archives from both apt source formats, leaving out security and updates", () => {
    const etc = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-apt-'));
    try {
      fs.mkdirSync(path.join(etc, 'sources.list.d'));
      fs.writeFileSync(
        path.join(etc, 'sources.list.d', 'debian.sources'),
        [
          'Types: deb',
          'URIs: http://deb.debian.org/debian',
          'Suites: bookworm bookworm-updates',
          'Components: main',
          '',
          'Types: deb',
          'URIs: http://deb.debian.org/debian-security',
          'Suites: bookworm-security',
          'Components: main',
          '',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(etc, 'sources.list'), '# a comment\ndeb [arch=amd64] http://mirror.example/debian bookworm main contrib\ndeb http://security.debian.org/debian-security bookworm-security main\n');
      expect(debianSourceLines(etc)).toEqual(['deb-src http://mirror.example/debian bookworm main', 'deb-src http://deb.debian.org/debian bookworm main']);
    } finally {
      fs.rmSync(etc, { recursive: true, force: true });
    }
  });
});
