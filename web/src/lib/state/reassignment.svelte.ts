import type { ReassignRequest, ReassignResult } from '@dispatch/shared';

/** The route version of each courier as the console last saw it. Versions only move forward. */
export class RouteVersions {
  readonly #byCourier = new Map<number, number>();

  note(courierId: number, version: number): void {
    const held = this.#byCourier.get(courierId);
    if (held === undefined || version > held) this.#byCourier.set(courierId, version);
  }

  noteAll(versions: Record<string, number>): void {
    for (const [id, version] of Object.entries(versions)) this.note(Number(id), version);
  }

  get(courierId: number): number | undefined {
    return this.#byCourier.get(courierId);
  }
}

/**
 * The `stop:reassign` request for moving stops to a courier, carrying the route version of every
 * courier involved (current owners and the receiver) as last seen, or why it cannot be made.
 */
export function buildReassignRequest(
  stopIds: readonly number[],
  toCourierId: number,
  ownerOf: (stopId: number) => number | null | undefined,
  versions: RouteVersions,
): ReassignRequest | { problem: string } {
  if (stopIds.length === 0) return { problem: 'Select one or more stops first.' };
  const moving = stopIds.filter((id) => ownerOf(id) !== toCourierId);
  if (moving.length === 0) return { problem: 'Those stops are already on that courier’s route.' };
  const routeVersions: Record<string, number> = {};
  for (const courierId of [toCourierId, ...moving.map(ownerOf)]) {
    if (courierId === null || courierId === undefined) continue;
    const version = versions.get(courierId);
    if (version === undefined)
      return { problem: `The route of courier ${courierId} is not loaded yet.` };
    routeVersions[String(courierId)] = version;
  }
  return { stopIds: moving, toCourierId, routeVersions };
}

export type ReassignOutcome =
  | { state: 'applied'; result: ReassignResult }
  | { state: 'conflict'; reason: string }
  | { state: 'failed'; reason: string };

/** A manual reassignment in progress: the receiving courier, the request in flight, the answer. */
export class ReassignDraft {
  targetCourierId = $state<number | null>(null);
  pending = $state(false);
  outcome = $state.raw<ReassignOutcome | null>(null);

  async submit(
    request: ReassignRequest,
    send: (request: ReassignRequest) => Promise<ReassignResult>,
  ): Promise<ReassignOutcome | null> {
    if (this.pending) return null;
    this.pending = true;
    this.outcome = null;
    try {
      this.outcome = { state: 'applied', result: await send(request) };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
      this.outcome =
        code === 'conflict' ? { state: 'conflict', reason } : { state: 'failed', reason };
    } finally {
      this.pending = false;
    }
    return this.outcome;
  }

  reset(): void {
    this.targetCourierId = null;
    this.outcome = null;
  }
}
