import { ALERT_KINDS, type AuditActor, type AuditEvent, type AuditSubject } from '@dispatch/shared';
import { alertKindLabel } from '../console/alert-text';
import type { Translate } from '../i18n/translate';
import { localizeServerTimes } from '../ui/clock-time';

/** Courier names by id, for the couriers an event's data mentions (the page's `couriers`). */
export type CourierNames = Readonly<Record<string, string>>;

const text = (data: Record<string, unknown>, key: string): string | null => {
  const value = data[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
};
const int = (data: Record<string, unknown>, key: string): number | null => {
  const value = data[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
};

/** Who did it, in words: a person's or courier's name, a shop's key, the system, a customer. */
export function actorName(actor: AuditActor, t: Translate): string {
  switch (actor.type) {
    case 'system':
      return t('audit.actor.system');
    case 'customer':
      return t('audit.actor.customer');
    case 'anonymous':
      return t('audit.actor.anonymous');
    case 'api_key':
      return actor.name
        ? t('audit.actor.apiKey', { shop: actor.name })
        : t('audit.actor.gone', { id: actor.id ?? '?' });
    default:
      return actor.name ?? t('audit.actor.gone', { id: actor.id ?? '?' });
  }
}

/** What it was about, in words: a stop's reference, a courier's or user's name, an alert. */
export function subjectName(subject: AuditSubject, t: Translate): string {
  if (subject.type === 'alert' && subject.label) {
    const kind = ALERT_KINDS.find((k) => k === subject.label);
    if (kind) return alertKindLabel(kind, t);
  }
  if (subject.label) return subject.label;
  if (subject.id === null) return t(`audit.subject.${subject.type}`);
  return t('audit.subject.withId', { what: t(`audit.subject.${subject.type}`), id: subject.id });
}

/** What an event is about as the table names it: a failed sign-in's account by the address tried. */
export function aboutName(event: AuditEvent, t: Translate): string {
  const { subject } = event;
  if (subject.type === 'user' && subject.id === null)
    return text(event.data, 'email') ?? subjectName(subject, t);
  return subjectName(subject, t);
}

/** A courier the data names, by name when the page has it. */
function courierOf(id: number | null, couriers: CourierNames, t: Translate): string | null {
  if (id === null) return null;
  return (
    couriers[String(id)] ?? t('audit.subject.withId', { what: t('audit.subject.courier'), id })
  );
}

/** A stop's fields an edit changed, in words: a window's two ends and a place's two axes once. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  orderRef: 'audit.field.orderRef',
  kind: 'audit.field.kind',
  address: 'audit.field.address',
  lat: 'audit.field.place',
  lng: 'audit.field.place',
  windowStart: 'audit.field.window',
  windowEnd: 'audit.field.window',
  serviceSeconds: 'audit.field.serviceTime',
  demand: 'audit.field.demand',
  slaTier: 'audit.field.slaTier',
  hubId: 'audit.field.hub',
};

function changedFields(before: unknown, t: Translate): string {
  if (!before || typeof before !== 'object') return '';
  const words = Object.keys(before).map((k) => (FIELD_WORDS[k] ? t(FIELD_WORDS[k]) : k));
  return [...new Set(words)].join(', ');
}

function stopText(event: AuditEvent, couriers: CourierNames, t: Translate): string | null {
  const { data } = event;
  const who = actorName(event.actor, t);
  const stop = subjectName(event.subject, t);
  switch (event.kind) {
    case 'stop.created':
      return t('audit.text.stopCreated', { who, stop });
    case 'stop.updated': {
      const fields = changedFields(data.before, t);
      return fields
        ? t('audit.text.stopEditedFields', { who, stop, fields })
        : t('audit.text.stopEdited', { who, stop });
    }
    case 'stop.cancelled':
      return t('audit.text.stopCancelled', { who, stop });
    case 'stop.reassigned': {
      const from = courierOf(int(data, 'from'), couriers, t);
      const to = courierOf(int(data, 'to'), couriers, t) ?? t('audit.someCourier');
      return from
        ? t('audit.text.stopMoved', { who, stop, from, to })
        : t('audit.text.stopPlaced', { who, stop, to });
    }
    case 'stop.arrived':
      return t('audit.text.stopArrived', { who, stop });
    case 'stop.delivered':
      return t('audit.text.stopDelivered', { who, stop });
    case 'stop.failed': {
      const reason = text(data, 'reason');
      return reason
        ? t('audit.text.stopFailedBecause', { who, stop, reason })
        : t('audit.text.stopFailed', { who, stop });
    }
    case 'stop.returned':
      return t('audit.text.stopReturned', { who, stop });
    case 'stop.rescheduled':
      return t('audit.text.stopRescheduled', { who, stop });
    case 'stop.instructions_changed':
      return t('audit.text.stopInstructions', { who, stop });
    case 'stop.collect_at_hub':
      return t('audit.text.stopCollect', { who, stop });
    case 'notification.resent':
      return t('audit.text.messageResent', { who, stop });
    default:
      return null;
  }
}

function securityText(event: AuditEvent, t: Translate): string | null {
  const { data } = event;
  const who = actorName(event.actor, t);
  const ip = text(data, 'ip');
  const account = text(data, 'email') ?? subjectName(event.subject, t);
  const from = (sentence: string) => (ip ? t('audit.text.fromIp', { sentence, ip }) : sentence);
  switch (event.kind) {
    case 'auth.login_failed':
      return from(t('audit.text.loginFailed', { count: int(data, 'count') ?? 1, account }));
    case 'auth.locked_out':
      return from(t('audit.text.lockedOut', { account }));
    case 'auth.password_changed':
      return event.actor.type === 'user' && event.actor.id === event.subject.id
        ? t('audit.text.ownPasswordChanged', { who })
        : t('audit.text.passwordChanged', { who, account });
    case 'user.changed':
      return t('audit.text.userChanged', { who, account });
    case 'device.refused': {
      const reason = text(data, 'reason');
      return from(
        reason ? t('audit.text.deviceRefusedBecause', { reason }) : t('audit.text.deviceRefused'),
      );
    }
    case 'scope.cross_hub_refused':
      return t('audit.text.crossHubRefused', { who, what: subjectName(event.subject, t) });
    default:
      return null;
  }
}

/** Messages of the kinds whose sentence names only who did it and what it was about. */
const SIMPLE: Readonly<Record<string, string>> = {
  'courier.created': 'audit.text.courierCreated',
  'courier.updated': 'audit.text.courierUpdated',
  'courier.token_rotated': 'audit.text.tokenRotated',
  'device.token_rotated': 'audit.text.tokenRotated',
  'courier.token_revoked': 'audit.text.tokenRevoked',
  'courier.pairing_created': 'audit.text.pairingCreated',
  'courier.paired': 'audit.text.paired',
  'device.osmand_secret_issued': 'audit.text.trackerSecret',
  'alert.acknowledged': 'audit.text.alertAcknowledged',
  'alert.escalated': 'audit.text.alertEscalated',
  'alert.resolved': 'audit.text.alertResolved',
  'alert.updated': 'audit.text.alertUpdated',
  'hub.created': 'audit.text.hubCreated',
  'hub.updated': 'audit.text.hubUpdated',
  'hub.window_slots_changed': 'audit.text.windowSlots',
  'hub.attempt_policies_changed': 'audit.text.attemptPolicies',
  'shop.created': 'audit.text.shopCreated',
  'api_key.created': 'audit.text.keyCreated',
  'api_key.revoked': 'audit.text.keyRevoked',
  'webhook.created': 'audit.text.webhookCreated',
  'webhook.disabled': 'audit.text.webhookDisabled',
};

/**
 * One event in plain words ("Ana moved stop R-1042 from Bruno to Carla"); a kind the console has
 * no sentence for is named as it is stored, with who and what.
 */
export function eventText(event: AuditEvent, couriers: CourierNames, t: Translate): string {
  const known = stopText(event, couriers, t) ?? securityText(event, t);
  if (known !== null) return known;
  const who = actorName(event.actor, t);
  const what = subjectName(event.subject, t);
  const simple = SIMPLE[event.kind];
  if (simple) return t(simple, { who, what });
  const detail = event.subject.detail;
  // A suggestion's explanation carries the hub's 24-hour times.
  const explanation = detail ? localizeServerTimes(detail) : null;
  switch (event.kind) {
    case 'route.changed': {
      const reason = text(event.data, 'reason');
      return reason
        ? t('audit.text.routeChangedBecause', { who, courier: what, reason })
        : t('audit.text.routeChanged', { who, courier: what });
    }
    case 'alert.opened':
      return detail
        ? t('audit.text.alertOpenedAbout', { what, about: detail })
        : t('audit.text.alertOpened', { what });
    case 'suggestion.created':
      return t('audit.text.suggested', { text: explanation ?? what });
    case 'suggestion.accepted':
      return t('audit.text.suggestionAccepted', { who, text: explanation ?? what });
    case 'suggestion.rejected':
      return t('audit.text.suggestionRejected', { who, text: explanation ?? what });
    case 'suggestion.expired':
      return t('audit.text.suggestionExpired', { text: explanation ?? what });
    default:
      return t('audit.text.other', { who, kind: event.kind, what });
  }
}
