import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './util';

// nginx for a test: Debian's nginx binary in the foreground, as a child of the test, with
// docker/nginx/yunzhan.conf as shipped. Everything it writes (pid, logs, temp files, the HLS
// cache) lies in one temp folder; only what yunzhan.conf leaves to the deployment is set here:
// the node list (yunzhan-nodes.conf beside it), the cache folder and the listen address.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shipped configuration. */
export const YUNZHAN_NGINX_CONF = path.join(ROOT, 'docker/nginx/yunzhan.conf');
const NGINX = '/usr/sbin/nginx';

/**
 * Debian's nginx, installed with apt when missing and we are root (as the Redis and PostgreSQL
 * helpers do; `npm test`'s set-up does not install it). Debian's package may start a system nginx
 * on port 80 where services start on install; in containers policy-rc.d stops that. We never use it.
 */
export function ensureNginx(): string {
  if (fs.existsSync(NGINX)) return NGINX;
  if (process.getuid?.() !== 0) throw new Error('nginx is missing and this is not root: apt-get install -y nginx-light');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=120', 'nginx-light'], { stdio: 'ignore', timeout: 300_000, env });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update', '-q'], { stdio: 'ignore', timeout: 300_000, env });
    install();
  }
  return NGINX;
}

/** Replaces exactly one occurrence of `from`: the shipped file changed shape if it is not there once. */
function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`docker/nginx/yunzhan.conf: expected "${from}" once, found it ${count} times`);
  return text.replace(from, to);
}

/** A running nginx. */
export interface TestNginx {
  /** `http://<address>:<port>` */
  url: string;
  /** The folder with its configuration, logs and cache. */
  dir: string;
  /** The error log so far (for failure messages). */
  errorLog(): string;
  /** Stops nginx (SIGTERM: fast shutdown, then SIGKILL after 5 s) and removes its folder. */
  stop(): Promise<void>;
}

/** What to put nginx in front of, and where it listens. */
export interface TestNginxOptions {
  /** `address:port` of each node (the `server` lines of yunzhan-nodes.conf). */
  nodes: string[];
  /** Address to listen on, e.g. 127.0.0.4. */
  address: string;
  port: number;
}

/** Writes the configuration from docker/nginx/yunzhan.conf, starts nginx and waits until it answers. */
export async function startNginx(options: TestNginxOptions): Promise<TestNginx> {
  const nginx = ensureNginx();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-nginx-'));
  const cacheDir = path.join(dir, 'cache');
  let site = fs.readFileSync(YUNZHAN_NGINX_CONF, 'utf8');
  site = replaceOnce(site, 'proxy_cache_path /var/cache/nginx/yunzhan ', `proxy_cache_path ${cacheDir} `);
  site = replaceOnce(site, '    listen 80;\n', `    listen ${options.address}:${options.port};\n`);
  fs.writeFileSync(path.join(dir, 'yunzhan.conf'), site);
  fs.writeFileSync(path.join(dir, 'yunzhan-nodes.conf'), options.nodes.map((n) => `server ${n} max_fails=3 fail_timeout=10s;\n`).join(''));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, 'temp', sub), { recursive: true });
  // The main file stands in for /etc/nginx/nginx.conf; relative includes resolve next to it.
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      // As root, workers would switch to nobody, who cannot write this 0700 folder.
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 512; }',
      'http {',
      `  access_log ${dir}/access.log;`,
      `  client_body_temp_path ${dir}/temp/body;`,
      `  proxy_temp_path ${dir}/temp/proxy;`,
      `  fastcgi_temp_path ${dir}/temp/fastcgi;`,
      `  uwsgi_temp_path ${dir}/temp/uwsgi;`,
      `  scgi_temp_path ${dir}/temp/scgi;`,
      '  include yunzhan.conf;',
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
  execFileSync(nginx, [...args, '-t', '-q'], { stdio: 'pipe' });
  const child: ChildProcess = spawn(nginx, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://${options.address}:${options.port}`;
  const errorLog = () => {
    try {
      return stderr + fs.readFileSync(path.join(dir, 'error.log'), 'utf8');
    } catch {
      return stderr;
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => child.exitCode === null && (await fetch(`${url}/healthz`)).status > 0, 15_000, 'nginx to answer');
  } catch (err) {
    const log = errorLog();
    await stop();
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return { url, dir, errorLog, stop };
}

/**
 * `nginx -t` of the shipped file installed as docs/deployment.md says, inside Debian's own
 * /etc/nginx/nginx.conf (a copy in a temp folder: conf.d/yunzhan.conf, yunzhan-nodes.conf from
 * the example, sites-enabled/default removed). Only the copy's paths, the logs and the cache
 * folder are moved into the temp folder. Returns nginx's output; throws with it on failure.
 */
export function testWithDebianMainConfig(): string {
  const nginx = ensureNginx();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-nginx-debian-'));
  try {
    const etc = path.join(dir, 'etc');
    fs.cpSync('/etc/nginx', etc, { recursive: true });
    const main = fs
      .readFileSync(path.join(etc, 'nginx.conf'), 'utf8')
      .replaceAll('/etc/nginx/', `${etc}/`)
      .replaceAll('/var/log/nginx/', `${dir}/`)
      .replace(/^pid .*$/m, `pid ${dir}/nginx.pid;`);
    fs.writeFileSync(path.join(etc, 'nginx.conf'), main);
    fs.rmSync(path.join(etc, 'sites-enabled', 'default'), { force: true });
    const site = replaceOnce(fs.readFileSync(YUNZHAN_NGINX_CONF, 'utf8'), 'proxy_cache_path /var/cache/nginx/yunzhan ', `proxy_cache_path ${dir}/cache `);
    fs.writeFileSync(path.join(etc, 'conf.d', 'yunzhan.conf'), site);
    fs.copyFileSync(path.join(path.dirname(YUNZHAN_NGINX_CONF), 'yunzhan-nodes.conf.example'), path.join(etc, 'yunzhan-nodes.conf'));
    // The prefix stays Debian's, so `load_module modules/...` finds the installed modules.
    return execFileSync(nginx, ['-t', '-p', '/usr/share/nginx/', '-c', path.join(etc, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`nginx -t failed: ${e.stderr ?? e.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
