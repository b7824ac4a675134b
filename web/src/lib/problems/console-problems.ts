import { OPEN_STOP_STATUSES, type Stop } from '@dispatch/shared';
import type { ConsoleSession } from '../console/console-session.svelte';
import { t } from '../i18n/language.svelte';
import { hubClock } from './hub-clock';
import type { ProblemSource } from './problem-board.svelte';
import type { ProblemStop } from './problem-types';

const OPEN = new Set(OPEN_STOP_STATUSES);

/** Reads the console session's alerts, suggestions, stops and names for the problems panel. */
export function consoleProblemSource(session: ConsoleSession): ProblemSource {
  let indexed: readonly Stop[] | null = null;
  let byCourier = new Map<number, ProblemStop[]>();
  const openStopsOf = (courierId: number): readonly ProblemStop[] => {
    const all = session.stops.all;
    if (all !== indexed) {
      indexed = all;
      byCourier = new Map();
      for (const stop of all) {
        if (stop.courierId === null || !OPEN.has(stop.status)) continue;
        const list = byCourier.get(stop.courierId) ?? [];
        list.push(stop);
        byCourier.set(stop.courierId, list);
      }
    }
    return byCourier.get(courierId) ?? [];
  };
  return {
    loaded: () => session.alerts.loaded,
    alerts: () => session.alerts.open,
    suggestions: () => session.suggestions.list,
    context: () => ({
      now: session.clock.now,
      stop: (id) => session.stops.get(id),
      openStopsOf,
      courierName: (id) => session.courierName(id),
      hubName: (id) => session.hubs.find((h) => h.id === id)?.name ?? t('problems.unknownHub'),
      courierHub: (id) => session.couriers.get(id)?.hubId ?? null,
      t,
    }),
  };
}

/** Clock formatters per hub, in each hub's time zone (the browser's for no hub), for `locale`. */
export function hubClocks(
  session: ConsoleSession,
  locale: string,
): (hubId: number | null) => (epochMs: number) => string {
  const made = new Map<string, (epochMs: number) => string>();
  return (hubId) => {
    const zone = session.hubs.find((h) => h.id === hubId)?.timezone ?? '';
    let format = made.get(zone);
    if (!format) {
      format = hubClock(zone || null, locale);
      made.set(zone, format);
    }
    return format;
  };
}
