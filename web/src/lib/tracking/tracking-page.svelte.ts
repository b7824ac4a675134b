import type {
  ErrorCode,
  RescheduleRequest,
  TrackingInstructions,
  TrackingView,
} from '@dispatch/shared';
import { ApiError } from '../api';
import type { TrackingApi } from './tracking-api';

/** What the page shows: the order, or one of the plain pages without any of its data. */
export type PageStatus = 'loading' | 'ready' | 'not_found' | 'rate_limited' | 'unavailable';

/** The live connection: `reconnecting` after it dropped (the last view stays on screen). */
export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** What the live feed reports to the page. */
export interface LiveHandlers {
  update(view: TrackingView): void;
  connected(): void;
  disconnected(): void;
  /** The server refused the link. */
  invalid(): void;
  /** The server closed the connection (it does when the link expires). */
  closedByServer(): void;
}

export interface LiveFeed {
  close(): void;
}

export type ConnectFeed = (handlers: LiveHandlers) => LiveFeed;

/** What a customer's action came to: done, or refused with a code the page puts in words. */
export type ActionOutcome = { ok: true } | { ok: false; code: ErrorCode };

const codeOf = (err: unknown): ErrorCode => (err instanceof ApiError ? err.code : 'unavailable');

/**
 * The tracking page's state: the latest view of the order (from the first request, the live
 * feed, or the answer to an action, whichever is newest) and the customer's actions on it.
 */
export class TrackingPage {
  status = $state<PageStatus>('loading');
  view = $state.raw<TrackingView | null>(null);
  live = $state<LiveState>('connecting');
  #feed: LiveFeed | null = null;
  #hasBeenLive = false;

  constructor(
    private readonly api: TrackingApi,
    private readonly connect: ConnectFeed,
  ) {}

  /** Loads the order and follows it live. */
  async start(): Promise<void> {
    this.#feed = this.connect({
      update: (view) => this.apply(view),
      connected: () => {
        // Changes made while the connection was down are fetched, not waited for.
        if (this.#hasBeenLive) void this.refresh();
        this.#hasBeenLive = true;
        this.live = 'live';
      },
      disconnected: () => {
        this.live = 'reconnecting';
      },
      invalid: () => this.#refused('not_found'),
      closedByServer: () => void this.refresh(),
    });
    await this.refresh();
  }

  close(): void {
    this.#feed?.close();
    this.#feed = null;
  }

  /** Asks for the order again (after a reconnect, a refused action, or the customer's retry). */
  async refresh(): Promise<void> {
    try {
      this.apply(await this.api.view());
    } catch (err) {
      const code = codeOf(err);
      if (code === 'not_found' || code === 'rate_limited') this.#refused(code);
      else if (!this.view) this.status = 'unavailable';
    }
  }

  /** Shows a view unless a newer one is already shown. */
  apply(view: TrackingView): void {
    if (this.status === 'not_found' || this.status === 'rate_limited') return;
    if (this.view && view.updatedAt < this.view.updatedAt) return;
    this.view = view;
    this.status = 'ready';
  }

  saveInstructions(instructions: TrackingInstructions): Promise<ActionOutcome> {
    return this.#act(() => this.api.saveInstructions(instructions));
  }

  reschedule(choice: RescheduleRequest): Promise<ActionOutcome> {
    return this.#act(() => this.api.reschedule(choice));
  }

  async #act(call: () => Promise<TrackingView>): Promise<ActionOutcome> {
    try {
      this.apply(await call());
      return { ok: true };
    } catch (err) {
      const code = codeOf(err);
      // Refused because the order moved on (the courier arrived, the slot filled): show where it is now.
      if (code === 'conflict') await this.refresh();
      if (code === 'not_found') this.#refused(code);
      return { ok: false, code };
    }
  }

  /** A link that is not valid (or an address that tried too many) shows nothing of the order. */
  #refused(code: 'not_found' | 'rate_limited'): void {
    this.view = null;
    this.status = code;
    this.close();
  }
}
