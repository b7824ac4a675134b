import { encodeFleetColumns, type FleetDelta, type FleetRow } from '@dispatch/shared';
import { toFleetRow, type DirtyCouriers, type FleetState } from '../fleet/fleet-state';

/** Which hub's couriers a view room carries: a hub, couriers of no hub, or every courier. */
export type ViewHub = number | 'none' | 'all';

/**
 * Room name on the console namespace for a res-5 cell as one hub's users see it. Consoles of a
 * user bound to a hub join that hub's room and the `none` room of each cell; users of every hub
 * join the `all` room.
 */
export const viewRoom = (hub: ViewHub, cell: string) => `view:${hub}:${cell}`;

/** The view rooms a user joins for these res-5 cells. */
export function viewRoomsFor(userHubId: number | null, cells: readonly string[]): string[] {
  if (userHubId === null) return cells.map((cell) => viewRoom('all', cell));
  return cells.flatMap((cell) => [viewRoom(userHubId, cell), viewRoom('none', cell)]);
}

/** One delta and the rooms it goes to. */
export interface RoomDelta {
  rooms: string[];
  delta: FleetDelta;
}

interface HubGroup {
  rows: FleetRow[];
  /** Couriers that left the cell (moved away or were removed). */
  gone: number[];
  /** Couriers still in the cell that now belong to another hub. */
  switched: number[];
}

const hubKey = (hubId: number | null): number | 'none' => hubId ?? 'none';

/** Each cell's changes, by hub. */
type CellChanges = Map<string, Map<number | 'none', HubGroup>>;

function groupOf(cells: CellChanges, cell: string, hub: number | 'none'): HubGroup {
  let groups = cells.get(cell);
  if (!groups) cells.set(cell, (groups = new Map()));
  let group = groups.get(hub);
  if (!group) groups.set(hub, (group = { rows: [], gone: [], switched: [] }));
  return group;
}

/**
 * Turns the couriers changed since the last tick into deltas per res-5 cell and hub: the latest
 * fix of each courier now there, and the ids of those that left. Each goes to that hub's room and
 * the every-hub room, so every row is encoded once. A courier that changed hub inside a cell is
 * first taken out of its old hub's room by a delta of its own (not sent to every-hub consoles,
 * which keep it), so a console that sees both hubs never drops it. Rooms nobody watches
 * (`watched`) are not encoded. Pure: the caller emits the deltas.
 */
export function buildFleetDeltas(
  fleet: FleetState,
  changed: DirtyCouriers,
  at: number,
  watched: (room: string) => boolean = () => true,
): RoomDelta[] {
  const cells: CellChanges = new Map();
  const { rooms: previousRooms, previousHubs } = changed;
  for (const [id, previousRoom] of previousRooms) {
    const live = fleet.get(id);
    const row = live ? toFleetRow(live) : null;
    const room = row ? live!.room : null;
    const moved = previousHubs.get(id);
    const hub = hubKey(live ? live.hubId : (moved ?? null));
    if (row && room) groupOf(cells, room, hub).rows.push(row);
    if (!previousRoom) continue;
    const previousHub = moved === undefined ? hub : hubKey(moved);
    if (previousRoom !== room) groupOf(cells, previousRoom, previousHub).gone.push(id);
    else if (previousHub !== hub) groupOf(cells, previousRoom, previousHub).switched.push(id);
  }
  const out: RoomDelta[] = [];
  const add = (rooms: string[], cell: string, rows: FleetRow[], gone: number[]) => {
    const audience = rooms.filter(watched);
    if (audience.length === 0 || (rows.length === 0 && gone.length === 0)) return;
    out.push({ rooms: audience, delta: { room: cell, gone, ...encodeFleetColumns(rows, at) } });
  };
  for (const [cell, groups] of cells) {
    for (const [hub, group] of groups) add([viewRoom(hub, cell)], cell, [], group.switched);
    for (const [hub, group] of groups)
      add([viewRoom(hub, cell), viewRoom('all', cell)], cell, group.rows, group.gone);
  }
  return out;
}
