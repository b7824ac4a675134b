import type { TrackingView } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';
import { TRACKING_CATALOGUES } from './tracking-i18n';
import { dayText, isToday, timeText, windowTimes, type TrackingClock } from './tracking-time';

/** How a step of the timeline stands; `problem` for a failed attempt or a cancelled order. */
export type StepState = 'done' | 'current' | 'upcoming' | 'problem';

export interface TimelineStep {
  id: 'received' | 'out' | 'arriving' | 'end' | 'rescheduled' | 'collect';
  state: StepState;
  label: string;
  detail: string | null;
}

/** What the words depend on: the language, the hub's clock and the time now. */
export interface TrackingWords {
  t: Translate;
  clock: TrackingClock;
  nowMs: number;
}

/** The page's first and biggest line, with the line under it and its tone. */
export interface Headline {
  text: string;
  detail: string | null;
  tone: 'calm' | 'done' | 'problem';
}

const collects = (view: TrackingView) => view.kind !== 'delivery';

/** `Arriving 14:20–14:40` (the day too when it is not today), else the promised window. */
function arrivalLine(view: TrackingView, words: TrackingWords): string {
  const { t, clock, nowMs } = words;
  const window = view.etaWindow ?? view.window;
  const kind = view.etaWindow ? 'arriving' : 'expected';
  const times = windowTimes(window, clock);
  return isToday(window.start, nowMs, clock)
    ? t(`tracking.headline.${kind}`, times)
    : t(`tracking.headline.${kind}On`, { ...times, day: dayText(window.start, clock) });
}

/** Where the courier is: the stops before this one, or the courier's name when it is next. */
function progressLine(view: TrackingView, t: Translate): string | null {
  if (view.phase === 'arriving')
    return view.courier ? t('tracking.step.arrivingWith', { name: view.courier.firstName }) : null;
  if (view.stopsBefore === null) return null;
  return view.stopsBefore === 0
    ? t('tracking.step.nextStop')
    : t('tracking.step.stopsBefore', { count: view.stopsBefore });
}

/** `Delivered at 14:32 to Ana` (or without a name), `Picked up at 14:32` for a collection. */
function doneLine(view: TrackingView, words: TrackingWords): string {
  const { t, clock } = words;
  const time = view.deliveredAt === null ? null : timeText(view.deliveredAt, clock);
  if (collects(view))
    return time ? t('tracking.step.collectedAt', { time }) : t('tracking.step.collected');
  if (!time) return t('tracking.step.delivered');
  return view.recipientName
    ? t('tracking.step.deliveredTo', { time, name: view.recipientName })
    : t('tracking.step.deliveredAt', { time });
}

/** Why the attempt failed (when the reason is one a customer is told) and what happens next. */
function failureLine(view: TrackingView, t: Translate): string | null {
  if (!view.failure) return null;
  const next = t(`tracking.next.${view.failure.next}`, { hub: view.hub.name });
  // Only the reasons a customer is told have a sentence (`other` says nothing more).
  const reasonKey = `tracking.reason.${view.failure.reasonCode}`;
  return reasonKey in TRACKING_CATALOGUES.en ? `${t(reasonKey)} ${next}` : next;
}

function rescheduledLine(view: TrackingView, words: TrackingWords, key: string): string {
  return words.t(key, {
    ...windowTimes(view.window, words.clock),
    day: dayText(view.window.start, words.clock),
  });
}

export function headline(view: TrackingView, words: TrackingWords): Headline {
  const { t } = words;
  const hub = view.hub.name;
  switch (view.phase) {
    case 'received':
    case 'out_for_delivery':
    case 'arriving':
      return { text: arrivalLine(view, words), detail: progressLine(view, t), tone: 'calm' };
    case 'delivered':
      return {
        text: t(collects(view) ? 'tracking.headline.collected' : 'tracking.headline.delivered'),
        detail: doneLine(view, words),
        tone: 'done',
      };
    case 'failed':
      return {
        text: t('tracking.headline.failed'),
        detail: failureLine(view, t),
        tone: 'problem',
      };
    case 'rescheduled':
      return {
        text: rescheduledLine(view, words, 'tracking.headline.rescheduled'),
        detail: null,
        tone: 'calm',
      };
    case 'collect_at_hub':
      return { text: t('tracking.headline.collectAtHub', { hub }), detail: null, tone: 'calm' };
    case 'returned':
      return { text: t('tracking.headline.returned', { hub }), detail: null, tone: 'problem' };
    case 'cancelled':
      return { text: t('tracking.headline.cancelled'), detail: null, tone: 'problem' };
  }
}

/** Each step up to now and the ones still to come, for the phase the stop is in. */
export function timelineSteps(view: TrackingView, words: TrackingWords): TimelineStep[] {
  const { t } = words;
  const hub = view.hub.name;
  const step = (
    id: TimelineStep['id'],
    state: StepState,
    label: string,
    detail: string | null = null,
  ): TimelineStep => ({ id, state, label, detail });
  const received = (state: StepState) => step('received', state, t('tracking.step.received'));
  const out = (state: StepState, detail: string | null = null) =>
    step('out', state, t('tracking.step.outForDelivery'), detail);
  const arriving = (state: StepState, detail: string | null = null) =>
    step('arriving', state, t('tracking.step.arriving'), detail);
  const end = (state: StepState, label = doneLine(view, words)) => step('end', state, label);
  const last = () =>
    end('upcoming', t(collects(view) ? 'tracking.step.collected' : 'tracking.step.delivered'));

  switch (view.phase) {
    case 'received':
      return [received('current'), out('upcoming'), arriving('upcoming'), last()];
    case 'out_for_delivery':
      return [
        received('done'),
        out('current', progressLine(view, t)),
        arriving('upcoming'),
        last(),
      ];
    case 'arriving':
      return [received('done'), out('done'), arriving('current', progressLine(view, t)), last()];
    case 'delivered':
      return [received('done'), out('done'), arriving('done'), end('done')];
    case 'failed':
      return [
        received('done'),
        out('done'),
        step('end', 'problem', t('tracking.step.failed'), failureLine(view, t)),
      ];
    case 'rescheduled':
      return [
        received('done'),
        step('rescheduled', 'current', rescheduledLine(view, words, 'tracking.step.rescheduled')),
        out('upcoming'),
        arriving('upcoming'),
        last(),
      ];
    case 'collect_at_hub':
      return [
        received('done'),
        step('collect', 'current', t('tracking.step.collectAtHub', { hub })),
      ];
    case 'returned':
      return [received('done'), end('done', t('tracking.step.returned', { hub }))];
    case 'cancelled':
      return [received('done'), end('problem', t('tracking.step.cancelled'))];
  }
}
