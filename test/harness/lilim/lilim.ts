import {
  euclideanMatrix,
  type RoutingProblem,
  type Solution,
  type StopPair,
} from '../../../server/src/dispatch/routing/problem';

/** One row of a Li & Lim instance: a pickup (positive demand), a delivery, or the depot (task 0). */
export interface LiLimTask {
  id: number;
  x: number;
  y: number;
  demand: number;
  earliest: number;
  latest: number;
  serviceTime: number;
  /** For a delivery, the task it takes over from; 0 otherwise. */
  pickup: number;
  /** For a pickup, the task that delivers it; 0 otherwise. */
  delivery: number;
}

/** A Li & Lim pickup-and-delivery instance as written in its text file. */
export interface LiLimInstance {
  name: string;
  vehicleCount: number;
  capacity: number;
  /** In file order; index 0 is the depot. */
  tasks: LiLimTask[];
}

/**
 * Parses the Li & Lim text format: a line `K Q S` (vehicles, capacity, a speed the instances
 * leave at 0 or 1 and nobody uses), then rows `task x y demand earliest latest service pickup
 * delivery`. Checks that each pickup and its delivery name each other.
 */
export function parseLiLim(text: string, name: string): LiLimInstance {
  const fail = (message: string): never => {
    throw new SyntaxError(`Li & Lim instance ${name}: ${message}`);
  };
  const rows = text
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line.length > 0);
  const header = rows.shift();
  const fleet = header?.line.split(/\s+/).map(Number) ?? [];
  if (fleet.length !== 3 || !fleet.every(Number.isFinite))
    fail(`expected "vehicles capacity speed" on the first line, got "${header?.line ?? ''}"`);
  const tasks = rows.map(({ line, number }): LiLimTask => {
    const row = line.split(/\s+/).map(Number);
    if (row.length !== 9 || !row.every(Number.isFinite))
      fail(`line ${number} is not a task row: "${line}"`);
    const [id, x, y, demand, earliest, latest, serviceTime, pickup, delivery] = row as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return { id, x, y, demand, earliest, latest, serviceTime, pickup, delivery };
  });
  if (tasks[0]?.id !== 0) fail('the first task row must be the depot, task 0');
  const byId = new Map(tasks.map((task) => [task.id, task]));
  if (byId.size !== tasks.length) fail('a task number appears twice');
  for (const task of tasks.slice(1)) {
    const isPickup = task.delivery !== 0;
    const other = byId.get(isPickup ? task.delivery : task.pickup);
    const pointsBack = isPickup ? other?.pickup === task.id : other?.delivery === task.id;
    if (!other || other.id === 0 || !pointsBack)
      fail(`task ${task.id} names ${other?.id ?? 'an unknown task'}, which does not name it back`);
  }
  return { name, vehicleCount: fleet[0]!, capacity: fleet[1]!, tasks };
}

/**
 * The routing problem of a Li & Lim instance: every task but the depot a stop, each pickup
 * paired with its delivery, `vehicleCount` identical vehicles leaving the depot at its
 * earliest time and back by its latest; unrounded Euclidean distances, travel time equal to
 * distance (as for Solomon).
 */
export function liLimProblem(instance: LiLimInstance): RoutingProblem {
  const { tasks } = instance;
  const depot = tasks[0]!;
  const matrix = euclideanMatrix(
    tasks.map((t) => t.x),
    tasks.map((t) => t.y),
  );
  const nodeOf = new Map(tasks.map((task, index) => [task.id, index]));
  const pairs: StopPair[] = tasks.flatMap((task, index) =>
    task.delivery === 0 || index === 0
      ? []
      : [{ pickup: index, delivery: nodeOf.get(task.delivery)! }],
  );
  return {
    nodes: tasks.map((t) => ({
      windowStart: t.earliest,
      windowEnd: t.latest,
      serviceTime: t.serviceTime,
      demand: t.demand,
    })),
    stops: tasks.slice(1).map((_, i) => i + 1),
    vehicles: Array.from({ length: instance.vehicleCount }, () => ({
      startNode: 0,
      endNode: 0,
      capacity: instance.capacity,
      earliestDeparture: depot.earliest,
      latestEnd: depot.latest,
    })),
    travelTimes: matrix,
    distances: matrix,
    pairs,
  };
}

/** The usual `.sol` text: `Route 1 : 3 17 4` per used vehicle (task numbers), then `Cost 828.94`. */
export function formatSolution(instance: LiLimInstance, solution: Solution): string {
  const { tasks } = instance;
  const lines: string[] = [];
  let cost = 0;
  for (const route of solution.routes) {
    if (route.length === 0) continue;
    let at = tasks[0]!;
    for (const node of [...route, 0]) {
      const next = tasks[node]!;
      cost += Math.hypot(at.x - next.x, at.y - next.y);
      at = next;
    }
    lines.push(`Route ${lines.length + 1} : ${route.map((node) => tasks[node]!.id).join(' ')}`);
  }
  lines.push(`Cost ${cost.toFixed(2)}`);
  return `${lines.join('\n')}\n`;
}
