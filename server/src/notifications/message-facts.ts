import {
  FAILURE_REASONS,
  epochToZonedLocal,
  isKnownTimeZone,
  zonedDate,
  type CustomerLanguage,
  type FailureReason,
  type NotificationEventType,
  type StopKind,
} from '@dispatch/shared';
import type { CustomerMessage } from './channel';

/** Stop kinds whose customer hears from us: a delivery, and a return collected at the door. */
export type CustomerStopKind = Extract<StopKind, 'delivery' | 'return_pickup'>;

/** The kinds whose customers are told (never a shop's pickup). */
export const CUSTOMER_STOP_KINDS: ReadonlySet<StopKind> = new Set<CustomerStopKind>([
  'delivery',
  'return_pickup',
]);

/** Events a customer may be told about (`stop.assigned` is internal). */
export type CustomerEventType = Exclude<NotificationEventType, 'stop.assigned'>;

/** A span of time in the hub's zone, as a message says it. */
export interface LocalSpan {
  /** The day, relative to when the event happened (`date` names it in words either way). */
  day: 'today' | 'tomorrow' | 'other';
  /** The day in the message's language, e.g. "Friday 2 May" or "sexta-feira, 2 de maio". */
  date: string;
  /** The short form of the day, e.g. "2 May" or "2 de mai.". */
  shortDate: string;
  /** `HH:mm` in the hub's zone. */
  start: string;
  end: string;
}

/** Everything a customer's email or text message is written from, already in the hub's zone. */
export interface MessageFacts {
  type: CustomerEventType;
  kind: CustomerStopKind;
  language: CustomerLanguage;
  /** The shop's order reference. */
  ref: string | null;
  /** The customer's first name. */
  firstName: string | null;
  hub: string;
  link: string | null;
  /** The promised window. */
  window: LocalSpan;
  /** When the courier is expected, when an ETA is known. */
  eta: LocalSpan | null;
  /** `HH:mm` the stop was delivered or the attempt failed. */
  doneAt: string | null;
  /** Who took the parcel. */
  recipient: string | null;
  failure: FailureReason | null;
  /** The parcel waits at the hub for the customer. */
  collectAtHub: boolean;
}

const LOCALES: Record<CustomerLanguage, string> = { en: 'en-GB', 'pt-BR': 'pt-BR' };
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: CustomerLanguage, timeZone: string, short: boolean) {
  const key = `${language}|${timeZone}|${short}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone,
      day: 'numeric',
      month: short ? 'short' : 'long',
      ...(short ? {} : { weekday: 'long' }),
    });
    dateFormats.set(key, format);
  }
  return format;
}

/** The calendar day after a `YYYY-MM-DD` date. */
function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A span of epoch ms in words of a language, in a zone, relative to the day of `atMs`. */
export function localSpan(
  startMs: number,
  endMs: number,
  atMs: number,
  timeZone: string,
  language: CustomerLanguage,
): LocalSpan {
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  const today = zonedDate(atMs, zone);
  const day = zonedDate(startMs, zone);
  return {
    day: day === today ? 'today' : day === nextDate(today) ? 'tomorrow' : 'other',
    date: dateFormat(language, zone, false).format(startMs),
    shortDate: dateFormat(language, zone, true).format(startMs),
    start: epochToZonedLocal(startMs, zone).slice(11),
    end: epochToZonedLocal(endMs, zone).slice(11),
  };
}

const FAILURES = new Set<string>(FAILURE_REASONS);

/**
 * The facts of a message, or null when its customer is not told about it: a shop's pickup, or an
 * internal event.
 */
export function messageFacts(message: CustomerMessage): MessageFacts | null {
  const { event } = message;
  const { data } = event;
  if (data.kind !== 'delivery' && data.kind !== 'return_pickup') return null;
  if (event.type === 'stop.assigned') return null;
  const zone = isKnownTimeZone(message.timeZone) ? message.timeZone : 'UTC';
  const atMs = event.at.getTime();
  const span = (start: number, end: number) => localSpan(start, end, atMs, zone, message.language);
  const completedMs = data.completedAt ? Date.parse(data.completedAt) : NaN;
  return {
    type: event.type,
    kind: data.kind,
    language: message.language,
    ref: data.orderRef,
    firstName: message.customerName?.trim().split(/\s+/)[0] || null,
    hub: message.hubName,
    link: message.trackingUrl,
    window: span(Date.parse(data.windowStart), Date.parse(data.windowEnd)),
    eta: message.etaWindow ? span(message.etaWindow.start, message.etaWindow.end) : null,
    doneAt: Number.isFinite(completedMs) ? epochToZonedLocal(completedMs, zone).slice(11) : null,
    recipient: message.recipientName?.trim() || null,
    failure:
      data.failureCode && FAILURES.has(data.failureCode)
        ? (data.failureCode as FailureReason)
        : null,
    collectAtHub: data.collectAtHub,
  };
}
