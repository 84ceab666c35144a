// Builds the mediasoup C++ worker offline (npm registry + Debian apt only) and caches it.
//
// `npm install mediasoup` would download a prebuilt worker from GitHub and, failing that,
// pip-install meson/ninja and let meson download every C/C++ dependency: none of which is
// reachable here. Instead: `npm pack` the exact mediasoup tarball (it carries the whole
// worker source), patch it to use Debian's libraries (./mediasoup/patches.mjs), build only
// the `mediasoup-worker` target with Debian's meson/ninja, and cache the binary per version.
// Install mediasoup itself with MEDIASOUP_WORKER_BIN=<returned path> so its postinstall
// skips the download/build.
//
// Usage: `node scripts/setup/mediasoup-worker.mjs` prints the binary path (progress on stderr),
// or `await ensureMediasoupWorker()` from another setup script. No npm dependencies.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildLibsrtpWithOpenssl } from './mediasoup/libsrtp-openssl.mjs';
import { prepareWorkerSource } from './mediasoup/patches.mjs';

export const MEDIASOUP_VERSION = '3.32.2';
/** Revision of the build recipe: a new one rebuilds cached workers (2: libsrtp2 with OpenSSL). */
const RECIPE = 2;

/** Debian 12 packages the build needs (compiler, build tools, -dev libraries). */
export const BUILD_PACKAGES = [
	'build-essential',
	'pkg-config',
	'meson',
	'ninja-build',
	'libssl-dev',
	'libuv1-dev',
	'libsrtp2-dev',
	'libflatbuffers-dev',
	'flatbuffers-compiler',
];

const LOCK_POLL_MS = 1000;
const LOCK_WAIT_MAX_MS = 60 * 60 * 1000; // give up waiting for another build after 1 h
const LOG_TAIL_LINES = 60;

function cacheRoot() {
	if (process.env.YUNZHAN_CACHE_DIR) return path.resolve(process.env.YUNZHAN_CACHE_DIR);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(path.resolve(xdg), 'yunzhan');
}

function cpuCount() {
	return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length || 1;
}

/**
 * Returns the absolute path of a cached, working mediasoup-worker binary for
 * MEDIASOUP_VERSION, building it when missing.
 */
export async function ensureMediasoupWorker({ log = console.log } = {}) {
	const dir = path.join(cacheRoot(), `mediasoup-worker-${MEDIASOUP_VERSION}-r${RECIPE}`);
	const bin = path.join(dir, 'mediasoup-worker');
	if (workerRuns(bin)) return bin;

	fs.mkdirSync(dir, { recursive: true });
	const release = await acquireLock(path.join(dir, '.lock'), log);
	try {
		// Another process may have built it while we waited for the lock.
		if (workerRuns(bin)) return bin;
		await build(dir, bin, log);
		return bin;
	} finally {
		release();
	}
}

// The worker exits with code 41 at once when MEDIASOUP_VERSION is not set: a cheap check
// that the file is a runnable binary whose shared libraries are all present.
function workerRuns(bin) {
	if (!fs.existsSync(bin)) return false;
	const env = { ...process.env };
	delete env.MEDIASOUP_VERSION;
	const r = spawnSync(bin, [], { env, stdio: 'ignore', timeout: 10_000 });
	return r.status === 41;
}

// ---------------------------------------------------------------------------------------
// Lock: a directory created atomically by mkdir, holding the owner's pid and host. A lock
// whose owner is gone (same host, pid not alive) is stale and taken over. Even if two
// builds ever ran at once, each uses its own work dir and renames its binary into place
// atomically, so the lock only saves time, it is not needed for a correct cache.

function readLockOwner(lockDir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(lockDir, 'owner.json'), 'utf8'));
	} catch {
		return null;
	}
}

function lockIsStale(lockDir) {
	const owner = readLockOwner(lockDir);
	let ageMs;
	try {
		ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
	} catch {
		return false; // vanished: just retry mkdir
	}
	// No owner file yet: the owner is between mkdir and write, or died there.
	if (!owner) return ageMs > 30_000;
	if (owner.host !== os.hostname()) return ageMs > 2 * LOCK_WAIT_MAX_MS; // cannot probe another host's pid
	try {
		process.kill(owner.pid, 0);
		return false;
	} catch (err) {
		return err.code === 'ESRCH';
	}
}

async function acquireLock(lockDir, log) {
	const start = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(
				path.join(lockDir, 'owner.json'),
				JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }),
			);
			const onExit = () => fs.rmSync(lockDir, { recursive: true, force: true });
			process.on('exit', onExit);
			return () => {
				process.off('exit', onExit);
				onExit();
			};
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
		}
		if (lockIsStale(lockDir)) {
			log(`[setup] removing stale mediasoup build lock ${lockDir}`);
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (!announced) {
			const owner = readLockOwner(lockDir);
			log(`[setup] another process${owner ? ` (pid ${owner.pid})` : ''} is building the mediasoup worker; waiting...`);
			announced = true;
		}
		if (Date.now() - start > LOCK_WAIT_MAX_MS) {
			throw new Error(`timed out waiting for the mediasoup build lock ${lockDir}; remove it if no build is running`);
		}
		await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
	}
}

// ---------------------------------------------------------------------------------------
// Debian build packages.

function missingPackages() {
	const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...BUILD_PACKAGES], { encoding: 'utf8' });
	if (r.error) {
		throw new Error(
			`cannot check build packages (dpkg-query: ${r.error.message}); building the mediasoup worker ` +
				'needs Debian/Ubuntu with: apt-get install -y ' + BUILD_PACKAGES.join(' '),
		);
	}
	// Unknown packages are absent from stdout (dpkg-query reports them on stderr, exit 1).
	const installed = new Set(
		r.stdout
			.split('\n')
			.filter((l) => l.endsWith(' install ok installed'))
			.map((l) => l.split(' ')[0]),
	);
	return BUILD_PACKAGES.filter((p) => !installed.has(p));
}

async function ensureBuildPackages(logFile, log) {
	const missing = missingPackages();
	if (missing.length === 0) return;
	const cmd = `apt-get install -y ${missing.join(' ')}`;
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(
			`missing Debian packages to build the mediasoup worker: ${missing.join(', ')}. Install them with:\n  sudo ${cmd}`,
		);
	}
	log(`[setup] installing Debian build packages: ${missing.join(' ')}`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = ['install', '-y', ...missing];
	try {
		await run('apt-get', install, { env, logFile });
	} catch {
		// Usually a stale or empty package index: refresh it once and retry.
		log('[setup] apt-get install failed; running apt-get update and retrying');
		await run('apt-get', ['update'], { env, logFile });
		await run('apt-get', install, { env, logFile });
	}
	const still = missingPackages();
	if (still.length) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
}

// ---------------------------------------------------------------------------------------
// Build.

/** Runs a command, appending its output to logFile; rejects on a non-zero exit. */
function run(cmd, args, { cwd, env = process.env, logFile, onLine } = {}) {
	return new Promise((resolve, reject) => {
		fs.appendFileSync(logFile, `\n$ ${[cmd, ...args].join(' ')}${cwd ? `   (in ${cwd})` : ''}\n`);
		const out = fs.createWriteStream(logFile, { flags: 'a' });
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let partial = '';
		const onData = (chunk) => {
			out.write(chunk);
			if (!onLine) return;
			const lines = (partial + chunk.toString()).split('\n');
			partial = lines.pop();
			for (const l of lines) onLine(l);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', (err) => out.end(() => reject(new Error(`${cmd}: ${err.message}`))));
		child.on('close', (code, signal) =>
			out.end(() =>
				code === 0
					? resolve()
					: reject(new Error(`${cmd} ${args.join(' ')} failed (${signal || `exit ${code}`})`)),
			),
		);
	});
}

function logTail(logFile) {
	try {
		return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
	} catch {
		return '(no log)';
	}
}

async function build(dir, bin, log) {
	const logFile = path.join(dir, 'build.log');
	fs.writeFileSync(logFile, `mediasoup worker ${MEDIASOUP_VERSION} build, ${new Date().toISOString()}\n`);

	// Leftovers of interrupted builds (only the lock holder builds, so none is in use).
	for (const e of fs.readdirSync(dir)) {
		if (e.startsWith('work-') || e.startsWith('mediasoup-worker.tmp-')) {
			fs.rmSync(path.join(dir, e), { recursive: true, force: true });
		}
	}

	const jobs = cpuCount();
	const started = Date.now();
	try {
		await ensureBuildPackages(logFile, log);
	} catch (err) {
		if (/^missing Debian packages/.test(err.message)) throw err;
		throw new Error(`${err.message}\n--- last lines of ${logFile} ---\n${logTail(logFile)}`, { cause: err });
	}

	const work = fs.mkdtempSync(path.join(dir, 'work-'));
	try {
		// 3.32.2: about 15 CPU-minutes of compiling (243 steps; measured 12.7 user + 2.7 sys), so
		// about 8 minutes on 2 idle cores.
		const minutes = Math.max(1, Math.round(16 / jobs));
		log(
			`[setup] building mediasoup worker ${MEDIASOUP_VERSION} (about ${minutes} minute${minutes > 1 ? 's' : ''} ` +
				`on ${jobs} core${jobs > 1 ? 's' : ''}; log: ${logFile})...`,
		);

		await run('npm', ['pack', `mediasoup@${MEDIASOUP_VERSION}`, '--pack-destination', work, '--silent'], {
			cwd: work,
			logFile,
		});
		const tgz = fs.readdirSync(work).find((f) => f.endsWith('.tgz'));
		if (!tgz) throw new Error('npm pack produced no tarball');
		await run('tar', ['-xzf', tgz], { cwd: work, logFile });
		const workerDir = path.join(work, 'package', 'worker');
		prepareWorkerSource(workerDir);

		// SRTP with OpenSSL's AES rather than Debian's libsrtp2 (NSS), when it can be built here.
		const mesonEnv = { ...process.env };
		let srtp = 'openssl';
		try {
			const pkgconfig = await buildLibsrtpWithOpenssl({ work, jobs, logFile, run });
			mesonEnv.PKG_CONFIG_PATH = [pkgconfig, process.env.PKG_CONFIG_PATH].filter(Boolean).join(':');
			log('[setup]   libsrtp2 built with OpenSSL (Debian source package)');
		} catch (err) {
			srtp = 'debian-nss';
			log(`[setup]   libsrtp2 with OpenSSL could not be built (${err.message}); using Debian's libsrtp2, whose AES goes through NSS (slower SRTP)`);
		}

		const buildDir = path.join(work, 'build');
		await run(
			'meson',
			[
				'setup',
				'--buildtype',
				'release',
				'-Db_ndebug=true',
				'--wrap-mode=nodownload', // nothing may be fetched: all subprojects are local
				buildDir,
			],
			{ cwd: workerDir, env: mesonEnv, logFile },
		);

		// The flatc-generated headers are a declared input of the worker's sources since 3.2x,
		// so ninja generates them first without a separate step.
		const env = { ...process.env, NINJA_STATUS: '[%f/%t] ' };
		let nextPct = 25;
		await run('ninja', ['-C', buildDir, '-j', String(jobs), 'mediasoup-worker'], {
			env,
			logFile,
			onLine: (l) => {
				const m = /^\[(\d+)\/(\d+)\]/.exec(l);
				if (!m) return;
				const pct = (100 * Number(m[1])) / Number(m[2]);
				if (pct >= nextPct && nextPct < 100) {
					log(`[setup]   mediasoup worker: ${nextPct}% compiled`);
					nextPct += 25;
				}
			},
		});

		const built = path.join(buildDir, 'mediasoup-worker');
		if (!workerRuns(built)) throw new Error(`built ${built} does not run (missing shared libraries?)`);
		const linked = spawnSync('ldd', [built], { encoding: 'utf8' }).stdout ?? '';
		if (srtp === 'openssl' && /libsrtp2\.so|libnss3\.so/.test(linked)) throw new Error(`${built} links Debian's libsrtp2 although libsrtp2 was built with OpenSSL`);
		fs.writeFileSync(path.join(dir, 'build-info.json'), `${JSON.stringify({ version: MEDIASOUP_VERSION, recipe: RECIPE, srtp }, null, 2)}\n`);

		// Atomic publish: copy next to the final name, then rename over it.
		const tmp = path.join(dir, `mediasoup-worker.tmp-${process.pid}`);
		fs.copyFileSync(built, tmp);
		fs.chmodSync(tmp, 0o755);
		fs.renameSync(tmp, bin);

		const s = Math.round((Date.now() - started) / 1000);
		log(`[setup] mediasoup worker ${MEDIASOUP_VERSION} built in ${Math.floor(s / 60)}m${s % 60}s: ${bin}`);
	} catch (err) {
		throw new Error(
			`building the mediasoup worker ${MEDIASOUP_VERSION} failed: ${err.message}\n` +
				`--- last lines of ${logFile} ---\n${logTail(logFile)}`,
			{ cause: err },
		);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------
// CLI: prints the binary path on stdout; progress goes to stderr.
if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
	ensureMediasoupWorker({ log: (...a) => console.error(...a) }).then(
		(bin) => console.log(bin),
		(err) => {
			console.error(err.message);
			process.exit(1);
		},
	);
}
