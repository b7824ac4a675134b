import { EventEmitter } from 'node:events';
import type { AlertView, CourierStatus, StopChange, SuggestionView } from '@dispatch/shared';

/** Which courier was created or changed, its hub, and whether it still works (listeners read the rest). */
export interface CourierChange {
  id: number;
  active: boolean;
  hubId: number | null;
}

/** What services announce after a committed change, for the transports to push. */
export interface DomainEvents {
  /** These couriers' routes changed (new versions are in the database). */
  'routes:changed': [courierIds: number[]];
  'stops:changed': [changes: StopChange[]];
  /** Only the predicted arrivals of these stops changed. */
  'etas:changed': [changes: StopChange[]];
  'alert:changed': [alert: AlertView];
  'suggestion:changed': [suggestion: SuggestionView];
  /** A courier was created or its profile (hub, vehicle, shift, active) changed. */
  'courier:changed': [courier: CourierChange];
  /** A courier's device reported its status (shift controls): every node's live fleet shows it. */
  'courier:status': [report: { id: number; status: CourierStatus }];
  /** A hub's settings (on-time target, auto-dispatch) changed. */
  'hub:changed': [hub: { id: number; onTimeTarget: number; autoDispatch: boolean }];
  /** A courier's device credentials changed or it was deactivated: close its connections. */
  'credentials:changed': [courierId: number];
  /**
   * A console user signed out, changed password, role or hub, or was deactivated: their console
   * sockets close (they sign in again, or reconnect with a session that is still valid).
   */
  'sessions:ended': [userId: number];
}

/** An event's name and arguments, as a relay carries it between nodes. */
export type AnyDomainEvent = {
  [K in keyof DomainEvents]: { event: K; args: DomainEvents[K] };
}[keyof DomainEvents];

/**
 * An in-process, typed event bus. Listeners run synchronously after the commit. In a cluster a
 * relay (`cluster/bus-relay.ts`) carries this node's events to the others, which emit them as
 * remote: listeners that keep this node's state in step (`on`) hear both, listeners that push to
 * sockets (`onLocal`) hear only this node's own, since the Socket.IO adapter already carries
 * their pushes to every node.
 */
export class DomainBus {
  private readonly emitter = new EventEmitter();
  private readonly local = new EventEmitter();
  private tap: ((event: AnyDomainEvent) => void) | null = null;

  constructor() {
    this.emitter.setMaxListeners(50);
    this.local.setMaxListeners(50);
  }

  emit<K extends keyof DomainEvents>(event: K, ...args: DomainEvents[K]): void {
    this.emitter.emit(event, ...args);
    this.local.emit(event, ...args);
    this.tap?.({ event, args } as AnyDomainEvent);
  }

  /** An event another node emitted: heard by `on` listeners only, and not relayed again. */
  emitRemote(remote: AnyDomainEvent): void {
    this.emitter.emit(remote.event, ...remote.args);
  }

  /** Hears the event wherever it was emitted (this node, or another through the relay). */
  on<K extends keyof DomainEvents>(
    event: K,
    listener: (...args: DomainEvents[K]) => void,
  ): () => void {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...args: unknown[]) => void);
  }

  /** Hears the event only when this node emitted it (pushes to sockets). */
  onLocal<K extends keyof DomainEvents>(
    event: K,
    listener: (...args: DomainEvents[K]) => void,
  ): () => void {
    this.local.on(event, listener as (...args: unknown[]) => void);
    return () => this.local.off(event, listener as (...args: unknown[]) => void);
  }

  /** Hands every event this node emits to `relay` (one relay at most); returns the detach. */
  relayTo(relay: (event: AnyDomainEvent) => void): () => void {
    this.tap = relay;
    return () => {
      if (this.tap === relay) this.tap = null;
    };
  }
}
