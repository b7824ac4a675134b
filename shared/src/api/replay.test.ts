import { describe, expect, it } from 'vitest';
import { compileValidator } from '../schemas';
import {
  ReplayEventColumnsSchema,
  ReplayTrackSchema,
  decodeReplayEvents,
  decodeReplayTrack,
  encodeReplayEvents,
  encodeReplayTrack,
  type ReplayEvent,
} from './replay';

const FROM = Date.UTC(2024, 4, 6, 3, 0, 0);

describe('replay track columns', () => {
  it('round-trip fixes to the second and the microdegree, as small deltas', () => {
    const fixes = [
      { t: FROM + 60_000, lat: -20.4697, lng: -54.6201 },
      { t: FROM + 75_000, lat: -20.46975, lng: -54.62002 },
      { t: FROM + 90_400, lat: -20.4699, lng: -54.6199 },
    ];
    const track = encodeReplayTrack(7, fixes, FROM);
    expect(track.t).toEqual([60, 15, 15]);
    expect(track.lat.slice(1)).toEqual([-50, -150]);
    expect(compileValidator(ReplayTrackSchema, 'track').parse(track).ok).toBe(true);
    const back = decodeReplayTrack(track, FROM);
    expect(back.map((f) => f.t)).toEqual([FROM + 60_000, FROM + 75_000, FROM + 90_000]);
    back.forEach((f, i) => {
      expect(f.lat).toBeCloseTo(fixes[i]!.lat, 6);
      expect(f.lng).toBeCloseTo(fixes[i]!.lng, 6);
    });
  });
});

describe('replay event columns', () => {
  it('round-trip events, absent ids as 0 on the wire and null decoded', () => {
    const events: ReplayEvent[] = [
      {
        at: FROM + 1000,
        kind: 'alert.opened',
        courierId: 3,
        stopId: null,
        subjectId: 41,
        otherCourierId: null,
        note: 'stalled',
      },
      {
        at: FROM + 61_000,
        kind: 'stop.moved',
        courierId: 4,
        stopId: 12,
        subjectId: null,
        otherCourierId: 3,
        note: '',
      },
    ];
    const cols = encodeReplayEvents(events, FROM);
    expect(cols.at).toEqual([1000, 60_000]);
    expect(cols.stop).toEqual([0, 12]);
    expect(compileValidator(ReplayEventColumnsSchema, 'events').parse(cols).ok).toBe(true);
    expect(decodeReplayEvents(cols, FROM)).toEqual(events);
  });

  it('skips kinds it does not know', () => {
    const cols = encodeReplayEvents(
      [
        {
          at: FROM,
          kind: 'stop.arrived',
          courierId: 1,
          stopId: 2,
          subjectId: null,
          otherCourierId: null,
          note: '',
        },
      ],
      FROM,
    );
    cols.kind[0] = 999;
    expect(decodeReplayEvents(cols, FROM)).toEqual([]);
  });
});
