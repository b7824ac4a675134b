import type { Stop } from '@dispatch/shared';
import { ApiError } from '../api';
import { failureWording, type Wording } from '../stops-admin/wording';

/**
 * Parcels on their way back to the hub (`returning`), for a dispatcher to check in as they are
 * handed over at the counter. A user tied to a hub sees that hub's only.
 */
export class ReturnsDesk {
  stops = $state.raw<Stop[]>([]);
  /** Stops whose check-in is being sent. */
  pending = $state<number[]>([]);
  notice = $state.raw<Wording | null>(null);
  failed = $state(false);

  async load(fetch: () => Promise<Stop[]>, hubId: number | null): Promise<void> {
    try {
      const stops = await fetch();
      this.stops = stops.filter((s) => hubId === null || s.hubId === hubId);
    } catch (err) {
      this.say(failureWording(err), true);
    }
  }

  /**
   * Checks one parcel in; it leaves the list once the server has it `returned` (also when
   * someone else checked it in first).
   */
  async checkIn(stop: Stop, send: (stopId: number) => Promise<Stop>): Promise<void> {
    if (this.pending.includes(stop.id)) return;
    this.pending = [...this.pending, stop.id];
    const name = stop.orderRef ?? stop.address;
    try {
      await send(stop.id);
      this.drop(stop.id);
      this.say((t) => t('attempts.returns.checkedIn', { stop: name }), false);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict') this.drop(stop.id);
      const reason = failureWording(err);
      this.say((t) => t('attempts.returns.notCheckedIn', { stop: name, reason: reason(t) }), true);
    } finally {
      this.pending = this.pending.filter((id) => id !== stop.id);
    }
  }

  private drop(stopId: number): void {
    this.stops = this.stops.filter((s) => s.id !== stopId);
  }

  private say(notice: Wording, failed: boolean): void {
    this.notice = notice;
    this.failed = failed;
  }
}
