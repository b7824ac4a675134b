import { t as consoleTranslate } from '../i18n/language.svelte';
import type { Params, Translate } from '../i18n/translate';

/** What the header's connection indicator shows. */
export type ConnectionStatus = 'live' | 'reconnecting' | 'offline';

/** Failed reconnection attempts after which the console says it is offline (it keeps trying). */
export const OFFLINE_AFTER_ATTEMPTS = 3;

/** Why the console is not live: a message of the catalogue, or the server's own words. */
type Cause = { key: string; params?: Params } | { text: string };

/**
 * The console stream's connection state. `live` only once the server has answered `view` with a
 * snapshot, so "live" always means the map is current. The reason is worded when read, so it
 * follows the console's language (`translate`).
 */
export class Connection {
  status = $state<ConnectionStatus>('offline');
  #cause = $state.raw<Cause | null>(null);
  /** The server node the console is connected to, in a cluster (from `hello`). */
  node = $state<string | null>(null);
  /** The server refused the session: the user must sign in again. */
  signedOut = $state(false);
  #networkDown = false;

  constructor(private readonly translate: Translate = consoleTranslate) {}

  /** Why the console is not live, in words, when it knows. */
  get reason(): string | null {
    const cause = this.#cause;
    if (!cause) return null;
    return 'text' in cause ? cause.text : this.translate(cause.key, cause.params);
  }

  connecting(): void {
    this.#set('reconnecting', { key: 'header.connection.connecting' });
  }

  /** The socket is connected; the view is being sent again. */
  connected(): void {
    this.#networkDown = false;
    this.#set('reconnecting', { key: 'header.connection.loadingView' });
  }

  /** The server answered `view` with a snapshot. */
  viewLoaded(): void {
    this.#set('live', null);
  }

  /** The socket dropped; `willRetry` is socket.io's `socket.active`. */
  disconnected(reason: string, willRetry: boolean): void {
    this.#set(willRetry && !this.#networkDown ? 'reconnecting' : 'offline', {
      key: 'header.connection.disconnected',
      params: { reason },
    });
  }

  /** The connection (or its handshake) failed. `code` comes from the server's refusal, if any. */
  connectFailed(message: string, willRetry: boolean, code?: string): void {
    if (code === 'unauthorized') this.signedOut = true;
    this.#set(willRetry && !this.#networkDown ? 'reconnecting' : 'offline', { text: message });
  }

  /** The server ended this console's session (signed out, access changed): sign in again. */
  sessionEnded(): void {
    this.signedOut = true;
    this.#set('offline', { key: 'header.connection.signedOut' });
  }

  reconnectAttempt(attempt: number): void {
    if (this.#networkDown) return;
    if (attempt > OFFLINE_AFTER_ATTEMPTS) {
      this.#set('offline', { key: 'header.connection.unreachable' });
    } else if (this.status !== 'offline') {
      this.#set('reconnecting', { key: 'header.connection.attempt', params: { attempt } });
    }
  }

  /** The browser lost its network: offline until it is back, whatever the socket says. */
  networkLost(): void {
    this.#networkDown = true;
    this.#set('offline', { key: 'header.connection.noNetwork' });
  }

  /** The browser has a network again; the socket reconnects by itself. */
  networkRestored(): void {
    this.#networkDown = false;
    if (this.status === 'offline')
      this.#set('reconnecting', { key: 'header.connection.networkBack' });
  }

  #set(status: ConnectionStatus, cause: Cause | null): void {
    this.status = status;
    this.#cause = cause;
  }
}
