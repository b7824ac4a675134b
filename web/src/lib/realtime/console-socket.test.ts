import { encodeFleetColumns, type FleetColumns } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../api';
import { Connection } from '../state/connection.svelte';
import { ConsoleLink, type ConsoleSocket } from './console-socket';

type Listener = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket: events the test fires, emits it answers. */
class FakeSocket {
  connected = false;
  active = true;
  connectCalls = 0;
  sent: { event: string; payload: unknown }[] = [];
  answer: (event: string, payload: unknown) => unknown = () => ({ ok: true });
  readonly #listeners = new Map<string, Listener[]>();
  readonly #ioListeners = new Map<string, Listener[]>();
  readonly io = {
    on: (event: string, fn: Listener) => this.#add(this.#ioListeners, event, fn),
    removeAllListeners: () => this.#ioListeners.clear(),
  };

  on(event: string, fn: Listener) {
    this.#add(this.#listeners, event, fn);
    return this;
  }
  connect() {
    this.connectCalls++;
    return this;
  }
  disconnect() {
    return this;
  }
  removeAllListeners() {
    this.#listeners.clear();
    return this;
  }
  timeout() {
    return {
      emitWithAck: async (event: string, payload: unknown) => {
        this.sent.push({ event, payload });
        return this.answer(event, payload);
      },
    };
  }
  fire(event: string, ...args: unknown[]) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const fn of this.#listeners.get(event) ?? []) fn(...args);
  }
  #add(map: Map<string, Listener[]>, event: string, fn: Listener) {
    map.set(event, [...(map.get(event) ?? []), fn]);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const socket = new FakeSocket();
  const connection = new Connection();
  const snapshots: FleetColumns[] = [];
  const link = new ConsoleLink(
    connection,
    { onSnapshot: (s) => snapshots.push(s) },
    socket as unknown as ConsoleSocket,
  );
  return { socket, connection, snapshots, link };
}

describe('ConsoleLink', () => {
  test('sends the view on connect and is live once the snapshot arrives', async () => {
    const { socket, connection, snapshots, link } = setup();
    const snapshot = encodeFleetColumns([], 1);
    socket.answer = () => ({ ok: true, rooms: ['r'], snapshot });
    link.setView({ bounds: [-55, -21, -54, -20] });
    expect(socket.sent).toEqual([]);
    socket.fire('connect');
    expect(connection.status).toBe('reconnecting');
    await settle();
    expect(socket.sent).toEqual([{ event: 'view', payload: { bounds: [-55, -21, -54, -20] } }]);
    expect(snapshots).toEqual([snapshot]);
    expect(connection.status).toBe('live');
  });

  test('after a reconnect the current view is sent again and a fresh snapshot replaces the fleet', async () => {
    const { socket, connection, snapshots, link } = setup();
    let n = 0;
    socket.answer = () => ({ ok: true, rooms: [], snapshot: encodeFleetColumns([], ++n) });
    link.setView({ bounds: [0, 0, 1, 1] });
    socket.fire('connect');
    await settle();
    link.setView({ bounds: [1, 1, 2, 2] });
    await settle();
    socket.fire('disconnect', 'transport close');
    expect(connection.status).toBe('reconnecting');
    socket.fire('connect');
    await settle();
    expect(socket.sent.map((s) => s.payload)).toEqual([
      { bounds: [0, 0, 1, 1] },
      { bounds: [1, 1, 2, 2] },
      { bounds: [1, 1, 2, 2] },
    ]);
    expect(snapshots.map((s) => s.at)).toEqual([1, 2, 3]);
    expect(connection.status).toBe('live');
  });

  test('a session the server ended signs the console out and does not reconnect', async () => {
    const { socket, connection, link } = setup();
    socket.answer = () => ({ ok: true, rooms: [], snapshot: encodeFleetColumns([], 1) });
    link.setView({ bounds: [0, 0, 1, 1] });
    socket.fire('connect');
    await settle();
    socket.fire('session:ended');
    socket.active = false;
    socket.fire('disconnect', 'io server disconnect');
    expect(connection.signedOut).toBe(true);
    expect(connection.status).toBe('offline');
    expect(socket.connectCalls).toBe(0);
  });

  test('a link the server closed with the session still valid connects again', async () => {
    const { socket, connection, link } = setup();
    socket.answer = () => ({ ok: true, rooms: [], snapshot: encodeFleetColumns([], 1) });
    link.setView({ bounds: [0, 0, 1, 1] });
    socket.fire('connect');
    await settle();
    socket.active = false;
    socket.fire('disconnect', 'io server disconnect');
    expect(socket.connectCalls).toBe(1);
    expect(connection.signedOut).toBe(false);
  });

  test('a refused action throws a typed error', async () => {
    const { socket, link } = setup();
    socket.answer = () => ({ ok: false, error: { code: 'conflict', message: 'route changed' } });
    const error = await link.acceptSuggestion(3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'conflict', message: 'route changed' });
  });

  test('an action without an answer is unavailable', async () => {
    const { socket, link } = setup();
    socket.answer = () => {
      throw new Error('operation has timed out');
    };
    await expect(link.ackAlert(1)).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('ConsoleLink without a fleet', () => {
  test('is live as soon as it is connected', () => {
    const socket = new FakeSocket();
    const connection = new Connection();
    new ConsoleLink(connection, {}, socket as unknown as ConsoleSocket);
    socket.fire('connect');
    expect(connection.status).toBe('live');
    expect(socket.sent).toEqual([]);
  });
});
