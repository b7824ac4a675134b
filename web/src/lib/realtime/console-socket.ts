import { io, type Socket } from 'socket.io-client';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type Ack,
  type AlertView,
  type ConsoleClientToServer,
  type ConsoleServerToClient,
  type FleetColumns,
  type ReassignRequest,
  type ReassignResult,
  type SuggestionView,
  type ViewRequest,
  type WireError,
} from '@dispatch/shared';
import { ApiError } from '../api';
import type { Connection } from '../state/connection.svelte';

/** The typed `/console` socket. */
export type ConsoleSocket = Socket<ConsoleServerToClient, ConsoleClientToServer>;

/** How long to wait for the server to answer an action before giving up. */
export const ACK_TIMEOUT_MS = 10_000;

export interface ConsoleLinkHandlers {
  /**
   * A fresh snapshot for the current view: replace the fleet with it. Without this handler the
   * link streams no fleet (the supervisor page) and is live as soon as it is connected.
   */
  onSnapshot?: (snapshot: FleetColumns, receivedAt: number) => void;
  /** The server refused the view (e.g. too large to stream). */
  onViewRefused?: (error: WireError) => void;
}

export function createConsoleSocket(): ConsoleSocket {
  return io(NAMESPACES.console, {
    // WebSocket only: several server nodes behind a balancer need no sticky sessions.
    transports: ['websocket'],
    auth: { protocol: PROTOCOL_VERSION },
    withCredentials: true,
    autoConnect: false,
  });
}

function unwrap<T extends object>(ack: Ack<T>): T {
  if (!ack.ok) throw ApiError.fromWire(ack.error);
  return ack;
}

function noAnswer(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError('unavailable', 'the server did not answer in time; try again');
}

/**
 * The console's link to `/console`: connection state, the current `view` re-sent after every
 * (re)connect with the fleet replaced by the fresh snapshot, and the actions with typed answers.
 * A session the server ends (`session:ended`, or a refused handshake) leaves it signed out.
 * Other pushes (`fleet:delta`, `alert:changed`, …) are subscribed to on `socket` directly.
 */
export class ConsoleLink {
  readonly socket: ConsoleSocket;
  #view: ViewRequest | null = null;
  #viewRequest = 0;

  constructor(
    private readonly connection: Connection,
    private readonly handlers: ConsoleLinkHandlers,
    socket: ConsoleSocket = createConsoleSocket(),
  ) {
    this.socket = socket;
    socket.on('connect', () => {
      if (!handlers.onSnapshot) return connection.viewLoaded();
      connection.connected();
      this.#sendView();
    });
    socket.on('session:ended', () => connection.sessionEnded());
    socket.on('disconnect', (reason) => {
      if (connection.signedOut) return;
      connection.disconnected(reason, socket.active);
      // The server closed the link without ending the session (the user's role or hub changed):
      // connect again for a fresh picture; a session that has ended is refused at the handshake.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err) => {
      const code = (err as { data?: { code?: string } }).data?.code;
      connection.connectFailed(err.message, socket.active, code);
    });
    socket.io.on('reconnect_attempt', (attempt) => connection.reconnectAttempt(attempt));
  }

  connect(): void {
    this.connection.connecting();
    this.socket.connect();
  }

  /** Changes what the console looks at; sent now if connected, and again after each reconnect. */
  setView(view: ViewRequest): void {
    this.#view = view;
    if (this.socket.connected) this.#sendView();
  }

  get view(): ViewRequest | null {
    return this.#view;
  }

  dispose(): void {
    this.socket.disconnect();
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
  }

  async ackAlert(alertId: number): Promise<AlertView> {
    return unwrap(await this.#ask(() => this.#timed().emitWithAck('alert:ack', { alertId }))).alert;
  }

  async acceptSuggestion(suggestionId: number): Promise<ReassignResult> {
    const ack = await this.#ask(() =>
      this.#timed().emitWithAck('suggestion:accept', { suggestionId }),
    );
    return unwrap(ack).result;
  }

  async rejectSuggestion(suggestionId: number): Promise<SuggestionView> {
    const ack = await this.#ask(() =>
      this.#timed().emitWithAck('suggestion:reject', { suggestionId }),
    );
    return unwrap(ack).suggestion;
  }

  async reassign(request: ReassignRequest): Promise<ReassignResult> {
    return unwrap(await this.#ask(() => this.#timed().emitWithAck('stop:reassign', request)))
      .result;
  }

  #timed() {
    return this.socket.timeout(ACK_TIMEOUT_MS);
  }

  async #ask<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw noAnswer(err);
    }
  }

  #sendView(): void {
    const view = this.#view;
    if (!view) return;
    const request = ++this.#viewRequest;
    this.#timed()
      .emitWithAck('view', view)
      .then(
        (ack) => {
          if (request !== this.#viewRequest) return;
          if (ack.ok) {
            this.handlers.onSnapshot?.(ack.snapshot, Date.now());
            this.connection.viewLoaded();
          } else {
            this.connection.viewLoaded();
            this.handlers.onViewRefused?.(ack.error);
          }
        },
        () => {
          // No answer in time: the connection is probably gone; the next connect re-sends it.
          if (request === this.#viewRequest && this.socket.connected) this.#sendView();
        },
      );
  }
}
