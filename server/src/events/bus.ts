import { EventEmitter } from 'node:events';
import type { AlertView, StopChange, SuggestionView } from '@dispatch/shared';

/** Which courier was created or changed, and whether it still works (listeners read the rest). */
export interface CourierChange {
  id: number;
  active: boolean;
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
  /** A hub's settings (on-time target, auto-dispatch) changed. */
  'hub:changed': [hub: { id: number; onTimeTarget: number; autoDispatch: boolean }];
  /** A courier's device credentials changed or it was deactivated: close its connections. */
  'credentials:changed': [courierId: number];
}

/** An in-process, typed event bus. Listeners run synchronously after the commit. */
export class DomainBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends keyof DomainEvents>(event: K, ...args: DomainEvents[K]): void {
    this.emitter.emit(event, ...args);
  }

  on<K extends keyof DomainEvents>(
    event: K,
    listener: (...args: DomainEvents[K]) => void,
  ): () => void {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...args: unknown[]) => void);
  }
}
