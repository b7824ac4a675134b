import type { RoutePayload, SuggestionView } from '@dispatch/shared';
import type { Rng } from '../../server/src/lib/rng';
import type { ChaosServer } from './chaos-world';

const HOUR = 3_600_000;

/** The world a chaos run drives: one hub, its couriers with their device tokens, their stops. */
export interface ChaosWorld {
  hubId: number;
  hub: { lat: number; lng: number };
  couriers: { id: number; deviceToken: string }[];
}

/** A JSON request to the server; network errors (a killed server) come back as status 0. */
export async function call<T = Record<string, unknown>>(
  server: Pick<ChaosServer, 'url'>,
  method: string,
  path: string,
  cookie: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  try {
    const res = await fetch(server.url + path, {
      method,
      headers: {
        cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  } catch {
    return { status: 0, body: null as T };
  }
}

/** A hub of 16 couriers, half of them with 12 stops each, and 12 stops waiting for a plan. */
export const BUSY_HUB = { couriers: 16, stopsPerCourier: 6, unassigned: 12 } as const;

/**
 * Builds the world through the public API: a hub, `couriers` couriers on shift all day, half of
 * them with twice `stopsPerCourier` stops around the hub (a third of them already past their
 * window, so that detection raises late alerts and the engine proposes moves), and `unassigned`
 * stops for a plan.
 */
export async function seedWorld(
  server: Pick<ChaosServer, 'url'>,
  cookie: string,
  rng: Rng,
  size: { couriers: number; stopsPerCourier: number; unassigned: number },
): Promise<ChaosWorld> {
  const hub = { lat: -23.55, lng: -46.63 };
  const made = await call<{ id: number }>(server, 'POST', '/api/v1/hubs', cookie, {
    name: 'Chaos hub',
    ...hub,
  });
  if (made.status !== 201) throw new Error(`hub: ${made.status} ${JSON.stringify(made.body)}`);
  const hubId = made.body.id;
  const couriers: ChaosWorld['couriers'] = [];
  for (let i = 0; i < size.couriers; i++) {
    const res = await call<{ id: number; deviceToken: string }>(
      server,
      'POST',
      '/api/v1/couriers',
      cookie,
      {
        name: `Courier ${i + 1}`,
        vehicle: 'bike',
        hubId,
        shiftStartMinute: 0,
        shiftEndMinute: 1440,
      },
    );
    if (res.status !== 201) throw new Error(`courier: ${res.status} ${JSON.stringify(res.body)}`);
    couriers.push(res.body);
  }
  const now = Date.now();
  const stop = (ref: string, courierId?: number) => {
    const late = rng.chance(1 / 3);
    return {
      orderRef: ref,
      address: `Rua ${ref}`,
      lat: hub.lat + rng.range(-0.03, 0.03),
      lng: hub.lng + rng.range(-0.03, 0.03),
      hubId,
      ...(courierId === undefined ? {} : { courierId }),
      windowStart: now - 2 * HOUR,
      windowEnd: late ? now - 10 * 60_000 : now + Math.round(rng.range(0.5, 4) * HOUR),
    };
  };
  // Half the couriers carry all the routes and the others none, so that a late stop has
  // someone free to take it and the engine proposes moves.
  const busy = couriers.slice(0, Math.ceil(couriers.length / 2));
  const stops = busy.flatMap((c, i) =>
    Array.from({ length: 2 * size.stopsPerCourier }, (_, j) => stop(`C${i + 1}-${j + 1}`, c.id)),
  );
  stops.push(...Array.from({ length: size.unassigned }, (_, j) => stop(`U-${j + 1}`)));
  const imported = await call(server, 'POST', '/api/v1/stops', cookie, { stops });
  if (imported.status !== 201)
    throw new Error(`stops: ${imported.status} ${JSON.stringify(imported.body)}`);
  return { hubId, hub, couriers };
}

/** What the console user did, by action and answer status (0: no answer, the server was down). */
export type ConsoleTally = Map<string, number>;

/**
 * A dispatcher at the console through the REST API: accepts open suggestions, moves stops by
 * hand between routes against the versions just read, and now and then plans the hub's
 * unassigned stops. Every answer is tallied; none is required to succeed.
 */
export class ConsoleUser {
  readonly tally: ConsoleTally = new Map();
  private busy: Promise<void> | null = null;

  constructor(
    private readonly server: ChaosServer,
    private readonly cookie: string,
    private readonly world: ChaosWorld,
    private readonly rng: Rng,
  ) {}

  /** One action, unless the previous one is still waiting for its answer. */
  async act(): Promise<void> {
    if (this.busy) return;
    const roll = this.rng.float();
    this.busy = (
      roll < 0.45 ? this.acceptSuggestion() : roll < 0.9 ? this.reassign() : this.plan()
    ).finally(() => {
      this.busy = null;
    });
    await this.busy;
  }

  /** Resolves once the action under way (if any) has its answer, whatever it was. */
  async idle(): Promise<void> {
    await this.busy?.catch(() => undefined);
  }

  private count(action: string, status: number): void {
    const key = `${action} ${status}`;
    this.tally.set(key, (this.tally.get(key) ?? 0) + 1);
  }

  private async acceptSuggestion(): Promise<void> {
    const open = await call<{ suggestions: SuggestionView[] }>(
      this.server,
      'GET',
      '/api/v1/suggestions?status=open',
      this.cookie,
    );
    const list = open.body?.suggestions ?? [];
    if (list.length === 0) return;
    const pick = this.rng.pick(list);
    const res = await call(
      this.server,
      'POST',
      `/api/v1/suggestions/${pick.id}/accept`,
      this.cookie,
    );
    this.count('accept', res.status);
  }

  private async reassign(): Promise<void> {
    const from = this.rng.pick(this.world.couriers).id;
    let to = this.rng.pick(this.world.couriers).id;
    if (to === from) to = this.world.couriers.find((c) => c.id !== from)!.id;
    const [a, b] = await Promise.all(
      [from, to].map((id) =>
        call<RoutePayload>(this.server, 'GET', `/api/v1/couriers/${id}/route`, this.cookie),
      ),
    );
    if (a!.status !== 200 || b!.status !== 200) return;
    const movable = a!.body.stops.filter((s) => s.status === 'assigned');
    if (movable.length === 0) return;
    const res = await call(this.server, 'POST', '/api/v1/stops/reassign', this.cookie, {
      stopIds: [this.rng.pick(movable).id],
      toCourierId: to,
      position: 1,
      routeVersions: { [String(from)]: a!.body.version, [String(to)]: b!.body.version },
    });
    this.count('reassign', res.status);
  }

  private async plan(): Promise<void> {
    const res = await call(
      this.server,
      'POST',
      `/api/v1/hubs/${this.world.hubId}/plan`,
      this.cookie,
      { timeLimitMs: 200 },
    );
    this.count('plan', res.status);
  }
}
