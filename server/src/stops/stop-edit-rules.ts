import {
  DomainError,
  OPEN_STOP_STATUSES,
  courierCell,
  type SlaTier,
  type StopKind,
  type StopPatch,
  type StopStatus,
} from '@dispatch/shared';
import { instantMs } from './stop-input';

/** The stored fields an edit may touch. */
export interface EditableStop {
  status: StopStatus;
  courierId: number | null;
  hubId: number | null;
  orderRef: string | null;
  kind: StopKind;
  address: string;
  lat: number;
  lng: number;
  windowStart: Date;
  windowEnd: Date;
  serviceSeconds: number;
  demand: number;
  slaTier: SlaTier;
}

/** What an edit writes, and whether the courier's route must learn of it. */
export interface StopEditPlan {
  set: Partial<EditableStop> & { cell?: string };
  /** Names of the fields that change. */
  changed: (keyof EditableStop)[];
  /** The stop is on a route and its place, window, service time or demand changed. */
  routeChanged: boolean;
}

const ROUTE_FIELDS = new Set<keyof EditableStop>([
  'lat',
  'lng',
  'address',
  'windowStart',
  'windowEnd',
  'serviceSeconds',
  'demand',
]);

/**
 * Works out an edit of a stop not yet completed: the fields that change, its new cell when it
 * moved, and whether its route changes. Refuses (typed, plain) a completed stop, a window that
 * ends before it starts, and a new hub for a stop already on a courier's route.
 */
export function planStopEdit(before: EditableStop, patch: StopPatch): StopEditPlan {
  if (!OPEN_STOP_STATUSES.includes(before.status))
    throw new DomainError(
      'conflict',
      `this stop is already ${before.status}; a finished stop cannot be changed`,
    );
  const after: EditableStop = { ...before };
  if (patch.orderRef !== undefined) after.orderRef = patch.orderRef;
  if (patch.kind !== undefined) after.kind = patch.kind;
  if (patch.address !== undefined) after.address = patch.address;
  if (patch.lat !== undefined) after.lat = patch.lat;
  if (patch.lng !== undefined) after.lng = patch.lng;
  if (patch.windowStart !== undefined) after.windowStart = new Date(instantMs(patch.windowStart));
  if (patch.windowEnd !== undefined) after.windowEnd = new Date(instantMs(patch.windowEnd));
  if (patch.serviceSeconds !== undefined) after.serviceSeconds = patch.serviceSeconds;
  if (patch.demand !== undefined) after.demand = patch.demand;
  if (patch.slaTier !== undefined) after.slaTier = patch.slaTier;
  if (patch.hubId !== undefined) after.hubId = patch.hubId;

  if (!(after.windowEnd.getTime() > after.windowStart.getTime()))
    throw new DomainError('invalid', 'the window must end after it starts', [
      { path: 'windowEnd', message: 'the window must end after it starts' },
    ]);
  if (after.hubId !== before.hubId && before.courierId !== null)
    throw new DomainError(
      'conflict',
      "this stop is on a courier's route: take it off the route before moving it to another hub",
    );

  const changed = (Object.keys(after) as (keyof EditableStop)[]).filter((k) => {
    const a = after[k];
    const b = before[k];
    return a instanceof Date && b instanceof Date ? a.getTime() !== b.getTime() : a !== b;
  });
  const set: StopEditPlan['set'] = {};
  for (const k of changed) (set as Record<string, unknown>)[k] = after[k];
  if (changed.includes('lat') || changed.includes('lng'))
    set.cell = courierCell(after.lat, after.lng);
  return {
    set,
    changed,
    routeChanged: before.courierId !== null && changed.some((k) => ROUTE_FIELDS.has(k)),
  };
}
