import type { WindowSlot, WindowSlots } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';

/** Most stops a slot may take a day (the server's limit too). */
export const MAX_SLOT_CAPACITY = 100_000;
/** Most slots a hub may offer (the server's limit too). */
export const MAX_SLOTS = 48;

/** A slot as the form holds it: local times `HH:MM` and the capacity as typed. */
export interface SlotDraft {
  start: string;
  end: string;
  capacity: string;
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** A saved slot as a form row (a slot ending at midnight shows `00:00`). */
export const draftOfSlot = (s: WindowSlot): SlotDraft => ({
  start: hhmm(s.startMinute),
  end: hhmm(s.endMinute),
  capacity: String(s.capacity),
});

/** Minutes after midnight of `HH:MM`, or null when the text is not a time of day. */
function minuteOf(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  return h < 24 && mi < 60 ? h * 60 + mi : null;
}

const label = (s: WindowSlot) => `${hhmm(s.startMinute)}–${hhmm(s.endMinute)}`;

/**
 * The form's slots as the PUT route takes them, earliest first, or what is wrong in words. An end
 * of `00:00` is midnight at the end of the day.
 */
export function slotsToSave(
  drafts: readonly SlotDraft[],
): { slots: WindowSlot[] } | { error: Wording } {
  if (drafts.length > MAX_SLOTS) return { error: (t) => t('slots.tooMany', { max: MAX_SLOTS }) };
  const slots: WindowSlot[] = [];
  for (const draft of drafts) {
    const startMinute = minuteOf(draft.start);
    const end = minuteOf(draft.end);
    if (startMinute === null || end === null) return { error: (t) => t('slots.badTime') };
    const endMinute = end === 0 ? 1440 : end;
    const text = draft.capacity.trim();
    const capacity = Number(text);
    if (!/^\d+$/.test(text) || capacity < 1 || capacity > MAX_SLOT_CAPACITY)
      return { error: (t) => t('slots.capacityRange', { max: MAX_SLOT_CAPACITY }) };
    const slot = { startMinute, endMinute, capacity };
    if (endMinute <= startMinute)
      return { error: (t) => t('slots.endBeforeStart', { slot: label(slot) }) };
    slots.push(slot);
  }
  slots.sort((a, b) => a.startMinute - b.startMinute);
  for (let i = 1; i < slots.length; i++) {
    const [before, after] = [slots[i - 1]!, slots[i]!];
    if (after.startMinute < before.endMinute)
      return { error: (t) => t('slots.overlap', { a: label(before), b: label(after) }) };
  }
  return { slots };
}

const same = (a: readonly WindowSlot[], b: readonly WindowSlot[]) =>
  a.length === b.length &&
  a.every(
    (s, i) =>
      s.startMinute === b[i]!.startMinute &&
      s.endMinute === b[i]!.endMinute &&
      s.capacity === b[i]!.capacity,
  );

/**
 * The settings page's delivery windows of one hub at a time: the slots customers may move a
 * delivery to, each with how many stops it takes a day, edited and saved as a whole.
 */
export class WindowSlotBoard {
  hubId = $state<number | null>(null);
  saved = $state.raw<WindowSlot[]>([]);
  drafts = $state<SlotDraft[]>([]);
  saving = $state(false);
  /** A saved change or a refusal, in words. */
  message = $state.raw<Wording | null>(null);
  failed = $state(false);

  /** Shows the slots of `hubId`, as the server holds them. */
  async load(hubId: number, fetch: (hubId: number) => Promise<WindowSlots>): Promise<void> {
    this.hubId = hubId;
    this.message = null;
    try {
      const { slots } = await fetch(hubId);
      if (this.hubId === hubId) this.replace(slots);
    } catch (err) {
      if (this.hubId === hubId) this.fail(failureWording(err));
    }
  }

  /** A new row after the last one (the next three hours, or the morning). */
  add(): void {
    const last = this.drafts.at(-1);
    const from = (last && minuteOf(last.end)) || 9 * 60;
    const start = Math.min(from, 21 * 60);
    this.drafts.push({ start: hhmm(start), end: hhmm(start + 180), capacity: '10' });
  }

  remove(index: number): void {
    this.drafts.splice(index, 1);
  }

  /** Whether the form differs from what the server holds (something to save, or to fix). */
  get changed(): boolean {
    const result = slotsToSave(this.drafts);
    return 'error' in result || !same(result.slots, this.saved);
  }

  async save(send: (hubId: number, slots: WindowSlots) => Promise<WindowSlots>): Promise<boolean> {
    const hubId = this.hubId;
    if (hubId === null) return false;
    const result = slotsToSave(this.drafts);
    if ('error' in result) {
      this.fail(result.error);
      return false;
    }
    this.saving = true;
    try {
      const { slots } = await send(hubId, { slots: result.slots });
      if (this.hubId === hubId) {
        this.replace(slots);
        this.message = (t) => t('slots.saved');
      }
      return true;
    } catch (err) {
      const reason = failureWording(err);
      this.fail((t) => t('slots.notSaved', { reason: reason(t) }));
      return false;
    } finally {
      this.saving = false;
    }
  }

  private replace(slots: readonly WindowSlot[]): void {
    this.saved = [...slots];
    this.drafts = slots.map(draftOfSlot);
    this.failed = false;
  }

  private fail(message: Wording): void {
    this.message = message;
    this.failed = true;
  }
}
