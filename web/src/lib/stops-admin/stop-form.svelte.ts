import {
  SLA_TIERS,
  STOP_KINDS,
  epochToZonedLocal,
  type SlaTier,
  type Stop,
  type StopInput,
  type StopKind,
  type StopPatch,
} from '@dispatch/shared';
import type { MessageKey } from '../i18n/messages/en';
import type { Translate } from '../i18n/translate';
import { fromHubInput } from './hub-time';

/** The form's fields as typed (times as `datetime-local` values in the hub's zone). */
export interface StopFields {
  kind: StopKind;
  orderRef: string;
  address: string;
  lat: string;
  lng: string;
  windowStart: string;
  windowEnd: string;
  serviceMinutes: string;
  parcels: string;
  slaTier: SlaTier;
  hubId: number | null;
}

/** What is wrong with each field, as catalogue keys (shown in the language of the moment). */
export type FieldErrors = Partial<Record<keyof StopFields, MessageKey>>;

const blank = (): StopFields => ({
  kind: 'delivery',
  orderRef: '',
  address: '',
  lat: '',
  lng: '',
  windowStart: '',
  windowEnd: '',
  serviceMinutes: '2',
  parcels: '1',
  slaTier: 'same_day',
  hubId: null,
});

/** The fields of a stored stop, times in its hub's zone. */
export function fieldsOf(stop: Stop, timeZone: string): StopFields {
  return {
    kind: stop.kind,
    orderRef: stop.orderRef ?? '',
    address: stop.address,
    lat: String(stop.lat),
    lng: String(stop.lng),
    windowStart: epochToZonedLocal(stop.windowStart, timeZone),
    windowEnd: epochToZonedLocal(stop.windowEnd, timeZone),
    serviceMinutes: String(Math.round((stop.serviceSeconds / 60) * 10) / 10),
    parcels: String(stop.demand),
    slaTier: stop.slaTier,
    hubId: stop.hubId,
  };
}

const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/**
 * Reads the fields into a stop, or says what is wrong with each, in plain words (catalogue keys).
 * Times are read in `timeZone` (the chosen hub's).
 */
export function readStop(
  f: StopFields,
  timeZone: string,
): { ok: true; stop: StopInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const lat = number(f.lat);
  const lng = number(f.lng);
  const start = fromHubInput(f.windowStart, timeZone);
  const end = fromHubInput(f.windowEnd, timeZone);
  const minutes = number(f.serviceMinutes);
  const parcels = number(f.parcels);
  if (!STOP_KINDS.includes(f.kind)) errors.kind = 'office.form.error.kind';
  if (!SLA_TIERS.includes(f.slaTier)) errors.slaTier = 'office.form.error.slaTier';
  if (f.orderRef.trim().length > 100) errors.orderRef = 'office.form.error.orderRef';
  if (!f.address.trim()) errors.address = 'office.form.error.address';
  if (!(lat >= -90 && lat <= 90)) errors.lat = 'office.form.error.lat';
  if (!(lng >= -180 && lng <= 180)) errors.lng = 'office.form.error.lng';
  if (start === null) errors.windowStart = 'office.form.error.windowStart';
  if (end === null) errors.windowEnd = 'office.form.error.windowEnd';
  else if (start !== null && end <= start) errors.windowEnd = 'office.form.error.windowOrder';
  if (!(minutes >= 0 && minutes <= 240)) errors.serviceMinutes = 'office.form.error.serviceMinutes';
  if (!(Number.isInteger(parcels) && parcels >= 0 && parcels <= 10_000))
    errors.parcels = 'office.form.error.parcels';
  if (f.hubId === null) errors.hubId = 'office.form.error.hub';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    stop: {
      kind: f.kind,
      ...(f.orderRef.trim() ? { orderRef: f.orderRef.trim() } : {}),
      address: f.address.trim(),
      lat,
      lng,
      windowStart: start!,
      windowEnd: end!,
      serviceSeconds: Math.round(minutes * 60),
      demand: parcels,
      slaTier: f.slaTier,
      hubId: f.hubId!,
    },
  };
}

/** What differs between a stored stop and the stop read from the form (empty when nothing). */
export function patchOf(before: Stop, after: StopInput): StopPatch {
  const patch: StopPatch = {};
  if ((before.orderRef ?? undefined) !== after.orderRef) patch.orderRef = after.orderRef ?? null;
  if (before.kind !== after.kind) patch.kind = after.kind;
  if (before.address !== after.address) patch.address = after.address;
  if (before.lat !== after.lat) patch.lat = after.lat;
  if (before.lng !== after.lng) patch.lng = after.lng;
  if (before.windowStart !== after.windowStart) patch.windowStart = after.windowStart;
  if (before.windowEnd !== after.windowEnd) patch.windowEnd = after.windowEnd;
  if (before.serviceSeconds !== after.serviceSeconds) patch.serviceSeconds = after.serviceSeconds;
  if (before.demand !== after.demand) patch.demand = after.demand;
  if (before.slaTier !== after.slaTier) patch.slaTier = after.slaTier;
  if (before.hubId !== after.hubId && after.hubId !== undefined) patch.hubId = after.hubId;
  return patch;
}

/** What saving an edit says: a stop on a route stays there, and its courier gets the change. */
export function editedText(saved: Stop, t: Translate): string {
  return t(saved.courierId !== null ? 'office.form.savedOnRoute' : 'office.form.saved');
}

/** What creating a stop says, naming it by its reference, else by its address. */
export function createdText(stop: StopInput, t: Translate): string {
  return stop.orderRef
    ? t('office.form.created', { ref: stop.orderRef })
    : t('office.form.createdAt', { address: stop.address });
}

/** The create/edit form: its fields, the stop being edited, and the errors to show. */
export class StopForm {
  fields = $state<StopFields>(blank());
  errors = $state<FieldErrors>({});
  /** The stop being edited; null while creating one. */
  editing = $state.raw<Stop | null>(null);

  /** Starts a new stop at a hub (a window of the next two hours by default). */
  startCreate(hubId: number | null, timeZone: string, now: number): void {
    const hour = Math.ceil(now / 3_600_000) * 3_600_000;
    this.fields = {
      ...blank(),
      hubId,
      windowStart: epochToZonedLocal(hour, timeZone),
      windowEnd: epochToZonedLocal(hour + 2 * 3_600_000, timeZone),
    };
    this.errors = {};
    this.editing = null;
  }

  startEdit(stop: Stop, timeZone: string): void {
    this.fields = fieldsOf(stop, timeZone);
    this.errors = {};
    this.editing = stop;
  }

  /** The stop as typed, or null with `errors` set. */
  read(timeZone: string): StopInput | null {
    const read = readStop(this.fields, timeZone);
    this.errors = read.ok ? {} : read.errors;
    return read.ok ? read.stop : null;
  }
}
