import { canonicalTimeZone, type Hub, type HubPatch } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';

/** A hub's policies as the settings form holds them (the target as typed, in percent). */
export interface HubDraft {
  autoDispatch: boolean;
  targetPercent: string;
  timezone: string;
}

export function draftOf(hub: Hub): HubDraft {
  return {
    autoDispatch: hub.autoDispatch,
    targetPercent: String(Math.round(hub.onTimeTarget * 1000) / 10),
    timezone: hub.timezone,
  };
}

/**
 * The changes a draft makes to a hub, as the PATCH route takes them, or what is wrong with it in
 * words; `{ patch: null }` when nothing changed.
 */
export function hubPatchOf(
  hub: Hub,
  draft: HubDraft,
): { patch: HubPatch | null; error?: undefined } | { patch?: undefined; error: Wording } {
  const patch: HubPatch = {};
  const percent = Number(draft.targetPercent.trim().replace(',', '.'));
  if (
    draft.targetPercent.trim() === '' ||
    !Number.isFinite(percent) ||
    percent < 0 ||
    percent > 100
  )
    return { error: (t) => t('settings.targetRange') };
  const target = Math.round(percent * 10) / 1000;
  if (Math.abs(target - hub.onTimeTarget) > 1e-9) patch.onTimeTarget = target;
  if (draft.autoDispatch !== hub.autoDispatch) patch.autoDispatch = draft.autoDispatch;
  const zone = canonicalTimeZone(draft.timezone.trim());
  const typed = draft.timezone;
  if (!zone) return { error: (t) => t('settings.unknownZone', { zone: typed }) };
  if (zone !== hub.timezone) patch.timezone = zone;
  return { patch: Object.keys(patch).length > 0 ? patch : null };
}

/** How saving one hub's row went. */
export interface RowStatus {
  saving: boolean;
  /** A saved change or a refusal, in words (the server's reason as it wrote it). */
  message: Wording | null;
  failed: boolean;
}

/** The settings page: each hub's policies, edited row by row and saved through the hubs route. */
export class HubSettingsBoard {
  hubs = $state.raw<Hub[]>([]);
  drafts = $state<Record<number, HubDraft>>({});
  status = $state<Record<number, RowStatus>>({});

  replaceAll(hubs: readonly Hub[]): void {
    this.hubs = [...hubs];
    this.drafts = Object.fromEntries(hubs.map((h) => [h.id, draftOf(h)]));
    this.status = {};
  }

  /** Whether a row differs from what the server holds (anything to save). */
  changed(hubId: number): boolean {
    const hub = this.hubs.find((h) => h.id === hubId);
    const draft = this.drafts[hubId];
    if (!hub || !draft) return false;
    const result = hubPatchOf(hub, draft);
    return result.error !== undefined || result.patch !== null;
  }

  /** Saves one row; the hub as the server answers replaces it. */
  async save(
    hubId: number,
    send: (hubId: number, patch: HubPatch) => Promise<Hub>,
  ): Promise<Hub | null> {
    const hub = this.hubs.find((h) => h.id === hubId);
    const draft = this.drafts[hubId];
    if (!hub || !draft) return null;
    const result = hubPatchOf(hub, draft);
    if (result.error !== undefined) {
      this.status[hubId] = { saving: false, message: result.error, failed: true };
      return null;
    }
    if (!result.patch) return hub;
    this.status[hubId] = { saving: true, message: null, failed: false };
    try {
      const saved = await send(hubId, result.patch);
      this.hubs = this.hubs.map((h) => (h.id === hubId ? saved : h));
      this.drafts[hubId] = draftOf(saved);
      this.status[hubId] = { saving: false, message: (t) => t('settings.saved'), failed: false };
      return saved;
    } catch (err) {
      const reason = failureWording(err);
      this.status[hubId] = {
        saving: false,
        message: (t) => t('settings.notSaved', { reason: reason(t) }),
        failed: true,
      };
      return null;
    }
  }
}
