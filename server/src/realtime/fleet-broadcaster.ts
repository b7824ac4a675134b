import { encodeFleetColumns, type FleetDelta, type FleetRow } from '@dispatch/shared';
import { toFleetRow, type FleetState } from '../fleet/fleet-state';

/** Room name on the console namespace for a res-5 cell. */
export const viewRoom = (cell: string) => `view:${cell}`;

/**
 * Turns the couriers changed since the last tick into one delta per res-5 room: the latest
 * fix of each courier now in the room, and the ids of those that left it. Pure: the caller
 * emits the deltas.
 */
export function buildFleetDeltas(
  fleet: FleetState,
  changed: Map<number, string | null>,
  at: number,
): FleetDelta[] {
  const rows = new Map<string, FleetRow[]>();
  const gone = new Map<string, number[]>();
  for (const [id, previousRoom] of changed) {
    const live = fleet.get(id);
    const row = live ? toFleetRow(live) : null;
    const room = row ? live!.room : null;
    if (row && room) {
      let list = rows.get(room);
      if (!list) rows.set(room, (list = []));
      list.push(row);
    }
    if (previousRoom && previousRoom !== room) {
      let list = gone.get(previousRoom);
      if (!list) gone.set(previousRoom, (list = []));
      list.push(id);
    }
  }
  const deltas: FleetDelta[] = [];
  for (const room of new Set([...rows.keys(), ...gone.keys()])) {
    deltas.push({
      room,
      gone: gone.get(room) ?? [],
      ...encodeFleetColumns(rows.get(room) ?? [], at),
    });
  }
  return deltas;
}
