// libsrtp2 built with OpenSSL's AES, for the mediasoup worker (used by ../mediasoup-worker.mjs).
//
// Debian's libsrtp2-1 does its AES through NSS: measured in the SFU bench (docs/benchmarks.md,
// "SFU consumers per worker core"), NSS took 31 % of a worker's CPU at 200 SRTP consumers, more
// than mediasoup's own code. libsrtp built with --enable-openssl uses OpenSSL's EVP (AES-NI),
// which is what mediasoup's own build bundles. The source is Debian's own source package of the
// same libsrtp2 (apt-get source, from the Debian mirror this machine already uses, with a private
// list folder: the system's apt configuration is not touched), built as a static library that
// only the worker links. When that cannot be done (no mirror, not root), the caller falls back
// to Debian's libsrtp2 package and says so.
import fs from 'node:fs';
import path from 'node:path';

/** The Debian source package. */
const SOURCE_PACKAGE = 'libsrtp2';

/** The Debian archives (not security, not updates) and suites this machine's apt uses, as deb-src lines. */
export function debianSourceLines(etcApt = '/etc/apt') {
	const lines = [];
	const parts = path.join(etcApt, 'sources.list.d');
	const files = [path.join(etcApt, 'sources.list'), ...(fs.existsSync(parts) ? fs.readdirSync(parts).map((f) => path.join(parts, f)) : [])];
	for (const file of files) {
		let text;
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		if (file.endsWith('.sources')) {
			// deb822: blocks of "Key: value" lines.
			for (const block of text.split(/\n\s*\n/)) {
				const field = (k) => new RegExp(`^${k}:\\s*(.+)$`, 'mi').exec(block)?.[1]?.trim();
				const uris = field('URIs');
				const suites = field('Suites');
				if (!uris || !suites || !/\bdeb\b/.test(field('Types') ?? '') || /security/.test(uris)) continue;
				for (const suite of suites.split(/\s+/).filter((s) => !s.includes('-'))) lines.push(`deb-src ${uris.split(/\s+/)[0]} ${suite} main`);
			}
		} else if (file.endsWith('.list')) {
			for (const l of text.split('\n')) {
				const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s/.exec(l.trim() + ' ');
				if (m && !/security/.test(m[1]) && !m[2].includes('-')) lines.push(`deb-src ${m[1]} ${m[2]} main`);
			}
		}
	}
	return [...new Set(lines)];
}

/**
 * Fetches Debian's libsrtp2 source into `work` and builds it with OpenSSL into a prefix there.
 * Returns the prefix's pkg-config folder (for PKG_CONFIG_PATH), or throws why it could not.
 */
export async function buildLibsrtpWithOpenssl({ work, jobs, logFile, run }) {
	if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new Error('apt-get source needs root here');
	const sourceLines = debianSourceLines();
	if (sourceLines.length === 0) throw new Error('no Debian archive found in /etc/apt');
	const apt = path.join(work, 'apt');
	fs.mkdirSync(path.join(apt, 'lists', 'partial'), { recursive: true });
	fs.writeFileSync(path.join(apt, 'sources.list'), `${sourceLines.join('\n')}\n`);
	const aptOptions = [
		'-o', `Dir::Etc::SourceList=${path.join(apt, 'sources.list')}`,
		'-o', 'Dir::Etc::SourceParts=-',
		'-o', `Dir::State::Lists=${path.join(apt, 'lists')}`,
		'-o', 'APT::Get::List-Cleanup=0',
		'-o', 'APT::Sandbox::User=root',
	];
	await run('apt-get', [...aptOptions, '-q', 'update'], { cwd: apt, logFile });
	await run('apt-get', [...aptOptions, '-q', 'source', '--download-only', SOURCE_PACKAGE], { cwd: apt, logFile });
	const orig = fs.readdirSync(apt).find((f) => f.startsWith(`${SOURCE_PACKAGE}_`) && /\.orig\.tar\.(gz|xz)$/.test(f));
	if (!orig) throw new Error(`apt-get source ${SOURCE_PACKAGE} gave no .orig tarball`);
	const src = path.join(work, 'libsrtp-src');
	fs.mkdirSync(src);
	await run('tar', ['-xf', path.join(apt, orig), '-C', src, '--strip-components=1'], { cwd: work, logFile });
	const prefix = path.join(work, 'libsrtp-prefix');
	// Static and position-independent: linked into the worker only, nothing installed on the system.
	await run('./configure', ['--enable-openssl', `--prefix=${prefix}`, 'CFLAGS=-O2 -fPIC'], { cwd: src, logFile });
	await run('make', ['-j', String(jobs), 'libsrtp2.a'], { cwd: src, logFile });
	await run('make', ['install'], { cwd: src, logFile });
	const pkgconfig = path.join(prefix, 'lib', 'pkgconfig');
	if (!fs.existsSync(path.join(pkgconfig, 'libsrtp2.pc')) || !fs.existsSync(path.join(prefix, 'lib', 'libsrtp2.a'))) {
		throw new Error('libsrtp2 built, but its libsrtp2.pc or libsrtp2.a is missing');
	}
	// `make install` builds and installs the shared library too where configured: only the
	// static one may be found, or the worker would need this work folder at run time.
	for (const f of fs.readdirSync(path.join(prefix, 'lib'))) if (/\.so(\.|$)/.test(f)) fs.rmSync(path.join(prefix, 'lib', f));
	return pkgconfig;
}
