import type { CourierStatus } from '@dispatch/shared';
import type { Fleet } from '../state/fleet.svelte';

/** What end-to-end tests read from `window.__console`. */
export interface ConsoleDebugView {
  /** Latest fix per courier id in view. */
  positions: Record<number, { lat: number; lng: number; t: number; status: CourierStatus }>;
  /** Bumps once per applied batch of deltas. */
  version: number;
}

declare global {
  interface Window {
    __console?: ConsoleDebugView;
  }
}

/**
 * Exposes a read-only view of the fleet as `window.__console` for end-to-end tests, built fresh
 * on each read. Returns a function that removes it.
 */
export function installDebugHook(fleet: Fleet): () => void {
  Object.defineProperty(window, '__console', {
    configurable: true,
    get: (): ConsoleDebugView =>
      Object.freeze({ positions: fleet.positions(), version: fleet.version }),
  });
  return () => {
    delete window.__console;
  };
}
