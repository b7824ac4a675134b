import { describe, expect, it } from 'vitest';
import { DEVICE_CLOCK_SKEW_MS, visitTime, type VisitHistory } from './visit-time';

const MIN = 60_000;
const RECEIVED = 1_000 * MIN;
/** A stop placed on the route an hour before the report, nothing else known. */
const history = (over: Partial<VisitHistory> = {}): VisitHistory => ({
  placedAt: RECEIVED - 60 * MIN,
  earlierVisitAt: null,
  lastLiveFixAt: null,
  ...over,
});

describe("a visit's time bounded by what the server saw", () => {
  it('keeps a device time between the placement and the receipt', () => {
    expect(
      visitTime({ deviceT: RECEIVED - 5 * MIN, receivedAt: RECEIVED, history: history() }),
    ).toEqual({ at: RECEIVED - 5 * MIN, clamped: null, bound: null });
  });

  it('takes the receipt time when the device sent none', () => {
    expect(visitTime({ receivedAt: RECEIVED, history: history() })).toEqual({
      at: RECEIVED,
      clamped: null,
      bound: null,
    });
  });

  it('clamps a time after the receipt down to it', () => {
    expect(
      visitTime({ deviceT: RECEIVED + MIN, receivedAt: RECEIVED, history: history() }),
    ).toEqual({ at: RECEIVED, clamped: 'down', bound: 'receipt' });
  });

  it('clamps a time before the stop was placed up to the placement', () => {
    const placedAt = RECEIVED - 10 * MIN;
    const backdated = RECEIVED - 120 * MIN;
    expect(
      visitTime({ deviceT: backdated, receivedAt: RECEIVED, history: history({ placedAt }) }),
    ).toEqual({ at: placedAt, clamped: 'up', bound: 'placed' });
  });

  it('clamps a completion before its arrival up to the arrival', () => {
    const arrived = RECEIVED - 20 * MIN;
    expect(
      visitTime({
        deviceT: RECEIVED - 30 * MIN,
        receivedAt: RECEIVED,
        history: history({ earlierVisitAt: arrived }),
      }),
    ).toEqual({ at: arrived, clamped: 'up', bound: 'earlier_visit' });
  });

  it('keeps an offline-queued time far before the receipt when nothing was sent live since', () => {
    const queued = RECEIVED - 45 * MIN;
    const lastLive = RECEIVED - 50 * MIN;
    expect(
      visitTime({
        deviceT: queued,
        receivedAt: RECEIVED,
        history: history({ lastLiveFixAt: lastLive }),
      }),
    ).toEqual({ at: queued, clamped: null, bound: null });
  });

  it('clamps a time long before a fix the device sent live up to that fix less the skew', () => {
    const lastLive = RECEIVED - 10 * MIN;
    expect(
      visitTime({
        deviceT: RECEIVED - 40 * MIN,
        receivedAt: RECEIVED,
        history: history({ lastLiveFixAt: lastLive }),
      }),
    ).toEqual({ at: lastLive - DEVICE_CLOCK_SKEW_MS, clamped: 'up', bound: 'live_fix' });
  });

  it('allows a clock up to the skew behind a live fix', () => {
    const lastLive = RECEIVED - 10 * MIN;
    const deviceT = lastLive - DEVICE_CLOCK_SKEW_MS + 1;
    expect(
      visitTime({ deviceT, receivedAt: RECEIVED, history: history({ lastLiveFixAt: lastLive }) }),
    ).toEqual({ at: deviceT, clamped: null, bound: null });
  });

  it('never moves a time past the receipt when a bound lies after it', () => {
    expect(
      visitTime({
        deviceT: RECEIVED - MIN,
        receivedAt: RECEIVED,
        history: history({ placedAt: RECEIVED + MIN }),
      }),
    ).toEqual({ at: RECEIVED, clamped: 'up', bound: 'placed' });
  });
});
