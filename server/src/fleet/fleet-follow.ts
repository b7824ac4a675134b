import type { DomainBus } from '../events/bus';
import type { FleetState } from './fleet-state';

/**
 * Keeps the live fleet's couriers (who is on it, in which hub, their status) in step with
 * committed changes, wherever they were made: on this node, or on another of the cluster (the
 * bus hears both). The node where a change was made may already have applied it; applying it
 * again changes nothing. Returns the unsubscribe.
 */
export function followCourierChanges(fleet: FleetState, bus: DomainBus): () => void {
  const offs = [
    bus.on('courier:changed', ({ id, active, hubId }) => {
      if (active) fleet.upsertCourier(id, hubId);
      else fleet.removeCourier(id);
    }),
    bus.on('courier:status', ({ id, status }) => fleet.setStatus(id, status)),
  ];
  return () => {
    for (const off of offs) off();
  };
}
