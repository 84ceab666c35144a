// Set-up that `npm start`, `npm test` and `npm run bench` run first (as their pre-scripts).
// Dependency-free on purpose: it runs before node_modules exists. Each step is skipped when
// its result is already there, so a second run takes a second or two.
//
//   node scripts/setup.mjs --for start|test|bench
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMediasoupWorker, MEDIASOUP_VERSION } from './setup/mediasoup-worker.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[process.argv.indexOf('--for') + 1] ?? 'start';
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) throw new Error(`Node ${process.versions.node} is too old: Yunzhan needs Node >= 20.19`);
}

const missingDebs = (pkgs) =>
  pkgs.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });

/** Installs Debian packages with apt when root; otherwise stops with the command to run. */
function ensureDebs(pkgs, why) {
  const missing = missingDebs(pkgs);
  if (missing.length === 0) return;
  const cmd = `apt-get install -y ${missing.join(' ')}`;
  if (!isRoot) throw new Error(`${why} needs Debian packages that are missing. Run as root: ${cmd}`);
  log(`installing ${missing.join(', ')} with apt (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (install().status !== 0) {
    run('apt-get', ['update', '-q'], { env });
    if (install().status !== 0) throw new Error(`apt could not install: ${missing.join(' ')}`);
  }
}

function fileHash(files) {
  const h = createHash('sha256');
  for (const f of files) h.update(f).update(fs.existsSync(f) ? fs.readFileSync(f) : '');
  return h.digest('hex');
}

/** npm dependencies: `npm ci` when node_modules is missing or the lock file changed since. */
function ensureNodeModules(workerBin) {
  const manifests = ['package.json', 'package-lock.json', ...fs.readdirSync(root).map((d) => path.join(d, 'package.json'))]
    .map((f) => path.join(root, f))
    .filter((f) => fs.existsSync(f))
    .sort();
  const stampFile = path.join(root, 'node_modules', '.yunzhan-install-stamp');
  const want = fileHash(manifests);
  const have = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
  if (want !== have) {
    log('installing npm dependencies');
    // MEDIASOUP_WORKER_BIN makes mediasoup's postinstall skip its download and pip build.
    const env = { ...process.env, MEDIASOUP_WORKER_BIN: workerBin };
    const hasLock = fs.existsSync(path.join(root, 'package-lock.json'));
    run('npm', [hasLock ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'], { env });
    fs.writeFileSync(stampFile, want);
  }
  // mediasoup looks for its worker here; `npm ci` removes it, so it is put back every time.
  const target = path.join(root, 'node_modules', 'mediasoup', 'worker', 'out', 'Release', 'mediasoup-worker');
  const installed = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'mediasoup', 'package.json'), 'utf8')).version;
  if (installed !== MEDIASOUP_VERSION) throw new Error(`node_modules has mediasoup ${installed}, the worker was built for ${MEDIASOUP_VERSION}`);
  const same = fs.existsSync(target) && fs.statSync(target).size === fs.statSync(workerBin).size;
  if (!same) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(workerBin, target);
    fs.chmodSync(target, 0o755);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web client when client/dist is missing or older than its sources. */
function ensureClientBuild() {
  const built = path.join(root, 'client', 'dist', 'index.html');
  const sources = Math.max(...['client', 'scenes', 'shared'].map((d) => newestMtime(path.join(root, d))));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  log('building the web client');
  run('npx', ['vite', 'build', 'client', '--logLevel', 'warn']);
}

try {
  const started = Date.now();
  checkNode();
  ensureDebs(['ffmpeg'], 'Media processing (ffmpeg)');
  if (purpose === 'test' || purpose === 'bench') ensureDebs(['chromium'], 'The end-to-end tests (Chromium)');
  const workerBin = await ensureMediasoupWorker({ log });
  ensureNodeModules(workerBin);
  ensureClientBuild();
  log(`ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (err) {
  log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
