/**
 * True when a request's Origin is absent (not a browser, or a same-origin GET), this server
 * itself (same host and port as the Host header), or one of the configured origins.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
