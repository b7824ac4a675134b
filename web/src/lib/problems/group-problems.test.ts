import { describe, expect, test } from 'vitest';
import { groupProblems } from './group-problems';
import { MIN, NOW, alertOf, contextOf, inPortuguese, stopOf } from './problem-fixtures';

describe('groupProblems', () => {
  test("a courier's late stops are one problem with a count and the worst lateness", () => {
    const stops = [
      stopOf(1, { windowEnd: NOW - 42 * MIN }),
      stopOf(2, { windowEnd: NOW - 10 * MIN }),
      stopOf(3, { windowEnd: NOW - 5 * MIN }),
    ];
    const alerts = stops.map((s) => alertOf('late', { stopId: s.id, courierId: 7 }));
    const problems = groupProblems(alerts, contextOf(stops));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.headline).toBe('Ana: 3 stops late, worst 42 min');
    expect(problems[0]!.alertIds).toEqual(alerts.map((a) => a.id));
    expect(problems[0]!.orders.map((o) => o.label)).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
  });

  test('late supersedes late risk on the same stop', () => {
    const stops = [stopOf(1, { windowEnd: NOW - 8 * MIN })];
    const alerts = [
      alertOf('late_risk', { stopId: 1, courierId: 7, details: { minutesLate: 3 } }),
      alertOf('late', { stopId: 1, courierId: 7 }),
    ];
    const [problem] = groupProblems(alerts, contextOf(stops));
    expect(problem!.orders).toHaveLength(1);
    expect(problem!.orders[0]!.lateness).toBe('late');
    expect(problem!.headline).toBe('Ana: ORD-1 late 8 min');
    expect(problem!.kind).toBe('late');
  });

  test('a late risk inside the safety margin reads as expected before the window ends', () => {
    const stops = [stopOf(1, { windowEnd: NOW + 30 * MIN })];
    const alerts = [
      alertOf('late_risk', { stopId: 1, courierId: 7, details: { minutesLate: -6 } }),
    ];
    const [problem] = groupProblems(alerts, contextOf(stops));
    expect(problem!.orders[0]).toMatchObject({ lateness: 'at_risk', minutesLate: -6 });
    expect(problem!.headline).toBe('Ana: ORD-1 expected 6 min before the window ends');
  });

  test('an SLA breach is a badge on the late stop, not another row, and makes it critical', () => {
    const stops = [stopOf(1, { windowEnd: NOW - 50 * MIN })];
    const alerts = [
      alertOf('late', { stopId: 1, courierId: 7 }),
      alertOf('sla_breach', { stopId: 1, courierId: 7, severity: 'critical' }),
    ];
    const problems = groupProblems(alerts, contextOf(stops));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.orders).toHaveLength(1);
    expect(problems[0]!.orders[0]!.slaBreach).toBe(true);
    expect(problems[0]!.severity).toBe('critical');
  });

  test('a pickup and its delivery with the same order reference are one order', () => {
    const stops = [
      stopOf(1, { kind: 'pickup', orderRef: 'A-17', windowEnd: NOW - 20 * MIN }),
      stopOf(2, { kind: 'delivery', orderRef: 'A-17', windowEnd: NOW - 12 * MIN }),
    ];
    const alerts = stops.map((s) => alertOf('late', { stopId: s.id, courierId: 7 }));
    const [problem] = groupProblems(alerts, contextOf(stops));
    expect(problem!.orders).toHaveLength(1);
    expect(problem!.orders[0]!.stops.map((s) => s.kind)).toEqual(['pickup', 'delivery']);
    expect(problem!.orders[0]!.minutesLate).toBe(20);
    expect(problem!.headline).toBe('Ana: A-17 late 20 min');
  });

  test("a stalled courier's problem carries its stops' lateness, from alerts and ETAs", () => {
    const stops = [
      stopOf(1, { courierId: 8, eta: NOW + 70 * MIN, windowEnd: NOW + 60 * MIN }),
      stopOf(2, { courierId: 8, eta: NOW + 30 * MIN, windowEnd: NOW + 60 * MIN }),
      stopOf(3, { courierId: 8, windowEnd: NOW + 90 * MIN }),
    ];
    const alerts = [
      alertOf('stalled', { courierId: 8, severity: 'critical', details: { minutes: 12 } }),
      alertOf('late_risk', { stopId: 3, courierId: 8, details: { minutesLate: 25 } }),
    ];
    const problems = groupProblems(alerts, contextOf(stops));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.headline).toBe('Bruno stalled 12 min · 2 stops at risk');
    expect(problems[0]!.orders.map((o) => [o.label, o.lateness, o.minutesLate])).toEqual([
      ['ORD-3', 'at_risk', 25],
      ['ORD-1', 'at_risk', 10],
      ['ORD-2', null, 0],
    ]);
  });

  test('an offline courier says how long it has been silent', () => {
    const stops = [stopOf(1, { courierId: 9, windowEnd: NOW - 3 * MIN })];
    const alerts = [alertOf('offline', { courierId: 9, details: { silentSince: NOW - 6 * MIN } })];
    expect(groupProblems(alerts, contextOf(stops))[0]!.headline).toBe(
      'Cy offline 6 min · 1 stop late',
    );
  });

  test('a late stop with no courier is its own problem, and a hub alert is the hub’s', () => {
    const stops = [stopOf(1, { courierId: null, orderRef: 'N-1', windowEnd: NOW - 14 * MIN })];
    const alerts = [
      alertOf('late', { stopId: 1 }),
      alertOf('hub_sla', { details: { onTimeRate: 0.82, target: 0.95 } }),
    ];
    const headlines = groupProblems(alerts, contextOf(stops)).map((p) => p.headline);
    expect(headlines).toEqual([
      'N-1 late 14 min, no courier',
      'Centro: on time 82% in the last hour, target 95%',
    ]);
  });

  test('critical problems come first, then the most minutes late', () => {
    const stops = [
      stopOf(1, { courierId: 7, windowEnd: NOW - 5 * MIN }),
      stopOf(2, { courierId: 8, windowEnd: NOW - 40 * MIN }),
    ];
    const alerts = [
      alertOf('late', { stopId: 1, courierId: 7 }),
      alertOf('late', { stopId: 2, courierId: 8 }),
      alertOf('stalled', { courierId: 9, severity: 'critical', details: { minutes: 6 } }),
    ];
    expect(groupProblems(alerts, contextOf(stops)).map((p) => p.courierId)).toEqual([9, 8, 7]);
  });

  test('a problem keeps which of its alerts nobody acknowledged yet', () => {
    const stops = [
      stopOf(1, { windowEnd: NOW - 5 * MIN }),
      stopOf(2, { windowEnd: NOW - 6 * MIN }),
    ];
    const acked = alertOf('late', {
      stopId: 1,
      courierId: 7,
      acknowledgedAt: NOW,
      acknowledgedBy: 2,
    });
    const open = alertOf('late', { stopId: 2, courierId: 7 });
    const [problem] = groupProblems([acked, open], contextOf(stops));
    expect(problem!.unacknowledgedIds).toEqual([open.id]);
  });

  test('the courier is found through the stop when the alert does not name it', () => {
    const stops = [stopOf(1, { courierId: 8, windowEnd: NOW - 5 * MIN })];
    const [problem] = groupProblems([alertOf('late', { stopId: 1 })], contextOf(stops));
    expect(problem!.key).toBe('courier:8');
    expect(problem!.headline).toBe('Bruno: ORD-1 late 5 min');
  });

  test('headlines never show database ids or "stop(s)"', () => {
    const stops = [
      stopOf(1656, { orderRef: null, address: 'Rua Bahia, 12', windowEnd: NOW - 3 * MIN }),
    ];
    const [problem] = groupProblems(
      [alertOf('late', { stopId: 1656, courierId: 7 })],
      contextOf(stops),
    );
    expect(problem!.headline).toBe('Ana: Rua Bahia, 12 late 3 min');
    expect(problem!.headline).not.toMatch(/#|1656|\(s\)/);
  });
});

test('a stop whose window closed this minute is just "late"', () => {
  const stops = [stopOf(1, { windowEnd: NOW + 10 * MIN })];
  const [problem] = groupProblems([alertOf('late', { stopId: 1, courierId: 7 })], contextOf(stops));
  expect(problem!.headline).toBe('Ana: ORD-1 late');
});

describe('headlines in Brazilian Portuguese', () => {
  const inPt = (stops: Parameters<typeof contextOf>[0]) => contextOf(stops, NOW, inPortuguese);

  test("a courier's late stops, counted with the plural of the language", () => {
    const stops = [
      stopOf(1, { windowEnd: NOW - 42 * MIN }),
      stopOf(2, { windowEnd: NOW - 10 * MIN }),
    ];
    const alerts = stops.map((s) => alertOf('late', { stopId: s.id, courierId: 7 }));
    expect(groupProblems(alerts, inPt(stops))[0]!.headline).toBe(
      'Ana: 2 paradas atrasadas, a pior com 42 min',
    );
  });

  test('a stop at risk of being late', () => {
    const stops = [stopOf(1)];
    const alerts = [
      alertOf('late_risk', { stopId: 1, courierId: 7, details: { minutesLate: 18 } }),
    ];
    expect(groupProblems(alerts, inPt(stops))[0]!.headline).toBe(
      'Ana: ORD-1 previsto com 18 min de atraso',
    );
  });

  test('a stalled courier and what it holds up', () => {
    const stops = [stopOf(1, { courierId: 8, eta: NOW + 70 * MIN, windowEnd: NOW + 60 * MIN })];
    const alerts = [alertOf('stalled', { courierId: 8, details: { minutes: 75 } })];
    expect(groupProblems(alerts, inPt(stops))[0]!.headline).toBe(
      'Bruno sem se mover há 1 h 15 min · 1 parada em risco',
    );
  });

  test('a late stop with no courier, and a hub below its target', () => {
    const stops = [stopOf(1, { courierId: null, orderRef: 'N-1', windowEnd: NOW - 14 * MIN })];
    const alerts = [
      alertOf('late', { stopId: 1 }),
      alertOf('hub_sla', { details: { onTimeRate: 0.82, target: 0.95 } }),
    ];
    expect(groupProblems(alerts, inPt(stops)).map((p) => p.headline)).toEqual([
      'N-1 com 14 min de atraso, sem entregador',
      'Centro: 82% no horário na última hora, meta de 95%',
    ]);
  });
});
