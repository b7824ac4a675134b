import {
  MAX_AUDIT_PAGE,
  type AlertView,
  type AuditPage,
  type SuggestionView,
} from '@dispatch/shared';
import { changesRoute, replacedByLoad, type TrailEvent } from './chaos-checks';
import type { ChaosServer } from './chaos-world';
import { call } from './console-user';
import type { CourierPhone } from './courier-phone';

/**
 * Why an alert or suggestion open before a kill came back as a new object: what the server says
 * about both and what happened to their subject around the kill, for the kill test's report.
 */

/**
 * Each problem with how the suggestion it names ended (superseded, expired…) and the alerts the
 * old and the new one answer, to tell why.
 */
export async function withEndings(
  server: ChaosServer,
  cookie: string,
  problems: string[],
): Promise<string[]> {
  if (problems.length === 0) return problems;
  const [all, alerts] = await Promise.all([
    call<{ suggestions: SuggestionView[] }>(
      server,
      'GET',
      '/api/v1/suggestions?status=all',
      cookie,
    ),
    call<{ alerts: AlertView[] }>(server, 'GET', '/api/v1/alerts?status=all&limit=1000', cookie),
  ]);
  const byId = new Map((all.body?.suggestions ?? []).map((s) => [s.id, s]));
  const alertById = new Map((alerts.body?.alerts ?? []).map((a) => [a.id, a]));
  const describe = (id: number) => {
    const s = byId.get(id);
    if (!s) return `${id} ?`;
    const a = s.alertId == null ? undefined : alertById.get(s.alertId);
    const alert = a ? `alert ${a.id} ${a.kind} ${a.resolvedAt ? 'resolved' : 'open'}` : 'no alert';
    return `${id} ${s.status}, ${alert}`;
  };
  return problems.map((p) => {
    const [, was, now] = / was (\d+), is now (\d+)/.exec(p) ?? [];
    return was ? `${p} (${describe(Number(was))}; ${describe(Number(now))})` : p;
  });
}

/** Alerts replaced across a restart, told apart: by the load that went on, or by the restart. */
export interface AlertReplacements {
  /** Replaced with no change of the stop or its route since the kill: the restart's doing. */
  problems: string[];
  /** The old alert resolved after such a change (`replacedByLoad`). */
  byLoad: string[];
}

/**
 * Each alert problem with when the old alert ended, both alerts' details, the phones' reports on
 * the stop and what the event log holds about the stop, its route and both alerts; a stop's
 * alert replaced after a change of its route since the kill is put apart as the load's doing.
 */
export async function alertReplacements(
  server: ChaosServer,
  cookie: string,
  problems: string[],
  at: { killedAt: number; restartedAt: number; phones: CourierPhone[] },
): Promise<AlertReplacements> {
  const out: AlertReplacements = { problems: [], byLoad: [] };
  if (problems.length === 0) return out;
  const all = await call<{ alerts: AlertView[] }>(
    server,
    'GET',
    '/api/v1/alerts?status=all&limit=1000',
    cookie,
  );
  const byId = new Map((all.body?.alerts ?? []).map((a) => [a.id, a]));
  const when = (t: number | null | undefined) =>
    t == null
      ? 'never'
      : t < at.killedAt
        ? `${at.killedAt - t} ms before the kill`
        : `${t - at.restartedAt} ms after the restart`;
  const describe = (id: number) => {
    const a = byId.get(id);
    if (!a) return `${id} ?`;
    return `${id} opened ${when(a.openedAt)}, resolved ${when(a.resolvedAt)}, ${JSON.stringify(a.details)}`;
  };
  for (const p of problems) {
    const [, stop, was, now] = /stop (\d+) was (\d+), is now (\d+)/.exec(p) ?? [];
    const old = was ? byId.get(Number(was)) : undefined;
    const courierId = old ? (old.courierId ?? old.details.courierId) : undefined;
    if (!old || typeof courierId !== 'number') {
      out.problems.push(was ? `${p} (${describe(Number(was))}; ${describe(Number(now))})` : p);
      continue;
    }
    const actions = at.phones
      .flatMap((ph) => ph.answeredActions)
      .filter((a) => a.report.stopId === Number(stop))
      .map((a) => `${a.event} ${a.ok ? 'ok' : a.code} ${when(a.answeredAt)}`);
    const trail = await eventsFrom(server, cookie, old.openedAt - 60_000);
    const alertIds = [old.id, Number(now)];
    const changes = trail.filter((e) => changesRoute(e, courierId, Number(stop)));
    const shown = trail
      .filter(
        (e) =>
          changesRoute(e, courierId, Number(stop)) ||
          (e.subject.type === 'alert' && alertIds.includes(e.subject.id ?? 0)),
      )
      .map(
        (e) =>
          `${e.kind} ${e.subject.type} ${e.subject.id} by ${e.actor.type} ${when(e.at)} ${JSON.stringify(e.data)}`,
      );
    const line =
      `${p} (${describe(old.id)}; ${describe(Number(now))}; ` +
      `phone reports on the stop: ${actions.join(', ') || 'none'}; ` +
      `events: ${shown.join(', ') || 'none'})`;
    const load = replacedByLoad(
      old,
      changes.map((e) => e.at),
      at.killedAt,
    );
    (load ? out.byLoad : out.problems).push(line);
  }
  return out;
}

/** The event log from `from` (epoch ms), oldest first, at most a page of it. */
async function eventsFrom(
  server: ChaosServer,
  cookie: string,
  from: number,
): Promise<TrailEvent[]> {
  const page = await call<AuditPage>(
    server,
    'GET',
    `/api/v1/events?from=${Math.max(0, Math.round(from))}&limit=${MAX_AUDIT_PAGE}`,
    cookie,
  );
  return (page.body?.events ?? []).reverse();
}
