/** What the header's connection indicator shows. */
export type ConnectionStatus = 'live' | 'reconnecting' | 'offline';

/** Failed reconnection attempts after which the console says it is offline (it keeps trying). */
export const OFFLINE_AFTER_ATTEMPTS = 3;

/**
 * The console stream's connection state. `live` only once the server has answered `view` with a
 * snapshot, so "live" always means the map is current.
 */
export class Connection {
  status = $state<ConnectionStatus>('offline');
  /** Why the console is not live, in words, when it knows. */
  reason = $state<string | null>(null);
  /** The server refused the session: the user must sign in again. */
  signedOut = $state(false);
  #networkDown = false;

  connecting(): void {
    this.#set('reconnecting', 'connecting…');
  }

  /** The socket is connected; the view is being sent again. */
  connected(): void {
    this.#networkDown = false;
    this.#set('reconnecting', 'loading the view…');
  }

  /** The server answered `view` with a snapshot. */
  viewLoaded(): void {
    this.#set('live', null);
  }

  /** The socket dropped; `willRetry` is socket.io's `socket.active`. */
  disconnected(reason: string, willRetry: boolean): void {
    this.#set(
      willRetry && !this.#networkDown ? 'reconnecting' : 'offline',
      `disconnected (${reason})`,
    );
  }

  /** The connection (or its handshake) failed. `code` comes from the server's refusal, if any. */
  connectFailed(message: string, willRetry: boolean, code?: string): void {
    if (code === 'unauthorized') this.signedOut = true;
    this.#set(willRetry && !this.#networkDown ? 'reconnecting' : 'offline', message);
  }

  reconnectAttempt(attempt: number): void {
    if (this.#networkDown) return;
    if (attempt > OFFLINE_AFTER_ATTEMPTS) {
      this.#set('offline', 'the server cannot be reached; retrying');
    } else if (this.status !== 'offline') {
      this.#set('reconnecting', `reconnecting (attempt ${attempt})`);
    }
  }

  /** The browser lost its network: offline until it is back, whatever the socket says. */
  networkLost(): void {
    this.#networkDown = true;
    this.#set('offline', 'no network');
  }

  /** The browser has a network again; the socket reconnects by itself. */
  networkRestored(): void {
    this.#networkDown = false;
    if (this.status === 'offline') this.#set('reconnecting', 'network back; reconnecting…');
  }

  #set(status: ConnectionStatus, reason: string | null): void {
    this.status = status;
    this.reason = reason;
  }
}
