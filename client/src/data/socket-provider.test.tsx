// @vitest-environment jsdom
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Asset } from '@yunzhan/shared';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectSocket, type YunzhanSocket } from '../realtime/socket';
import { DataProvider } from './data-provider';
import { createQueryClient } from './query-client';
import { queryKeys } from './query-keys';
import { useSocket } from './socket-provider';

// The socket provider against a real socket.io server on a free port, with the client's own
// connectSocket: how many connections a tab opens, and where pushes land.

afterEach(cleanup);

let http: HttpServer;
let io: Server;
let url = '';
/** Every connection the server has accepted, in order. */
const accepted: ServerSocket[] = [];

beforeAll(async () => {
  http = createServer();
  io = new Server(http, { cors: { origin: true, credentials: true } });
  io.on('connection', (socket) => void accepted.push(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await io.close();
});

const asset = (progress: number, updatedAt: string) =>
  Asset.parse({
    id: 'as_1',
    kind: 'video',
    ownerId: 'u1',
    filename: 'clip.mp4',
    sizeBytes: 1000,
    status: 'processing',
    progress,
    durationSeconds: 3,
    width: 640,
    height: 360,
    hls: null,
    error: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt,
  });

/** A feature that uses the socket: says whether it has one, and hands it to the test. */
function Consumer({ name, seen }: { name: string; seen: Map<string, YunzhanSocket> }) {
  const socket = useSocket();
  if (socket) seen.set(name, socket);
  return <p data-testid={name}>{socket ? 'has socket' : 'waiting'}</p>;
}

describe('the socket provider', () => {
  it('opens one connection for several features, writes a pushed asset into the cache and closes after the last one leaves', async () => {
    const queryClient = createQueryClient();
    const seen = new Map<string, YunzhanSocket>();
    const factory = () => connectSocket(url, { transports: ['websocket'] });
    const before = accepted.length;
    const view = render(
      <DataProvider client={queryClient} socketFactory={factory}>
        <Consumer name="theatre" seen={seen} />
        <Consumer name="chat" seen={seen} />
        <Consumer name="uploads" seen={seen} />
      </DataProvider>,
    );
    for (const name of ['theatre', 'chat', 'uploads']) await waitFor(() => expect(screen.getByTestId(name).textContent).toBe('has socket'));
    await waitFor(() => expect(accepted.length - before).toBe(1));
    expect(new Set(seen.values()).size).toBe(1);
    const client = [...seen.values()][0]!;
    await waitFor(() => expect(client.connected).toBe(true));
    expect(io.engine.clientsCount).toBe(1);

    // A list someone loaded is updated by the push; a malformed push is dropped.
    queryClient.setQueryData(queryKeys.assets.mine(), [asset(10, '2026-01-01T00:00:01.000Z')]);
    const server = accepted[accepted.length - 1]!;
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    server.emit('asset:progress', { id: 'as_1', progress: 'lots' });
    server.emit('asset:progress', asset(80, '2026-01-01T00:00:02.000Z'));
    await waitFor(() => expect(queryClient.getQueryData<Asset[]>(queryKeys.assets.mine())?.[0]?.progress).toBe(80));
    expect(queryClient.getQueryData<Asset[]>(queryKeys.assets.mine())).toHaveLength(1);
    expect(warned).toHaveBeenCalledWith('ignored a malformed asset:progress', expect.any(Array));
    warned.mockRestore();

    view.unmount();
    await waitFor(() => expect(server.connected).toBe(false), { timeout: 5_000 });
    expect(accepted.length - before).toBe(1);
  });
});
