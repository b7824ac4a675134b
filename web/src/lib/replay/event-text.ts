import { ALERT_KINDS, type AlertKind, type ReplayEvent } from '@dispatch/shared';
import { alertKindLabel } from '../console/alert-text';
import type { Translate } from '../i18n/translate';
import { localizeServerTimes } from '../ui/clock-time';

/** Names for the couriers and stops an event mentions. */
export interface ReplayNames {
  courier: (id: number) => string;
  stop: (id: number) => string;
}

function alertText(event: ReplayEvent, names: ReplayNames, t: Translate): string {
  const kind = ALERT_KINDS.find((k): k is AlertKind => k === event.note);
  const alert = kind ? alertKindLabel(kind, t) : t('replay.alert');
  const about = [
    event.courierId !== null ? names.courier(event.courierId) : null,
    event.stopId !== null ? names.stop(event.stopId) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return about ? t('replay.alertAbout', { alert, about }) : alert;
}

/** Why a stop moved: the server's words for a move by hand or by a suggestion, else as written. */
function moveReason(note: string, t: Translate): string {
  if (note === 'by hand') return t('replay.moveReason.byHand');
  if (note === 'suggestion') return t('replay.moveReason.suggestion');
  return note;
}

/** The server writes a plan's size as "40 stops onto 3 couriers" (or "40 stops" for one courier). */
const PLAN_SIZE = /^(\d+) stops?(?: onto (\d+) couriers?)?$/;

function planSize(note: string, t: Translate): string {
  const match = PLAN_SIZE.exec(note);
  if (!match) return note;
  const stops = t('common.stops', { count: Number(match[1]) });
  if (match[2] === undefined) return stops;
  return t('replay.planOnto', {
    stops,
    couriers: t('common.couriers', { count: Number(match[2]) }),
  });
}

/** One event in plain words, as the event list shows it. */
export function eventText(event: ReplayEvent, names: ReplayNames, t: Translate): string {
  const courier =
    event.courierId !== null ? names.courier(event.courierId) : t('replay.someCourier');
  const stop = event.stopId !== null ? names.stop(event.stopId) : t('replay.someStop');
  switch (event.kind) {
    case 'stop.arrived':
      return t('replay.event.arrived', { courier, stop });
    case 'stop.delivered':
      return t('replay.event.delivered', { courier, stop });
    case 'stop.failed':
      return event.note
        ? t('replay.event.failedBecause', { courier, stop, reason: event.note })
        : t('replay.event.failed', { courier, stop });
    case 'stop.moved': {
      const move =
        event.otherCourierId !== null
          ? t('replay.event.movedFrom', {
              stop,
              from: names.courier(event.otherCourierId),
              courier,
            })
          : t('replay.event.moved', { stop, courier });
      return event.note
        ? t('replay.event.movedHow', { move, how: moveReason(event.note, t) })
        : move;
    }
    case 'route.planned': {
      const size = planSize(event.note, t);
      return event.courierId !== null
        ? t('replay.event.routePlanned', { courier, size })
        : t('replay.event.planMade', { size });
    }
    case 'route.resequenced':
      return t('replay.event.resequenced', { courier });
    case 'alert.opened':
      return alertText(event, names, t);
    case 'alert.acknowledged':
      return t('replay.event.acknowledged', { alert: alertText(event, names, t) });
    case 'alert.escalated':
      return t('replay.event.escalated', { alert: alertText(event, names, t) });
    case 'alert.resolved':
      return t('replay.event.resolved', { alert: alertText(event, names, t) });
    // The server writes a suggestion's times on the hub's clock, 24-hour.
    case 'suggestion.created':
      return t('replay.event.suggested', { text: localizeServerTimes(event.note) });
    case 'suggestion.accepted':
      return t('replay.event.suggestionAccepted', { text: localizeServerTimes(event.note) });
    case 'suggestion.rejected':
      return t('replay.event.suggestionRejected', { text: localizeServerTimes(event.note) });
  }
}

/** Groups for the event list's filter and colours. */
export type EventGroup = 'visit' | 'problem' | 'dispatch';

export function eventGroup(event: Pick<ReplayEvent, 'kind'>): EventGroup {
  if (event.kind.startsWith('stop.') && event.kind !== 'stop.moved') return 'visit';
  if (event.kind.startsWith('alert.')) return 'problem';
  return 'dispatch';
}
