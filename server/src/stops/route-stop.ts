import { INSTRUCTION_KINDS, type RouteStop } from '@dispatch/shared';
import type { stops } from '../db/schema';

/** A stop as stored (`StopRow` of `stop-service.ts`). */
type StopRow = typeof stops.$inferSelect;

/** A stored stop as a courier's route carries it. */
export function toRouteStop(r: StopRow): RouteStop {
  return {
    id: r.id,
    seq: r.sequence ?? 0,
    kind: r.kind,
    status: r.status,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    orderRef: r.orderRef,
    windowStart: r.windowStart.getTime(),
    windowEnd: r.windowEnd.getTime(),
    serviceSeconds: r.serviceSeconds,
    eta: r.eta ? r.eta.getTime() : null,
    parcels: r.demand,
    customerName: r.customerName,
    customerPhone: r.customerPhone,
    notes: r.notes,
    requiresCode: r.requiresCode,
    instructions: routeInstructions(r),
  };
}

/** The customer's instructions from the tracking page, when a known kind and a text are stored. */
function routeInstructions(r: StopRow): RouteStop['instructions'] {
  const kind = INSTRUCTION_KINDS.find((k) => k === r.instructionsKind);
  return kind && r.instructions ? { kind, text: r.instructions } : null;
}
