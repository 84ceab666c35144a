// Source changes that let the mediasoup worker (npm tarball, version pinned in
// ../mediasoup-worker.mjs) build offline against Debian 12 packages.
// Every edit checks that the text it expects is there and throws otherwise, so a
// version bump that moves things fails loudly here instead of building something wrong.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// Replace exactly one occurrence of `from` in `file` (relative to the worker dir).
function replaceOnce(workerDir, file, from, to, why) {
	const p = path.join(workerDir, file);
	const text = fs.readFileSync(p, 'utf8');
	const count = text.split(from).length - 1;
	if (count !== 1) {
		throw new Error(
			`mediasoup source patch "${why}" expected exactly 1 occurrence of ${JSON.stringify(from)} ` +
				`in worker/${file}, found ${count}: the mediasoup version changed, review scripts/setup/mediasoup/patches.mjs`,
		);
	}
	fs.writeFileSync(p, text.replace(from, to));
}

// Throw unless `text` occurs exactly once in `file`: for upstream fixes we rely on.
function expectOnce(workerDir, file, text, why) {
	const count = fs.readFileSync(path.join(workerDir, file), 'utf8').split(text).length - 1;
	if (count !== 1) {
		throw new Error(
			`mediasoup source check "${why}" expected exactly 1 occurrence of ${JSON.stringify(text)} ` +
				`in worker/${file}, found ${count}: the mediasoup version changed, review scripts/setup/mediasoup/patches.mjs`,
		);
	}
}

// Every wrap in worker/subprojects downloads from GitHub/wrapdb (unreachable here), so
// each is replaced by a local subproject that exports the variables worker/meson.build
// reads, backed by Debian's pkg-config files. `*_lib`/library variables feed only
// `link_whole` of the (unbuilt) shared-library target and are left empty.
// `options` declares the subproject options the worker passes, or meson stops with
// "Unknown options".
const SUBPROJECTS = {
	openssl: {
		meson: `project('openssl', 'c')
openssl_dep = dependency('openssl', version: '>= 3.0.0')
libssl_dep = dependency('libssl')
libcrypto_dep = dependency('libcrypto')
libssl_lib = []
libcrypto_lib = []
`,
	},
	libuv: {
		meson: `project('libuv', 'c')
libuv_dep = dependency('libuv')
libuv = []
`,
		options: `option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)
`,
	},
	// Debian ships libsrtp2 2.5, not versatica's libsrtp 3 fork: include/srtp.h (copied
	// from ./srtp.h) adapts the fork's API the worker calls to libsrtp2.
	libsrtp3: {
		meson: `project('libsrtp3', 'c', 'cpp')
libsrtp3_dep = declare_dependency(
  include_directories: include_directories('include'),
  dependencies: dependency('libsrtp2'),
)
libsrtp3 = []
`,
		options: `option('crypto-library', type: 'combo', choices: ['none', 'openssl', 'nss', 'mbedtls'], value: 'openssl')
option('crypto-library-kdf', type: 'feature', value: 'disabled')
option('tests', type: 'feature', value: 'disabled')
`,
	},
	flatbuffers: {
		meson: `project('flatbuffers', 'cpp')
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = []
`,
	},
	// Header-only; Debian 12 does not package it. include/ankerl/unordered_dense.h (copied
	// from ./unordered_dense.h) maps its map/set/hash onto the standard library's.
	'unordered-dense': {
		meson: `project('unordered-dense', 'cpp')
unordered_dense_dep = declare_dependency(include_directories: include_directories('include'))
`,
	},
	// Only the worker's unit-test binary (-Dms_build_tests) uses Catch2 and it is never built.
	catch2: {
		meson: `project('catch2', 'cpp')
catch2_dep = declare_dependency()
catch2_with_main_dep = declare_dependency()
`,
	},
};

// Wraps the tarball must contain: a new or renamed one means a new dependency to map.
// wingetopt is Windows-only, so its wrap is just removed.
const EXPECTED_WRAPS = [...Object.keys(SUBPROJECTS), 'wingetopt'].sort();

/** Patches an unpacked `package/worker` directory in place. */
export function prepareWorkerSource(workerDir) {
	// Debian 12 has meson 1.0.1; the worker asks for >= 1.1.0 but builds fine with 1.0.
	replaceOnce(workerDir, 'meson.build', "meson_version: '>= 1.1.0'", "meson_version: '>= 1.0.0'", 'meson version');

	// unordered_dense is looked up with dependency(), which finds a subproject only through
	// its wrap's [provide] section; the local replacement is named explicitly instead.
	replaceOnce(
		workerDir,
		'meson.build',
		"ankerl_unordered_dense_dep = dependency('unordered_dense')",
		"ankerl_unordered_dense_dep = subproject('unordered-dense').get_variable('unordered_dense_dep')",
		'unordered_dense subproject',
	);

	// The BIO callback bug that crashed every WebRTC connection with Debian's kTLS-enabled
	// OpenSSL (it returned 1 for every "after" call except a bare BIO_CB_RETURN, so
	// BIO_CTRL_GET_KTLS_SEND read 1 and libssl skipped its DTLS write buffer) is fixed
	// upstream since 3.19.x. Check the fix is still there rather than trust it.
	expectOnce(
		workerDir,
		'src/RTC/DtlsTransport.cpp',
		'((operationType & BIO_CB_RETURN) != 0) ? static_cast<long>(ret) : 1;',
		'DtlsTransport BIO callback returns the real result of every BIO_CB_RETURN call',
	);

	const subDir = path.join(workerDir, 'subprojects');
	const wraps = fs.readdirSync(subDir).filter((f) => f.endsWith('.wrap')).map((f) => f.slice(0, -5)).sort();
	if (wraps.join() !== EXPECTED_WRAPS.join()) {
		throw new Error(
			`mediasoup worker/subprojects wraps changed: expected [${EXPECTED_WRAPS}], found [${wraps}]; ` +
				'review scripts/setup/mediasoup/patches.mjs',
		);
	}
	for (const name of wraps) fs.rmSync(path.join(subDir, `${name}.wrap`));

	for (const [name, { meson, options }] of Object.entries(SUBPROJECTS)) {
		const dir = path.join(subDir, name);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'meson.build'), meson);
		if (options) fs.writeFileSync(path.join(dir, 'meson_options.txt'), options);
	}
	fs.mkdirSync(path.join(subDir, 'libsrtp3', 'include'), { recursive: true });
	fs.copyFileSync(path.join(HERE, 'srtp.h'), path.join(subDir, 'libsrtp3', 'include', 'srtp.h'));
	fs.mkdirSync(path.join(subDir, 'unordered-dense', 'include', 'ankerl'), { recursive: true });
	fs.copyFileSync(
		path.join(HERE, 'unordered_dense.h'),
		path.join(subDir, 'unordered-dense', 'include', 'ankerl', 'unordered_dense.h'),
	);
}
