// Set-up that `npm start`, `npm test` and `npm run bench` run first (as their pre-scripts).
// Dependency-free on purpose: it runs before node_modules exists. Each step is skipped when
// its result is already there, so a second run takes a second or two.
//
// Two Nodes take part (./setup/node-runtime.mjs): the system one (>= 20.19) starts this and
// runs `npm ci`; the `node` package pinned in package.json (Node 24) is then installed and
// every later step runs on it: the install scripts (anything node-gyp compiles uses its
// headers), the client build, and the commands themselves, since npm puts node_modules/.bin
// (where the package links `node`) first on PATH.
//
//   node scripts/setup.mjs --for start|test|bench
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMediasoupWorker, MEDIASOUP_VERSION } from './setup/mediasoup-worker.mjs';
import { BOOTSTRAP_NODE_MIN, bootstrapNode, installedRuntime, pinnedNodeVersion } from './setup/node-runtime.mjs';

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
  const [minMajor, minMinor] = BOOTSTRAP_NODE_MIN;
  if (major < minMajor || (major === minMajor && minor < minMinor)) {
    throw new Error(`Node ${process.versions.node} is too old to start the set-up: it needs Node >= ${BOOTSTRAP_NODE_MIN.join('.')} (Yunzhan itself runs on the Node ${pinnedNodeVersion(root)} it installs)`);
  }
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

/** Names of the installed packages that have install scripts (from the lock file). */
function packagesWithInstallScripts() {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const names = Object.entries(lock.packages ?? {})
    .filter(([p, meta]) => p.includes('node_modules/') && meta.hasInstallScript)
    .map(([p]) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return [...new Set(names)].sort();
}

/**
 * Runs the install scripts `npm ci --ignore-scripts` held back, on the pinned runtime: the
 * `node` package's first (with the system Node, as the runtime is what it installs), then
 * every other one package.json's allowScripts does not refuse. npm's allowScripts is only
 * advisory in npm 11; here `false` means the script does not run (msgpackr-extract and sharp
 * load prebuilt binaries from their optional platform packages without it).
 */
function runInstallScripts(workerBin) {
  run('npm', ['rebuild', 'node', '--loglevel=error'], { env: bootstrapNode(root).env });
  const runtime = installedRuntime(root);
  if (!runtime) throw new Error(`the \`node\` package did not install Node ${pinnedNodeVersion(root)} (node_modules/node/bin/node)`);
  const allow = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).allowScripts ?? {};
  const names = packagesWithInstallScripts().filter((n) => n !== 'node' && allow[n] !== false);
  log(`running install scripts on Node ${runtime.version}: ${names.join(', ')}`);
  // MEDIASOUP_WORKER_BIN makes mediasoup's postinstall skip its download and pip build.
  run('npm', ['rebuild', ...names, '--loglevel=error'], { env: { ...runtime.env, MEDIASOUP_WORKER_BIN: workerBin } });
  return runtime;
}

// Each native addon, and code that makes it load its binary (better-sqlite3 loads it on
// the first Database, not on require).
const NATIVE_PROBES = {
  'better-sqlite3': "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()",
};

/**
 * Every native addon must load on the runtime. better-sqlite3 13 is Node-API (one binary for
 * every Node >= 22), but an addon built against V8's own API must match the Node that loads it
 * (NODE_MODULE_VERSION 137 for Node 24, 115 for Node 20), as better-sqlite3 12 did: whatever
 * fails to load on the runtime (a node_modules put together by hand with another Node, say) is
 * rebuilt against it, and the set-up stops if it still fails.
 */
function ensureNativeModules(runtime) {
  const wrong = Object.entries(NATIVE_PROBES).filter(([, code]) => {
    const r = spawnSync(runtime.bin, ['-e', code], { cwd: path.join(root, 'server'), encoding: 'utf8', env: runtime.env });
    return r.status !== 0;
  });
  if (wrong.length === 0) return;
  const names = wrong.map(([name]) => name);
  log(`rebuilding ${names.join(', ')} for Node ${runtime.version} (built for another Node)`);
  run('npm', ['rebuild', ...names, '--loglevel=error'], { env: runtime.env });
  for (const [name, code] of wrong) {
    const r = spawnSync(runtime.bin, ['-e', code], { cwd: path.join(root, 'server'), encoding: 'utf8', env: runtime.env });
    if (r.status !== 0) throw new Error(`${name} does not load on Node ${runtime.version} after a rebuild:\n${r.stderr.trim()}`);
  }
}

/**
 * npm dependencies: `npm ci` when node_modules is missing or the lock file changed since,
 * then the install scripts on the pinned runtime. Returns the runtime.
 */
function ensureNodeModules(workerBin) {
  const manifests = ['package.json', 'package-lock.json', ...fs.readdirSync(root).map((d) => path.join(d, 'package.json'))]
    .map((f) => path.join(root, f))
    .filter((f) => fs.existsSync(f))
    .sort();
  const stampFile = path.join(root, 'node_modules', '.yunzhan-install-stamp');
  const want = fileHash(manifests);
  const have = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
  let runtime;
  if (want !== have) {
    log('installing npm dependencies');
    // npm ci empties node_modules, the runtime included, so the system Node runs it; the
    // install scripts wait for the runtime it installs.
    const hasLock = fs.existsSync(path.join(root, 'package-lock.json'));
    const env = { ...bootstrapNode(root).env, MEDIASOUP_WORKER_BIN: workerBin };
    run('npm', [hasLock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { env });
    runtime = runInstallScripts(workerBin);
    fs.writeFileSync(stampFile, want);
  }
  runtime ??= installedRuntime(root);
  if (!runtime) {
    // The stamp matches but the runtime is gone or another version (e.g. installed with
    // --ignore-scripts by hand): the `node` package's install script fetches it again.
    run('npm', ['rebuild', 'node', '--loglevel=error'], { env: bootstrapNode(root).env });
    runtime = installedRuntime(root);
    if (!runtime) throw new Error(`node_modules/node/bin/node is not Node ${pinnedNodeVersion(root)}; remove node_modules and run again`);
  }
  ensureNativeModules(runtime);

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
  return runtime;
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
function ensureClientBuild(runtime) {
  const built = path.join(root, 'client', 'dist', 'index.html');
  const sources = Math.max(...['client', 'scenes', 'shared'].map((d) => newestMtime(path.join(root, d))));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  log('building the web client');
  run('npx', ['vite', 'build', 'client', '--logLevel', 'warn'], { env: runtime.env });
}

try {
  const started = Date.now();
  checkNode();
  ensureDebs(['ffmpeg'], 'Media processing (ffmpeg)');
  if (purpose === 'test' || purpose === 'bench') ensureDebs(['chromium'], 'The end-to-end tests (Chromium)');
  // gcc builds the stand-in library tests/whip-gstreamer.test.ts runs Debian 12's whip-client with.
  if (purpose === 'test') ensureDebs(['simple-whip-client', 'gcc'], 'The WHIP test with GStreamer (simple-whip-client)');
  const workerBin = await ensureMediasoupWorker({ log });
  const runtime = ensureNodeModules(workerBin);
  ensureClientBuild(runtime);
  log(`ready on Node ${runtime.version} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (err) {
  log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
