import { render, type RenderResult } from '@testing-library/react';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import type { YunzhanSocket } from '../realtime/socket';
import { DataProvider } from './data-provider';
import { createQueryClient } from './query-client';

// For component tests: a stand-in for the tab's socket.io connection that a test drives by hand.
// The server's side is played by `push` (an event the server sends) and `answers` (the ack the
// server gives a request); everything the client sends is recorded in `sent`.

type Listener = (...args: unknown[]) => void;

/** What the fake server acks a request with: its data, or a thrown `{ code, message }` to refuse it. */
export type FakeAnswer = (payload: unknown) => unknown;

/** A socket.io client socket as far as the client's code uses one. Hand it over with `asSocket`. */
export class FakeSocket {
  connected = true;
  /** Whether the last reconnect recovered the missed packets (socket.io's connection state recovery). */
  recovered = false;
  /** Answers to requests, by event name; a request with none is refused with NOT_FOUND. */
  answers: Record<string, FakeAnswer> = {};
  /** Every event the client emitted, in order. */
  readonly sent: Array<{ event: string; payload: unknown }> = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  get disconnected(): boolean {
    return !this.connected;
  }

  get active(): boolean {
    return this.connected;
  }

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  /** How many listeners `event` has. */
  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** The server sends `event` with `args` to this client. */
  push(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  /** The client emits `event`; the last argument, when a function, gets the ack. */
  emit(event: string, payload?: unknown, ack?: (result: unknown) => void): this {
    this.sent.push({ event, payload });
    const result = this.answer(event, payload);
    if (typeof ack === 'function') void result.then(ack);
    return this;
  }

  /** socket.io's `socket.timeout(ms).emitWithAck(...)`, as `request` uses it. */
  timeout(): { emitWithAck: (event: string, payload: unknown) => Promise<unknown> } {
    return {
      emitWithAck: (event, payload) => {
        this.sent.push({ event, payload });
        return this.answer(event, payload);
      },
    };
  }

  /** The requests of one event the client sent, by payload. */
  sentOf(event: string): unknown[] {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload);
  }

  /** The connection comes (back): `connect` listeners run. */
  connect(): this {
    this.connected = true;
    this.push('connect');
    return this;
  }

  /** The connection drops (`reason` as socket.io gives it). */
  drop(reason = 'transport close'): void {
    this.connected = false;
    this.push('disconnect', reason);
  }

  disconnect(): this {
    this.drop('io client disconnect');
    return this;
  }

  private async answer(event: string, payload: unknown): Promise<unknown> {
    const answer = this.answers[event];
    if (!answer) return { ok: false, error: { code: 'NOT_FOUND', message: `no answer to ${event}` } };
    try {
      return { ok: true, data: await answer(payload) };
    } catch (error) {
      const { code = 'INTERNAL', message = String(error), details } = error as { code?: string; message?: string; details?: unknown };
      return { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } };
    }
  }
}

/** The fake as the client's socket type. */
export const asSocket = (fake: FakeSocket): YunzhanSocket => fake as unknown as YunzhanSocket;

/**
 * Renders `ui` inside the app's data layer (a fresh QueryClient from createQueryClient, unless one
 * is given) whose one socket is `fake`; the real push registry listens on it.
 */
export function renderWithSocket(ui: ReactElement, fake: FakeSocket, queryClient: QueryClient = createQueryClient()): RenderResult & { queryClient: QueryClient } {
  const view = render(
    <DataProvider client={queryClient} socketFactory={() => asSocket(fake)}>
      {ui}
    </DataProvider>,
  );
  return { ...view, queryClient };
}
