import { describe, expect, it } from 'vitest';
import { GpxError, METERS_PER_DOP, parseGpx, requireTimes, type GpxErrorCode } from './gpx';

/** A GPX 1.1 document around the given body. */
function gpx(body: string, rootAttributes = 'version="1.1" creator="test"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx xmlns="http://www.topografix.com/GPX/1/1" ${rootAttributes}>
${body}
</gpx>`;
}

function trkpt(lat: number, lng: number, time?: string, extra = ''): string {
  return `<trkpt lat="${lat}" lon="${lng}">${time ? `<time>${time}</time>` : ''}${extra}</trkpt>`;
}

function gpxError(xml: string): GpxError {
  try {
    parseGpx(xml);
  } catch (err) {
    if (err instanceof GpxError) return err;
    throw err;
  }
  throw new Error('parseGpx accepted the document');
}

function expectCode(xml: string, code: GpxErrorCode): GpxError {
  const err = gpxError(xml);
  expect(err.code).toBe(code);
  return err;
}

describe('parseGpx: structure', () => {
  it('reads track points with their times, in time order', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg>
        ${trkpt(45.1, 13.1, '2020-01-01T10:00:00Z')}
        ${trkpt(45.2, 13.2, '2020-01-01T10:00:05Z')}
      </trkseg></trk>`),
    );
    expect(track.version).toBe('1.1');
    expect(track.source).toBe('tracks');
    expect(track.points).toEqual([
      { lat: 45.1, lng: 13.1, timeMs: Date.UTC(2020, 0, 1, 10, 0, 0), segment: 0 },
      { lat: 45.2, lng: 13.2, timeMs: Date.UTC(2020, 0, 1, 10, 0, 5), segment: 0 },
    ]);
  });

  it('keeps several tracks and segments in order and tells the segments apart', () => {
    const track = parseGpx(
      gpx(`
      <trk><name>Morning</name>
        <trkseg>${trkpt(1, 1, '2020-01-01T08:00:00Z')}${trkpt(1, 2, '2020-01-01T08:00:01Z')}</trkseg>
        <trkseg>${trkpt(1, 3, '2020-01-01T08:10:00Z')}</trkseg>
      </trk>
      <trk><name>Afternoon</name>
        <trkseg>${trkpt(2, 1, '2020-01-01T14:00:00Z')}</trkseg>
      </trk>`),
    );
    expect(track.segments).toEqual([
      { trackIndex: 0, trackName: 'Morning', pointCount: 2 },
      { trackIndex: 0, trackName: 'Morning', pointCount: 1 },
      { trackIndex: 1, trackName: 'Afternoon', pointCount: 1 },
    ]);
    expect(track.points.map((p) => [p.lng, p.segment])).toEqual([
      [1, 0],
      [2, 0],
      [3, 1],
      [1, 2],
    ]);
  });

  it('keeps empty segments in the list of segments', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg></trkseg><trkseg/><trkseg>${trkpt(1, 1)}</trkseg></trk>`),
    );
    expect(track.segments.map((s) => s.pointCount)).toEqual([0, 0, 1]);
    expect(track.points[0]!.segment).toBe(2);
  });

  it('reads route points when there are no track points, one segment per route', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg/></trk>
      <rte><name>Delivery round</name>
        <rtept lat="1" lon="2"/><rtept lat="1.5" lon="2.5"/>
      </rte>`),
    );
    expect(track.source).toBe('routes');
    expect(track.segments).toEqual([{ trackIndex: 0, trackName: 'Delivery round', pointCount: 2 }]);
    expect(track.points.map((p) => [p.lat, p.lng])).toEqual([
      [1, 2],
      [1.5, 2.5],
    ]);
  });

  it('prefers track points over route points and waypoints', () => {
    const track = parseGpx(
      gpx(`<wpt lat="9" lon="9"/><rte><rtept lat="8" lon="8"/></rte>
      <trk><trkseg>${trkpt(1, 1)}</trkseg></trk>`),
    );
    expect(track.source).toBe('tracks');
    expect(track.points.map((p) => p.lat)).toEqual([1]);
  });

  it('falls back to waypoints when the file has neither tracks nor routes', () => {
    const track = parseGpx(gpx(`<wpt lat="3" lon="4"><name>depot</name></wpt>`));
    expect(track.source).toBe('waypoints');
    expect(track.points).toEqual([{ lat: 3, lng: 4, timeMs: null, segment: 0 }]);
  });

  it('reads a point directly inside <trk> as a segment of its own', () => {
    const track = parseGpx(gpx(`<trk>${trkpt(1, 1)}</trk>`));
    expect(track.segments).toEqual([{ trackIndex: 0, trackName: null, pointCount: 1 }]);
  });
});

describe('parseGpx: point fields', () => {
  it('reads elevation, GPX 1.0 speed and course, and hdop as an accuracy estimate', () => {
    const track = parseGpx(
      gpx(
        `<trk><trkseg>${trkpt(
          1,
          1,
          '2020-01-01T00:00:00Z',
          '<ele>212.5</ele><course>271.5</course><speed>4.2</speed><hdop>1.4</hdop><pdop>3</pdop>',
        )}</trkseg></trk>`,
        'version="1.0"',
      ),
    );
    expect(track.version).toBe('1.0');
    expect(track.points[0]).toMatchObject({
      elevationMeters: 212.5,
      speedMps: 4.2,
      courseDegrees: 271.5,
      accuracyMeters: 1.4 * METERS_PER_DOP,
    });
  });

  it('estimates accuracy from pdop when there is no hdop', () => {
    const track = parseGpx(gpx(`<wpt lat="1" lon="1"><pdop>2</pdop></wpt>`));
    expect(track.points[0]!.accuracyMeters).toBe(2 * METERS_PER_DOP);
  });

  it('takes speed and course from extensions when the point has none of its own', () => {
    const extension = `<extensions><gpxtpx:TrackPointExtension>
      <gpxtpx:speed>7.5</gpxtpx:speed><gpxtpx:course>90</gpxtpx:course>
    </gpxtpx:TrackPointExtension></extensions>`;
    const track = parseGpx(gpx(`<trk><trkseg>${trkpt(1, 1, undefined, extension)}</trkseg></trk>`));
    expect(track.points[0]).toMatchObject({ speedMps: 7.5, courseDegrees: 90 });
  });

  it('lets a plain <speed> win over an extension speed', () => {
    const extra = '<speed>2</speed><extensions><x:speed>9</x:speed></extensions>';
    const track = parseGpx(gpx(`<trk><trkseg>${trkpt(1, 1, undefined, extra)}</trkseg></trk>`));
    expect(track.points[0]!.speedMps).toBe(2);
  });

  it('ignores a <time> inside extensions and empty or non-numeric fields', () => {
    const extra =
      '<ele></ele><speed>fast</speed><extensions><time>2001-01-01T00:00:00Z</time></extensions>';
    const track = parseGpx(gpx(`<trk><trkseg>${trkpt(1, 1, undefined, extra)}</trkseg></trk>`));
    expect(track.points[0]).toEqual({ lat: 1, lng: 1, timeMs: null, segment: 0 });
  });

  it('reads times with fractional seconds and offsets', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg>
        ${trkpt(1, 1, '2016-05-27T10:08:47.8Z')}
        ${trkpt(1, 2, '2016-05-27T12:09:00+02:00')}
        ${trkpt(1, 3, '2016-05-27T10:09:10.123456')}
      </trkseg></trk>`),
    );
    expect(track.points.map((p) => p.timeMs)).toEqual([
      Date.UTC(2016, 4, 27, 10, 8, 47, 800),
      Date.UTC(2016, 4, 27, 10, 9, 0),
      Date.UTC(2016, 4, 27, 10, 9, 10, 123),
    ]);
  });

  it('sorts points by time and drops later points with the same time as an earlier one', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg>
        ${trkpt(1, 1, '2020-01-01T00:00:10Z')}
        ${trkpt(1, 2, '2020-01-01T00:00:00Z')}
        ${trkpt(1, 3, '2020-01-01T00:00:10Z')}
        ${trkpt(1, 4, '2020-01-01T00:00:05Z')}
      </trkseg></trk>`),
    );
    expect(track.points.map((p) => p.lng)).toEqual([2, 4, 1]);
    expect(track.segments[0]!.pointCount).toBe(3);
  });

  it('keeps file order when some points have no time', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg>
        ${trkpt(1, 1, '2020-01-01T00:00:10Z')}${trkpt(1, 2)}${trkpt(1, 3, '2020-01-01T00:00:00Z')}
      </trkseg></trk>`),
    );
    expect(track.points.map((p) => p.lng)).toEqual([1, 2, 3]);
  });
});

describe('parseGpx: XML details', () => {
  it('reads attributes in any order and quoting, and self-closing points', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg>
        <trkpt lon='13.5' lat = "45.5" />
        <trkpt
          lon="13.6"
          lat="45.6"></trkpt>
      </trkseg></trk>`),
    );
    expect(track.points.map((p) => [p.lat, p.lng])).toEqual([
      [45.5, 13.5],
      [45.6, 13.6],
    ]);
  });

  it('ignores element prefixes, so a prefixed GPX reads like a plain one', () => {
    const track = parseGpx(`<g:gpx xmlns:g="http://www.topografix.com/GPX/1/1" version="1.1">
      <g:trk><g:name>prefixed</g:name><g:trkseg>
        <g:trkpt lat="1" lon="2"><g:time>2020-01-01T00:00:00Z</g:time></g:trkpt>
      </g:trkseg></g:trk></g:gpx>`);
    expect(track.segments[0]!.trackName).toBe('prefixed');
    expect(track.points[0]!.timeMs).toBe(Date.UTC(2020, 0, 1));
  });

  it('reads unicode names, CDATA and entities', () => {
    const track = parseGpx(
      gpx(`<trk><name><![CDATA[Čerknica <jezero> & Žiri ]]>&amp; 東京 &#x1F6B2;&#33;</name>
        <trkseg>${trkpt(1, 1)}</trkseg></trk>`),
    );
    expect(track.segments[0]!.trackName).toBe('Čerknica <jezero> & Žiri & 東京 🚲!');
  });

  it('skips a leading byte-order mark, comments, processing instructions and a DOCTYPE', () => {
    const track = parseGpx(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE gpx [ <!ENTITY x "y"> ]>
<!-- <trkpt lat="9" lon="9"/> -->
<gpx version="1.1"><?app hint?>
  <!-- a <trk> in a comment -->
  <trk><trkseg>${trkpt(1, 1)}</trkseg></trk>
</gpx>`);
    expect(track.points.map((p) => p.lat)).toEqual([1]);
  });

  it("does not take the file's <metadata> name for a track name", () => {
    const track = parseGpx(
      gpx(`<metadata><name>file title</name></metadata><trk><trkseg>${trkpt(1, 1)}</trkseg></trk>`),
    );
    expect(track.segments[0]!.trackName).toBeNull();
  });
});

describe('parseGpx: errors', () => {
  it('refuses mismatched tags as invalid_xml, naming the line', () => {
    const err = expectCode(gpx('<trk><trkseg></trk>'), 'invalid_xml');
    expect(err.message).toMatch(/line 3: expected <\/trkseg> but found <\/trk>/);
  });

  it('refuses an unclosed root element as invalid_xml', () => {
    expectCode('<gpx version="1.1"><trk>', 'invalid_xml');
  });

  it('refuses text that is not XML as invalid_xml', () => {
    expectCode('lat,lng\n45.1,13.2\n', 'invalid_xml');
  });

  it('refuses an unquoted attribute as invalid_xml', () => {
    expectCode(gpx('<wpt lat=1 lon="2"/>'), 'invalid_xml');
  });

  it('refuses a document whose root is not <gpx> as invalid_xml', () => {
    const err = expectCode('<kml><Placemark/></kml>', 'invalid_xml');
    expect(err.message).toMatch(/root element is <kml>/);
  });

  it('refuses a GPX without points as no_points', () => {
    expectCode(gpx('<trk><name>empty</name><trkseg/></trk><rte/>'), 'no_points');
  });

  it('refuses a latitude out of range as bad_point, naming the point', () => {
    const err = expectCode(
      gpx(`<trk><trkseg>${trkpt(45, 13)}${trkpt(91.5, 13)}</trkseg></trk>`),
      'bad_point',
    );
    expect(err.pointIndex).toBe(1);
    expect(err.message).toMatch(/trkpt #2 \(line 3\) has latitude 91.5, outside -90..90/);
  });

  it('refuses a longitude out of range as bad_point', () => {
    const err = expectCode(gpx('<wpt lat="1" lon="-180.5"/>'), 'bad_point');
    expect(err.message).toMatch(/longitude -180.5/);
  });

  it('refuses a point without lat as bad_point', () => {
    const err = expectCode(gpx('<trk><trkseg><trkpt lon="1"/></trkseg></trk>'), 'bad_point');
    expect(err.message).toMatch(/has no lat attribute/);
  });

  it('refuses a non-numeric coordinate as bad_point', () => {
    expectCode(gpx('<rte><rtept lat="north" lon="1"/></rte>'), 'bad_point');
  });

  it('refuses an unreadable time as bad_point', () => {
    const err = expectCode(
      gpx(`<trk><trkseg>${trkpt(1, 1, 'yesterday at noon')}</trkseg></trk>`),
      'bad_point',
    );
    expect(err.message).toMatch(/unreadable time "yesterday at noon"/);
  });
});

describe('requireTimes', () => {
  it('returns a track whose every point has a time', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg>${trkpt(1, 1, '2020-01-01T00:00:00Z')}</trkseg></trk>`),
    );
    expect(requireTimes(track).points[0]!.timeMs).toBe(Date.UTC(2020, 0, 1));
  });

  it('refuses a track without any times as no_times, naming it', () => {
    const track = parseGpx(gpx(`<trk><trkseg>${trkpt(1, 1)}</trkseg></trk>`));
    expect(() => requireTimes(track, 'walk.gpx')).toThrow(
      expect.objectContaining({
        code: 'no_times',
        message: 'walk.gpx has no timestamps on its points; replay needs a recorded time per fix',
      }),
    );
  });

  it('refuses a track where only some points have times, naming the untimed track', () => {
    const track = parseGpx(
      gpx(`<trk><trkseg>${trkpt(1, 1, '2020-01-01T00:00:00Z')}</trkseg></trk>
      <trk><name>saved copy</name><trkseg>${trkpt(1, 2)}</trkseg></trk>`),
    );
    expect(() => requireTimes(track, 'mixed.gpx')).toThrow(
      expect.objectContaining({
        code: 'no_times',
        message: expect.stringMatching(
          /^mixed.gpx has timestamps on only 1 of its 2 points \(track 2 "saved copy"/,
        ) as unknown,
      }),
    );
  });
});
