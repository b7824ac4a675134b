import { ALERT_SEVERITIES, type AlertView } from '@dispatch/shared';

/** Sends an acknowledgement; resolves with the alert as the server now has it. */
export type AckSender = (alertId: number) => Promise<AlertView>;

const SEVERITY_RANK = new Map(ALERT_SEVERITIES.map((s, i) => [s, i]));

/** Most severe first, then newest first. */
export function compareAlerts(a: AlertView, b: AlertView): number {
  const bySeverity = (SEVERITY_RANK.get(b.severity) ?? 0) - (SEVERITY_RANK.get(a.severity) ?? 0);
  return bySeverity || b.openedAt - a.openedAt || b.id - a.id;
}

/** How long ago something happened, for a person: "40 s", "12 min", "2 h 5 min". */
export function ageLabel(since: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/**
 * The alert feed: open alerts sorted by severity then age, optimistic acknowledgement with
 * rollback, and a selected alert for keyboard navigation.
 */
export class AlertFeed {
  #byId = $state.raw(new Map<number, AlertView>());
  selectedId = $state<number | null>(null);
  /** Whether the open alerts have been loaded once. */
  loaded = $state(false);
  /** Why the last acknowledgement of an alert failed. */
  ackErrors = $state.raw(new Map<number, string>());

  /** Unresolved alerts, most severe and newest first. */
  open = $derived(
    [...this.#byId.values()].filter((a) => a.resolvedAt === null).sort(compareAlerts),
  );
  selected = $derived(this.open.find((a) => a.id === this.selectedId) ?? null);
  /** Couriers with an unresolved alert, for the map's alert ring. */
  courierIdsWithAlerts = $derived(
    new Set(this.open.flatMap((a) => (a.courierId === null ? [] : [a.courierId]))),
  );

  get(id: number): AlertView | undefined {
    return this.#byId.get(id);
  }

  replaceAll(alerts: readonly AlertView[]): void {
    this.#byId = new Map(alerts.map((a) => [a.id, a]));
    this.loaded = true;
  }

  /** An alert opened or changed on the server (`alert:changed`); resolved ones leave the feed. */
  upsert(alert: AlertView): void {
    const next = new Map(this.#byId);
    if (alert.resolvedAt !== null) next.delete(alert.id);
    else next.set(alert.id, alert);
    this.#byId = next;
  }

  /**
   * Marks the alert acknowledged at once and tells the server; if the server refuses, the alert
   * goes back to how it was (unless the server has sent a newer version meanwhile).
   */
  async acknowledge(id: number, send: AckSender, by: number, now = Date.now()): Promise<boolean> {
    const before = this.#byId.get(id);
    if (!before || before.acknowledgedAt !== null) return false;
    const optimistic: AlertView = { ...before, acknowledgedAt: now, acknowledgedBy: by };
    this.#set(optimistic);
    this.#setError(id, null);
    try {
      const confirmed = await send(id);
      if (this.#byId.get(id) === optimistic) this.upsert(confirmed);
      return true;
    } catch (err) {
      if (this.#byId.get(id) === optimistic) this.#set(before);
      this.#setError(id, err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  selectNext(): void {
    this.#step(1);
  }

  selectPrevious(): void {
    this.#step(-1);
  }

  #step(direction: 1 | -1): void {
    const list = this.open;
    if (list.length === 0) {
      this.selectedId = null;
      return;
    }
    const at = list.findIndex((a) => a.id === this.selectedId);
    const next = at === -1 ? (direction === 1 ? 0 : list.length - 1) : at + direction;
    this.selectedId = list[Math.min(list.length - 1, Math.max(0, next))]!.id;
  }

  #set(alert: AlertView): void {
    this.#byId = new Map(this.#byId).set(alert.id, alert);
  }

  #setError(id: number, message: string | null): void {
    if (message === null && !this.ackErrors.has(id)) return;
    const next = new Map(this.ackErrors);
    if (message === null) next.delete(id);
    else next.set(id, message);
    this.ackErrors = next;
  }
}
