import http from 'node:http';

// The tus protocol by hand (POST creates, HEAD tells the offset, PATCH appends from it), so tests
// control exactly what reaches the server, including a transfer cut off mid-body.

/** A raw HTTP response. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const TUS_VERSION = '1.0.0';

/** Sends one request; `body` as given, no retries, no redirects. */
export function rawRequest(url: string, method: string, headers: Record<string, string>, body?: Uint8Array): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `Upload-Metadata`: comma-separated `key base64(value)` pairs. */
export function encodeMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`)
    .join(',');
}

/** POST: creates an upload of `length` bytes; the Location header is its URL. */
export function createUpload(baseUrl: string, cookie: string | undefined, length: number, metadata: Record<string, string>): Promise<RawResponse> {
  return rawRequest(`${baseUrl}/api/uploads`, 'POST', {
    'Tus-Resumable': TUS_VERSION,
    'Upload-Length': String(length),
    'Upload-Metadata': encodeMetadata(metadata),
    ...(cookie ? { cookie } : {}),
  });
}

/** HEAD: how many bytes the server has. */
export function headUpload(uploadUrl: string, cookie: string): Promise<RawResponse> {
  return rawRequest(uploadUrl, 'HEAD', { 'Tus-Resumable': TUS_VERSION, cookie });
}

/** PATCH: appends `bytes` at `offset`. */
export function patchUpload(uploadUrl: string, cookie: string, offset: number, bytes: Uint8Array): Promise<RawResponse> {
  return rawRequest(
    uploadUrl,
    'PATCH',
    {
      'Tus-Resumable': TUS_VERSION,
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
      'Content-Length': String(bytes.length),
      cookie,
    },
    bytes,
  );
}

/**
 * A PATCH announcing all of `bytes` whose connection is cut after the first `sendBytes` of them
 * (the uploader's network going away mid-transfer). Resolves once the socket is destroyed.
 */
export function interruptedPatch(uploadUrl: string, cookie: string, offset: number, bytes: Uint8Array, sendBytes: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(uploadUrl, {
      method: 'PATCH',
      headers: {
        'Tus-Resumable': TUS_VERSION,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(bytes.length),
        cookie,
      },
    });
    req.on('error', () => undefined);
    req.write(bytes.subarray(0, sendBytes), () => {
      // Give the server a moment to write what arrived, then drop the connection.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 400);
    });
  });
}

/** The absolute URL of an upload from a POST's Location (relative on this server). */
export function uploadUrlOf(baseUrl: string, created: RawResponse): string {
  const location = created.headers.location;
  if (!location) throw new Error(`no Location in ${created.status} ${created.body}`);
  return new URL(location, baseUrl).toString();
}
