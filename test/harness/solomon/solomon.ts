import {
  euclideanMatrix,
  type RoutingProblem,
  type Solution,
} from '../../../server/src/dispatch/routing/problem';

/** One row of a Solomon instance; customer 0 is the depot. */
export interface SolomonCustomer {
  id: number;
  x: number;
  y: number;
  demand: number;
  readyTime: number;
  dueDate: number;
  serviceTime: number;
}

/** A Solomon VRPTW instance as written in its text file. */
export interface SolomonInstance {
  name: string;
  vehicleCount: number;
  capacity: number;
  /** In file order; index 0 is the depot. */
  customers: SolomonCustomer[];
}

/** Parses the Solomon text format (name, VEHICLE NUMBER/CAPACITY, CUSTOMER rows). */
export function parseSolomon(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const name = lines.find((line) => line.length > 0) ?? '';
  const numbers = (line: string) => line.split(/\s+/).map(Number);
  const fail = (message: string): never => {
    throw new SyntaxError(`Solomon instance ${name || '(unnamed)'}: ${message}`);
  };

  const vehicleHeader = lines.findIndex((line) => /^NUMBER\s+CAPACITY$/i.test(line));
  if (vehicleHeader < 0) fail('no VEHICLE NUMBER/CAPACITY header');
  const fleetLine = lines.slice(vehicleHeader + 1).find((line) => line.length > 0) ?? '';
  const fleet = numbers(fleetLine);
  if (fleet.length !== 2 || !fleet.every(Number.isFinite))
    fail(`expected vehicle number and capacity, got "${fleetLine}"`);

  const customerHeader = lines.findIndex((line) => /^CUST\s+NO/i.test(line));
  if (customerHeader < 0) fail('no CUSTOMER header');
  const customers: SolomonCustomer[] = [];
  lines.slice(customerHeader + 1).forEach((line, offset) => {
    if (line.length === 0) return;
    const row = numbers(line);
    if (row.length !== 7 || !row.every(Number.isFinite))
      fail(`line ${customerHeader + offset + 2} is not a customer row: "${line}"`);
    const [id, x, y, demand, readyTime, dueDate, serviceTime] = row as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    customers.push({ id, x, y, demand, readyTime, dueDate, serviceTime });
  });
  if (customers[0]?.id !== 0) fail('the first customer row must be the depot, number 0');
  return { name, vehicleCount: fleet[0]!, capacity: fleet[1]!, customers };
}

/**
 * The routing problem of a Solomon instance: every customer a stop, `vehicleCount` identical
 * vehicles leaving the depot at its ready time and back by its due date; unrounded Euclidean
 * distances, travel time equal to distance.
 */
export function solomonProblem(instance: SolomonInstance): RoutingProblem {
  const { customers } = instance;
  const depot = customers[0]!;
  const matrix = euclideanMatrix(
    customers.map((c) => c.x),
    customers.map((c) => c.y),
  );
  return {
    nodes: customers.map((c) => ({
      windowStart: c.readyTime,
      windowEnd: c.dueDate,
      serviceTime: c.serviceTime,
      demand: c.demand,
    })),
    stops: customers.slice(1).map((_, i) => i + 1),
    vehicles: Array.from({ length: instance.vehicleCount }, () => ({
      startNode: 0,
      endNode: 0,
      capacity: instance.capacity,
      earliestDeparture: depot.readyTime,
      latestEnd: depot.dueDate,
    })),
    travelTimes: matrix,
    distances: matrix,
  };
}

/** The usual `.sol` text: `Route 1 : 12 5 33` per used vehicle (customer numbers), then `Cost 828.94`. */
export function formatSolution(instance: SolomonInstance, solution: Solution): string {
  const { customers } = instance;
  const lines: string[] = [];
  let cost = 0;
  for (const route of solution.routes) {
    if (route.length === 0) continue;
    let at = customers[0]!;
    for (const node of [...route, 0]) {
      const next = customers[node]!;
      cost += Math.hypot(at.x - next.x, at.y - next.y);
      at = next;
    }
    lines.push(`Route ${lines.length + 1} : ${route.map((node) => customers[node]!.id).join(' ')}`);
  }
  lines.push(`Cost ${cost.toFixed(2)}`);
  return `${lines.join('\n')}\n`;
}
