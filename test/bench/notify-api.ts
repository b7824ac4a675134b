/** The REST calls bench:notify makes as the bench admin: hub, couriers, webhook, stop changes. */
import type { StopInput, WebhookCreated } from '@dispatch/shared';

/** A refused or failed call: the route, status and the server's answer. */
export class ApiRefusal extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    body: string,
  ) {
    super(`${what}: ${status} ${body.slice(0, 300)}`);
  }
}

/** The console API as one signed-in user (`cookie` is `sid=…`). */
export class NotifyApi {
  constructor(
    readonly url: string,
    private readonly cookie: string,
  ) {}

  private async call<T>(method: string, path: string, ok: number, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status !== ok) throw new ApiRefusal(`${method} ${path}`, res.status, text);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async createHub(center: { lat: number; lng: number }): Promise<number> {
    const hub = await this.call<{ id: number }>('POST', '/api/v1/hubs', 201, {
      name: 'Bench notify hub',
      ...center,
      timezone: 'America/Campo_Grande',
    });
    return hub.id;
  }

  /** Couriers of the hub with no device: routes the stream moves stops onto. */
  async createCouriers(hubId: number, count: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const courier = await this.call<{ id: number }>('POST', '/api/v1/couriers', 201, {
        name: `Bench notify courier ${i + 1}`,
        vehicle: 'bike',
        hubId,
        shiftStartMinute: 0,
        shiftEndMinute: 1440,
      });
      ids.push(courier.id);
    }
    return ids;
  }

  /** A webhook for every event of the hub's stops. */
  createWebhook(hubId: number, url: string): Promise<WebhookCreated> {
    return this.call<WebhookCreated>('POST', '/api/v1/webhooks', 201, { hubId, url });
  }

  async importStops(stops: StopInput[]): Promise<number[]> {
    const answer = await this.call<{ ids: number[] }>('POST', '/api/v1/stops', 201, { stops });
    return answer.ids;
  }

  async setWindow(stopId: number, windowStart: number, windowEnd: number): Promise<void> {
    await this.call('PATCH', `/api/v1/stops/${stopId}`, 200, { windowStart, windowEnd });
  }

  async routeVersion(courierId: number): Promise<number> {
    const route = await this.call<{ version: number }>(
      'GET',
      `/api/v1/couriers/${courierId}/route`,
      200,
    );
    return route.version;
  }

  /** Moves unassigned stops onto the end of a courier's route. */
  async moveTo(stopIds: number[], courierId: number, version: number): Promise<void> {
    await this.call('POST', '/api/v1/stops/reassign', 200, {
      stopIds,
      toCourierId: courierId,
      routeVersions: { [String(courierId)]: version },
    });
  }

  async cancel(stopId: number): Promise<void> {
    await this.call('POST', `/api/v1/stops/${stopId}/cancel`, 200);
  }
}
