import { INSTRUCTION_KINDS, type Stop } from '@dispatch/shared';
import type { StopRow } from './stop-service';
import { FAR_FROM_STOP_METERS } from './visit-report';

/** A stored stop as the REST API reports it (times in epoch ms). */
export function stopBody(r: StopRow): Stop {
  return {
    id: r.id,
    hubId: r.hubId,
    kind: r.kind,
    orderRef: r.orderRef,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    cell: r.cell,
    windowStart: r.windowStart.getTime(),
    windowEnd: r.windowEnd.getTime(),
    serviceSeconds: r.serviceSeconds,
    demand: r.demand,
    slaTier: r.slaTier,
    status: r.status,
    courierId: r.courierId,
    sequence: r.sequence,
    routeVersion: r.routeVersion,
    attempts: r.attempts,
    eta: r.eta ? r.eta.getTime() : null,
    completionDistanceMeters: r.completionDistanceMeters,
    farFromStop: (r.completionDistanceMeters ?? 0) > FAR_FROM_STOP_METERS,
    customerName: r.customerName,
    customerPhone: r.customerPhone,
    customerEmail: r.customerEmail,
    instructions: instructionsOf(r),
  };
}

/** The customer's instructions, when the tracking page stored a known kind and a text. */
function instructionsOf(r: StopRow): Stop['instructions'] {
  const kind = INSTRUCTION_KINDS.find((k) => k === r.instructionsKind);
  return kind && r.instructions ? { kind, text: r.instructions } : null;
}
