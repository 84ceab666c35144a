import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

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
