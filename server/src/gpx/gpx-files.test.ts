import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GpxError, parseGpx, requireTimes, type GpxTrack } from './gpx';

// Reference tracks live beside the repository in ../shared/data (never committed).
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const GPX_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'gpx');
const HAS_DATA = existsSync(GPX_DIR);
const SUITE = HAS_DATA
  ? 'reference GPX files'
  : `reference GPX files (skipped: the reference data folder ${GPX_DIR} is absent)`;

function load(file: string): GpxTrack {
  return parseGpx(readFileSync(path.join(GPX_DIR, file), 'utf8'));
}

const FILES = !HAS_DATA ? [] : readdirSync(GPX_DIR).filter((f) => f.endsWith('.gpx'));

/** Points per file, counted from the files' `<trkpt` / `<wpt` tags, independently of the parser. */
const POINT_COUNTS: Record<string, number> = {
  'around-visnjan-with-car.gpx': 104,
  'cerknicko-jezero.gpx': 296,
  'korita-zbevnica.gpx': 871,
  'track-with-empty-segment.gpx': 9,
  'track-with-extremes.gpx': 25,
  'track_with_speed.gpx': 3,
  'unicode_with_bom.gpx': 1,
};

describe.skipIf(!HAS_DATA)(SUITE, () => {
  it('finds every reference file the counts describe', () => {
    expect(FILES).toEqual(expect.arrayContaining(Object.keys(POINT_COUNTS)));
  });

  it('parses every file with plausible points', () => {
    for (const file of FILES) {
      const track = load(file);
      expect(track.points.length, file).toBeGreaterThan(0);
      for (const p of track.points) {
        expect(Math.abs(p.lat), file).toBeLessThanOrEqual(90);
        expect(Math.abs(p.lng), file).toBeLessThanOrEqual(180);
      }
      const counted = track.segments.reduce((sum, s) => sum + s.pointCount, 0);
      expect(counted, file).toBe(track.points.length);
    }
  });

  it('reads exactly the points each file holds', () => {
    for (const [file, count] of Object.entries(POINT_COUNTS)) {
      expect(load(file).points, file).toHaveLength(count);
    }
  });

  it('keeps the eight tracks of cerknicko-jezero.gpx apart, the first one empty', () => {
    const track = load('cerknicko-jezero.gpx');
    expect(track.version).toBe('1.0');
    expect(track.segments.map((s) => s.pointCount)).toEqual([0, 173, 52, 2, 44, 2, 2, 21]);
    expect(track.segments.map((s) => s.trackIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(track.segments[1]!.trackName).toBe('ACTIVE LOG #2');
  });

  it('keeps the empty second segment of track-with-empty-segment.gpx', () => {
    const track = load('track-with-empty-segment.gpx');
    expect(track.segments).toEqual([
      { trackIndex: 0, trackName: '2013-07-06T14:59:00Z', pointCount: 9 },
      { trackIndex: 0, trackName: '2013-07-06T14:59:00Z', pointCount: 0 },
    ]);
  });

  it('replays the car drive around Višnjan: times in order, including the standstill', () => {
    const { points } = requireTimes(load('around-visnjan-with-car.gpx'));
    expect(points[0]!.timeMs).toBe(Date.UTC(2020, 11, 18, 6, 15, 50));
    for (let i = 1; i < points.length; i++)
      expect(points[i]!.timeMs).toBeGreaterThan(points[i - 1]!.timeMs);
    const standstillStart = Date.UTC(2020, 11, 18, 6, 19, 39);
    const standstillEnd = Date.UTC(2020, 11, 18, 6, 21, 37);
    expect(points.some((p) => p.timeMs === standstillStart)).toBe(true);
    expect(points.some((p) => p.timeMs === standstillEnd)).toBe(true);
  });

  it('reads the GPX 1.0 speeds of track_with_speed.gpx', () => {
    expect(load('track_with_speed.gpx').points.map((p) => p.speedMps)).toEqual([1.2, 2.2, 3.2]);
  });

  it('parses unicode_with_bom.gpx: its waypoint with a fractional-second time and hdop', () => {
    const track = load('unicode_with_bom.gpx');
    expect(track.source).toBe('waypoints');
    expect(track.points).toEqual([
      {
        lat: 43.309634,
        lng: 3.515386,
        timeMs: Date.UTC(2016, 4, 27, 10, 8, 47, 800),
        elevationMeters: -14.6,
        accuracyMeters: 16.2 * 5,
        segment: 0,
      },
    ]);
  });

  it('keeps the outliers of track-with-extremes.gpx as recorded, and refuses to replay it', () => {
    const track = load('track-with-extremes.gpx');
    const elevations = track.points.map((p) => p.elevationMeters!);
    expect(Math.max(...elevations)).toBe(30);
    expect(track.points[2]!.elevationMeters).toBe(30);
    // The two position outliers stay in file order; judging them is the detectors' job.
    expect(track.points[6]).toMatchObject({ lat: 45.485465008, lng: 13.513392241 });
    expect(() => requireTimes(track, 'track-with-extremes.gpx')).toThrow(
      expect.objectContaining({ code: 'no_times' }),
    );
  });

  it('refuses to replay cerknicko-without-times.gpx for lack of times', () => {
    let error: unknown;
    try {
      requireTimes(load('cerknicko-without-times.gpx'), 'cerknicko-without-times.gpx');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GpxError);
    expect((error as GpxError).code).toBe('no_times');
    expect((error as GpxError).message).toMatch(
      /^cerknicko-without-times.gpx has timestamps on only 5 of its 296 points/,
    );
  });

  it('refuses to replay korita-zbevnica.gpx, whose second track is an untimed copy', () => {
    expect(() => requireTimes(load('korita-zbevnica.gpx'), 'korita-zbevnica.gpx')).toThrow(
      /only 513 of its 871 points \(track 2 "03-OCT-10 #2"/,
    );
  });
});
