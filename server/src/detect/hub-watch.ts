import type { HubSlaRules } from './config';
import { conditionKey, type ConditionBook } from './conditions';
import { CompletionWindow, hubSlaDetector } from './hub-sla';
import type { Signal } from './types';
import { SlotAllocator } from './slots';
import { WakeQueue } from './wake-queue';

interface HubRecord {
  id: number;
  slot: number;
  target: number | null;
  window: CompletionWindow;
  dirty: boolean;
}

/** Per-hub completion windows and their on-time verdicts, evaluated only when they change. */
export class HubWatch {
  private readonly hubs = new Map<number, HubRecord>();
  private readonly bySlot: HubRecord[] = [];
  private readonly slots = new SlotAllocator();
  private readonly dirty: HubRecord[] = [];
  private readonly expiries = new WakeQueue();
  private readonly due: number[] = [];

  constructor(private readonly rules: HubSlaRules) {}

  /** Records one completed stop of a hub (server time). */
  onCompleted(hubId: number, completedAt: number, onTime: boolean): void {
    const hub = this.hub(hubId);
    hub.window.add(completedAt, onTime);
    this.markDirty(hub);
  }

  /** Sets a hub's on-time target (0..1); null for the default. */
  setTarget(hubId: number, target: number | null): void {
    const hub = this.hub(hubId);
    hub.target = target;
    this.markDirty(hub);
  }

  /** Marks a hub for a look on the next evaluation (an alert for it was restored). */
  touch(hubId: number): void {
    this.markDirty(this.hub(hubId));
  }

  /**
   * Forgets a hub's completions (its target stays): another node judges its on-time rate now,
   * and loads them again should this node take the hub back.
   */
  forget(hubId: number): void {
    const hub = this.hubs.get(hubId);
    if (!hub) return;
    hub.window = new CompletionWindow();
    this.expiries.remove(hub.slot);
  }

  /** Judges every hub with new completions or expiring ones; returns how many were judged. */
  evaluate(now: number, book: ConditionBook, out: Signal[]): number {
    this.due.length = 0;
    this.expiries.popDue(now, this.due);
    for (const slot of this.due) this.markDirty(this.bySlot[slot]!);
    const windowMs = this.rules.windowMinutes * 60_000;
    for (const hub of this.dirty) {
      hub.dirty = false;
      hub.window.expire(now - windowMs);
      const subject = { hubId: hub.id };
      const key = conditionKey('hub_sla', subject);
      const target = hub.target ?? this.rules.defaultTarget;
      const counts = { completions: hub.window.completions, onTime: hub.window.onTime };
      const finding = hubSlaDetector(counts, target, book.get(key)?.finding ?? null, this.rules);
      if (finding) book.hold(key, finding, subject, null, out);
      else book.release(key, out);
      this.expiries.schedule(hub.slot, hub.window.oldestAt + windowMs);
    }
    const judged = this.dirty.length;
    this.dirty.length = 0;
    return judged;
  }

  private hub(id: number): HubRecord {
    let hub = this.hubs.get(id);
    if (!hub) {
      const slot = this.slots.take();
      hub = { id, slot, target: null, window: new CompletionWindow(), dirty: false };
      this.hubs.set(id, hub);
      this.bySlot[slot] = hub;
    }
    return hub;
  }

  private markDirty(hub: HubRecord): void {
    if (hub.dirty) return;
    hub.dirty = true;
    this.dirty.push(hub);
  }
}
