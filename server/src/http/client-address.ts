import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

// Who is asking, for rate limits, presence and /healthz: the peer of the TCP connection, unless
// that peer is a proxy the operator trusts (TRUST_PROXY), in which case X-Forwarded-For is read
// from the right, through trusted hops only (proxy-addr, the same code Express's `trust proxy`
// runs). HTTP requests and socket.io handshakes go through the same function, so a proxy in
// front gives sockets the same addresses as HTTP and a client cannot pick its own address.

/** Decides whether an address is a trusted proxy (the compiled form of TRUST_PROXY). */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Compiles TRUST_PROXY values (`loopback`, CIDR ranges…; none trusts nobody). */
export function compileTrustProxy(values: readonly string[]): TrustProxy {
  return values.length === 0 ? () => false : proxyaddr.compile([...values]);
}

/** The client's address: the socket peer, or the first untrusted hop of X-Forwarded-For behind trusted proxies. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  try {
    return proxyaddr(req, trust) || 'unknown';
  } catch {
    // A malformed X-Forwarded-For from a trusted proxy: fall back to the proxy itself.
    return req.socket.remoteAddress ?? 'unknown';
  }
}

/** True for a direct connection from this machine (no proxy in between said otherwise). */
export function isLoopbackRequest(req: IncomingMessage): boolean {
  const peer = req.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
  // Behind a reverse proxy on the same machine every request arrives from loopback: one that
  // carries forwarding headers was forwarded from somewhere else.
  return loopback && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

/** Whether a request reached us over HTTPS: directly, or per X-Forwarded-Proto from a trusted proxy. */
export function isHttps(req: IncomingMessage, trust: TrustProxy): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!trust(req.socket.remoteAddress ?? '', 0)) return false;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}
