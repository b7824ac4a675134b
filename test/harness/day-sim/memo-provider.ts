import type {
  GeoPoint,
  TravelContext,
  TravelTimeProvider,
} from '../../../server/src/eta/travel-time';

/**
 * A provider that remembers answers until `forget()`: the same stop-to-stop legs are asked
 * about again and again (every courier's ETAs are chained afresh twice a minute, and a
 * stalled courier's stops are tried on every courier near them), and asking the learned
 * speeds costs H3 look-ups along each leg. The simulated day has no rush hours, so the
 * departure time only matters through what has been learned meanwhile, which moves slowly.
 */
export class MemoProvider implements TravelTimeProvider {
  readonly name: string;
  private readonly memo = new Map<string, number>();

  constructor(private readonly inner: TravelTimeProvider) {
    this.name = inner.name;
  }

  forget(): void {
    this.memo.clear();
  }

  travelSeconds(from: GeoPoint, to: GeoPoint, ctx: TravelContext): number {
    const key = `${ctx.vehicle}|${ctx.courierId ?? ''}|${from.lat}|${from.lng}|${to.lat}|${to.lng}`;
    let seconds = this.memo.get(key);
    if (seconds === undefined) {
      seconds = this.inner.travelSeconds(from, to, ctx);
      this.memo.set(key, seconds);
    }
    return seconds;
  }

  travelSecondsFrom(from: GeoPoint, targets: readonly GeoPoint[], ctx: TravelContext): number[] {
    return targets.map((to) => this.travelSeconds(from, to, ctx));
  }
}
