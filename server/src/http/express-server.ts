import http from 'node:http';
import type { Express } from 'express';

/**
 * An HTTP server for an express app whose requests and responses are born with the app's
 * prototypes (`app.request`, `app.response`), instead of being made as plain IncomingMessage and
 * ServerResponse objects that express then re-parents on every request with
 * Object.setPrototypeOf. V8 handles an object whose prototype changes after it was made poorly:
 * each request's objects then outlived the young generation, so every request was copied into
 * the old one (measured: about a quarter of what a request allocates, 2.5 MB per scavenge, 5-9 ms
 * scavenges; none and 0.7 ms born with the right prototype), and the server spent its time in GC
 * pauses that held up every request in flight. express still calls setPrototypeOf, which does
 * nothing when the prototype is already the one asked for.
 */
export function createExpressServer(app: Express): http.Server {
  // Constructor functions (not classes): node's own are functions, called here on the new object.
  function Request(this: http.IncomingMessage, ...args: unknown[]) {
    (http.IncomingMessage as unknown as (...a: unknown[]) => void).apply(this, args);
  }
  Request.prototype = app.request;
  function Response(this: http.ServerResponse, ...args: unknown[]) {
    (http.ServerResponse as unknown as (...a: unknown[]) => void).apply(this, args);
  }
  Response.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: Request as unknown as typeof http.IncomingMessage,
      ServerResponse: Response as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
