import { eq } from 'drizzle-orm';
import { DomainError, type StopChange, type StopVisitReport } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents } from '../events/event-log';
import type { DeviceActions } from './device-actions';
import { transition } from './stop-lifecycle';
import { checkProofImages, writeProof } from './visit-proof';
import { visitHistory } from './visit-history';
import { visitPlace, type VisitReport } from './visit-report';
import { visitTime } from './visit-time';
import {
  checkDeliveryCode,
  checkVisitFields,
  failureOf,
  textOrNull,
  type VisitOutcome,
} from './visit-rules';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/**
 * A courier's visits to the stops of its route: setting off, arrival, delivery (with its proof)
 * or a failed attempt (with its reason), each applied once per action id.
 */
export class VisitRecorder {
  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
    private readonly actions: DeviceActions,
  ) {}

  /**
   * Records one visit. Only the courier the stop is assigned to may report it; the stop
   * lifecycle decides whether the change is legal; the time is bounded by what the server saw
   * (see {@link visitTime}; a device time moved is kept in a `stop.time_clamped` event) and the
   * event keeps where the courier was. A completion writes its proof
   * row. A report sent again with the same `actionId` changes nothing and answers as the first.
   */
  async record(
    courierId: number,
    outcome: VisitOutcome,
    visit: StopVisitReport,
    report: VisitReport,
  ): Promise<void> {
    const action = {
      courierId,
      key: visit.actionId,
      kind: `stop:${outcome}`,
      stopId: visit.stopId,
    };
    const applied = await this.actions.once(action, (tx) =>
      this.apply(tx, courierId, outcome, visit, report),
    );
    if (!applied.replayed) this.bus.emit('stops:changed', [applied.value]);
  }

  private async apply(
    tx: Tx,
    courierId: number,
    outcome: VisitOutcome,
    visit: StopVisitReport,
    report: VisitReport,
  ): Promise<StopChange> {
    const { stopId } = visit;
    const [stop] = await tx.select().from(stops).where(eq(stops.id, stopId)).for('update');
    if (!stop) throw new DomainError('not_found', `stop ${stopId} does not exist`);
    if (stop.courierId !== courierId)
      throw new DomainError('forbidden', `stop ${stopId} is not on this courier's route`);
    const status = transition(stop.status, outcome, 'courier');
    checkVisitFields(outcome, visit);
    const failure = outcome === 'failed' ? failureOf(visit) : null;
    const codeVerified =
      outcome === 'delivered' ? checkDeliveryCode(stop, visit.proof?.code) : false;
    await checkProofImages(tx, stopId, courierId, visit.proof);

    const completes = outcome === 'delivered' || outcome === 'failed';
    const history = await visitHistory(tx, stop, courierId, report.receivedAt, completes);
    const time = visitTime({ deviceT: report.deviceT, receivedAt: report.receivedAt, history });
    const at = new Date(time.at);
    const place = visitPlace(report.fix, stop, completes);
    const patch: Partial<typeof stops.$inferInsert> = { status, updatedAt: new Date() };
    if (outcome === 'arrived') patch.arrivedAt = at;
    if (completes) {
      patch.completedAt = at;
      patch.arrivedAt = stop.arrivedAt ?? at;
      patch.attempts = stop.attempts + 1;
      patch.completionDistanceMeters = place.distanceMeters;
    }
    if (failure) {
      patch.failureCode = failure.code;
      patch.failureReason = failure.note;
    }
    const [row] = await tx.update(stops).set(patch).where(eq(stops.id, stopId)).returning();
    const proof = completes
      ? await writeProof(tx, {
          stopId,
          courierId,
          outcome,
          attempt: stop.attempts + 1,
          at,
          proof: visit.proof,
          note: failure ? failure.note : textOrNull(visit.note),
          failure,
          codeVerified,
          place,
        })
      : null;
    await appendEvents(tx, { type: 'courier', id: courierId }, [
      {
        kind: `stop.${outcome}`,
        subjectType: 'stop',
        subjectId: stopId,
        hubId: stop.hubId,
        data: {
          from: stop.status,
          at: time.at,
          receivedAt: report.receivedAt,
          ...(time.clamped ? { clamped: time.clamped, deviceT: report.deviceT } : {}),
          fix: place.fix,
          distanceMeters: place.distanceMeters,
          ...(place.farFromStop ? { far_from_stop: true } : {}),
          ...(failure ? { reasonCode: failure.code, reason: failure.note ?? failure.code } : {}),
          ...(proof ? { proof } : {}),
          ...(visit.actionId ? { actionId: visit.actionId } : {}),
        },
      },
      ...(time.clamped
        ? [
            {
              kind: 'stop.time_clamped',
              subjectType: 'stop' as const,
              subjectId: stopId,
              hubId: stop.hubId,
              data: {
                report: `stop:${outcome}`,
                deviceT: report.deviceT,
                at: time.at,
                receivedAt: report.receivedAt,
                bound: time.bound,
                ...history,
              },
            },
          ]
        : []),
    ]);
    return {
      id: row!.id,
      hubId: row!.hubId,
      status: row!.status,
      courierId: row!.courierId,
      sequence: row!.sequence,
      eta: row!.eta?.getTime() ?? null,
    };
  }
}
