import { describe, expect, it } from 'vitest';
import { parseOsmAndTimestamp } from './osmand';
import {
  FIX_MS,
  NOW_MS,
  errorOf,
  fixOf,
  gpsQuery,
  request,
} from '../../../test/factories/osmand-requests';

describe('parseOsmAnd: GET query', () => {
  it('reads device id and lat/lon from the query', () => {
    expect(fixOf(request(gpsQuery()))).toEqual({
      deviceId: 'courier-7',
      t: NOW_MS,
      lat: 52.52,
      lng: 13.405,
    });
  });

  it('takes the server time when no timestamp is sent', () => {
    expect(fixOf(request(gpsQuery())).t).toBe(NOW_MS);
  });

  it.each([
    ['unix seconds', '1714558830', FIX_MS],
    ['unix seconds with a fraction', '1714558830.5', FIX_MS + 500],
    ['unix milliseconds', '1714558830123', FIX_MS + 123],
    ['ISO 8601 with Z', '2024-05-01T10:20:30Z', FIX_MS],
    ['ISO 8601 with milliseconds', '2024-05-01T10:20:30.123Z', FIX_MS + 123],
    ['ISO 8601 with a positive offset', '2024-05-01T12:20:30+02:00', FIX_MS],
    ['ISO 8601 with a negative offset', '2024-05-01T05:20:30-05:00', FIX_MS],
    ['ISO 8601 with a compact offset', '2024-05-01T12:20:30+0200', FIX_MS],
    ['ISO 8601 without a zone, read as UTC', '2024-05-01T10:20:30', FIX_MS],
    ['yyyy-MM-dd HH:mm:ss, read as UTC', '2024-05-01 10:20:30', FIX_MS],
    // `2024-05-01%2010:20:30` and `2024-05-01+10:20:30` both reach us decoded to a space.
    [
      'a URL-decoded space between date and time',
      decodeURIComponent('2024-05-01%2010:20:30'),
      FIX_MS,
    ],
    ['an undecoded + between date and time', '2024-05-01+10:20:30', FIX_MS],
    ['an offset whose + was decoded to a space', '2024-05-01T12:20:30 02:00', FIX_MS],
  ])('reads a timestamp in %s', (_form, timestamp, expectedMs) => {
    expect(fixOf(request(gpsQuery({ timestamp }))).t).toBe(expectedMs);
  });

  it('accepts deviceid as an alias of id', () => {
    const fix = fixOf(request({ deviceid: 'tracker-42', lat: '1.5', lon: '2.5' }));
    expect(fix.deviceId).toBe('tracker-42');
  });

  it('reads the position from location=lat,lon', () => {
    const fix = fixOf(request({ id: 'courier-7', location: '52.52,13.405' }));
    expect(fix).toMatchObject({ lat: 52.52, lng: 13.405 });
  });

  it('prefers lat/lon over location when both are sent', () => {
    const fix = fixOf(request(gpsQuery({ location: '10,20' })));
    expect(fix).toMatchObject({ lat: 52.52, lng: 13.405 });
  });

  it('converts speed from knots to m/s', () => {
    const fix = fixOf(request(gpsQuery({ speed: '10' })));
    expect(fix.spd).toBeCloseTo(5.14444, 5);
  });

  it('reads bearing as the heading in degrees', () => {
    expect(fixOf(request(gpsQuery({ bearing: '181.5' }))).hdg).toBe(181.5);
  });

  it('accepts heading as an alias of bearing', () => {
    expect(fixOf(request(gpsQuery({ heading: '90' }))).hdg).toBe(90);
  });

  it('reads altitude in metres, below sea level too', () => {
    expect(fixOf(request(gpsQuery({ altitude: '-12.5' }))).altitudeMeters).toBe(-12.5);
  });

  it('reads accuracy in metres', () => {
    expect(fixOf(request(gpsQuery({ accuracy: '12.5' }))).acc).toBe(12.5);
  });

  it('turns hdop into metres as hdop × 5 when no accuracy is sent', () => {
    expect(fixOf(request(gpsQuery({ hdop: '1.2' }))).acc).toBeCloseTo(6, 9);
  });

  it('prefers accuracy over hdop when both are sent', () => {
    expect(fixOf(request(gpsQuery({ accuracy: '20', hdop: '1.2' }))).acc).toBe(20);
  });

  it('turns a batt percentage into a 0..1 level', () => {
    expect(fixOf(request(gpsQuery({ batt: '87' }))).bat).toBe(0.87);
  });

  it('reads every field of a full Traccar Client request', () => {
    const query = gpsQuery({
      timestamp: '1714558830',
      speed: '2',
      bearing: '45',
      altitude: '30',
      accuracy: '5',
      batt: '50',
    });
    const fix = fixOf(request(query));
    expect(fix).toEqual({
      deviceId: 'courier-7',
      t: FIX_MS,
      lat: 52.52,
      lng: 13.405,
      acc: 5,
      spd: 2 * 0.514444,
      hdg: 45,
      bat: 0.5,
      altitudeMeters: 30,
    });
  });

  it.each(['speed', 'bearing', 'accuracy', 'hdop', 'batt'])(
    'omits a negative %s, which devices send for "unknown"',
    (name) => {
      const fix = fixOf(request(gpsQuery({ [name]: '-1' })));
      expect(fix).toEqual({ deviceId: 'courier-7', t: NOW_MS, lat: 52.52, lng: 13.405 });
    },
  );

  it('omits optional parameters sent empty', () => {
    const fix = fixOf(request(gpsQuery({ speed: '', hdop: ' ', altitude: '', timestamp: '' })));
    expect(fix).toEqual({ deviceId: 'courier-7', t: NOW_MS, lat: 52.52, lng: 13.405 });
  });

  it('uses the last value of a repeated parameter', () => {
    expect(fixOf(request(gpsQuery({ speed: ['1', '2'] }))).spd).toBeCloseTo(2 * 0.514444, 9);
  });

  it('ignores parameters it does not know', () => {
    const fix = fixOf(request(gpsQuery({ cell: '262,1,2,3', wifi: 'aa-bb,-50', valid: 'true' })));
    expect(fix).toEqual({ deviceId: 'courier-7', t: NOW_MS, lat: 52.52, lng: 13.405 });
  });

  it('accepts a timestamp far in the future; the caller judges the clock', () => {
    const timestamp = String(Date.UTC(2099, 0, 1) / 1000);
    expect(fixOf(request(gpsQuery({ timestamp }))).t).toBe(Date.UTC(2099, 0, 1));
  });
});

describe('parseOsmAnd: form body', () => {
  it('reads a POSTed form body with no query', () => {
    const body = { id: 'courier-7', lat: '52.52', lon: '13.405', speed: '10', batt: '40' };
    const fix = fixOf(request({}, body));
    expect(fix).toMatchObject({ deviceId: 'courier-7', lat: 52.52, lng: 13.405, bat: 0.4 });
    expect(fix.spd).toBeCloseTo(5.14444, 5);
  });

  it('merges query and body, the body overriding the query', () => {
    const fix = fixOf(request(gpsQuery({ speed: '2' }), { lat: '48.85', timestamp: '1714558830' }));
    expect(fix).toMatchObject({ deviceId: 'courier-7', lat: 48.85, lng: 13.405, t: FIX_MS });
    expect(fix.spd).toBeCloseTo(2 * 0.514444, 9);
  });

  it('lets a body deviceid override a query id', () => {
    expect(fixOf(request(gpsQuery(), { deviceid: 'from-body' })).deviceId).toBe('from-body');
  });

  it('reads a form-encoded body that arrived as plain text', () => {
    const body = 'id=courier-7&lat=52.52&lon=13.405&timestamp=2024-05-01+10%3A20%3A30';
    expect(fixOf(request({}, body))).toEqual({
      deviceId: 'courier-7',
      t: FIX_MS,
      lat: 52.52,
      lng: 13.405,
    });
  });

  it('refuses a device id with a control character such as NUL', () => {
    expect(errorOf(request(gpsQuery({ id: 'courier\u00007' }))).code).toBe('invalid');
  });

  it('takes fields named __proto__ or constructor in a plain-text form as unknown fields', () => {
    const body = '__proto__=x&constructor=y&toString=z&id=courier-7&lat=52.52&lon=13.405';
    expect(fixOf(request({}, body))).toMatchObject({ deviceId: 'courier-7', lat: 52.52 });
  });

  it('reads numbers in a flat JSON body', () => {
    const fix = fixOf(request({}, { id: 'courier-7', lat: 52.52, lon: 13.405, batt: 80 }));
    expect(fix).toMatchObject({ lat: 52.52, lng: 13.405, bat: 0.8 });
  });
});

describe('parseOsmAnd: refusals', () => {
  it('refuses a request without a position', () => {
    expect(errorOf(request({ id: 'courier-7', speed: '3' }))).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('no position') as unknown,
    });
  });

  it('refuses lat without lon as having no position', () => {
    expect(errorOf(request({ id: 'courier-7', lat: '52.52' })).message).toContain('no position');
  });

  it('refuses a request without a device id', () => {
    expect(errorOf(request({ lat: '52.52', lon: '13.405' }))).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('no device id') as unknown,
    });
  });

  it('refuses a blank device id', () => {
    expect(errorOf(request(gpsQuery({ id: '  ' }))).message).toContain('no device id');
  });

  it('refuses an absurdly long device id', () => {
    expect(errorOf(request(gpsQuery({ id: 'x'.repeat(129) }))).code).toBe('invalid');
  });

  const garbage = ['abc', 'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '12,5', '1.2.3'];
  const numericParams = ['lat', 'lon', 'speed', 'bearing', 'altitude', 'accuracy', 'hdop', 'batt'];
  it.each(numericParams.flatMap((name) => garbage.map((value) => [name, value])))(
    'refuses %s=%s, naming the parameter',
    (name, value) => {
      const error = errorOf(request(gpsQuery({ [name]: value })));
      expect(error.code).toBe('invalid');
      expect(error.message).toContain(name);
    },
  );

  it.each(['abc', 'NaN', '1e999', '2024-02-30 10:00:00', '2024-05-01T24:00:00Z', '-5'])(
    'refuses timestamp=%s, naming the parameter',
    (timestamp) => {
      expect(errorOf(request(gpsQuery({ timestamp }))).message).toContain('timestamp');
    },
  );

  it.each([
    ['lat', '90.0001'],
    ['lat', '-91'],
    ['lon', '180.5'],
    ['lon', '-181'],
  ])('refuses out-of-range %s=%s', (name, value) => {
    const error = errorOf(request(gpsQuery({ [name]: value })));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain(name);
  });

  it('accepts coordinates on the edges of their ranges', () => {
    expect(fixOf(request(gpsQuery({ lat: '-90', lon: '180' })))).toMatchObject({
      lat: -90,
      lng: 180,
    });
  });

  it('refuses an out-of-range location=lat,lon', () => {
    expect(errorOf(request({ id: 'courier-7', location: '95,10' })).message).toContain('location');
  });

  it.each(['52.52', '52.52,13.4,7', 'north,east'])(
    'refuses a malformed location=%s',
    (location) => {
      expect(errorOf(request({ id: 'courier-7', location })).message).toContain('location');
    },
  );

  it.each([
    ['speed', '1000'],
    ['bearing', '361'],
    ['accuracy', '200000'],
    ['batt', '150'],
  ])('refuses an implausible %s=%s, naming the parameter', (name, value) => {
    expect(errorOf(request(gpsQuery({ [name]: value }))).message).toContain(name);
  });

  it('refuses a body that is neither a form nor a JSON object', () => {
    expect(errorOf(request(gpsQuery(), [1, 2, 3])).code).toBe('invalid');
  });

  it('refuses a text body that is broken JSON', () => {
    expect(errorOf(request({}, '{"location": ')).message).toContain('JSON');
  });
});

describe('parseOsmAndTimestamp', () => {
  it.each([
    ['1714558830', FIX_MS],
    ['1714558830123', FIX_MS + 123],
    ['2024-05-01T10:20:30Z', FIX_MS],
    ['2024-05-01t10:20:30z', FIX_MS],
    ['2024-05-01T10:20:30.1234567Z', FIX_MS + 123],
    ['2024-05-01T10:20Z', FIX_MS - 30_000],
    ['2024-05-01T15:50:30+05:30', FIX_MS],
    ['2024-05-01 10:20:30', FIX_MS],
    ['  2024-05-01 10:20:30  ', FIX_MS],
  ])('reads %s', (value, expectedMs) => {
    expect(parseOsmAndTimestamp(value)).toBe(expectedMs);
  });

  it.each([
    '',
    'yesterday',
    '2024-13-01 10:00:00',
    '2024-04-31 10:00:00',
    '2024-05-01 10:60:00',
    '2024-05-01T10:20:30+24:00',
    '1969-12-31T23:59:59Z',
    '99999999999999999999',
    '01/05/2024 10:20:30',
  ])('returns null for %j', (value) => {
    expect(parseOsmAndTimestamp(value)).toBeNull();
  });
});
