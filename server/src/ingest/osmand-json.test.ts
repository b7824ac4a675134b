import { describe, expect, it } from 'vitest';
import {
  FIX_MS,
  NOW_MS,
  errorOf,
  fixOf,
  request,
  traccarJson,
} from '../../../test/factories/osmand-requests';

describe('parseOsmAnd: JSON body', () => {
  it('decodes a Traccar Client JSON body, speed already in m/s', () => {
    expect(fixOf(request({}, traccarJson()))).toEqual({
      deviceId: 'courier-7',
      t: FIX_MS + 250,
      lat: 52.52,
      lng: 13.405,
      acc: 8,
      spd: 4.2,
      hdg: 270,
      bat: 0.55,
      altitudeMeters: 34.5,
    });
  });

  it('omits speed, heading and battery sent as -1 (unknown)', () => {
    const body = traccarJson({ speed: -1, heading: -1 }, { battery: { level: -1 } });
    const fix = fixOf(request({}, body));
    expect(fix).toEqual({
      deviceId: 'courier-7',
      t: FIX_MS + 250,
      lat: 52.52,
      lng: 13.405,
      acc: 8,
      altitudeMeters: 34.5,
    });
  });

  it('takes the device id from the query id when the body has none', () => {
    const { device_id: _omitted, ...body } = traccarJson();
    expect(fixOf(request({ id: 'from-query' }, body)).deviceId).toBe('from-query');
  });

  it('prefers the body device_id over the query id', () => {
    expect(fixOf(request({ id: 'from-query' }, traccarJson())).deviceId).toBe('courier-7');
  });

  it('reads a numeric timestamp in seconds or milliseconds', () => {
    expect(fixOf(request({}, traccarJson({}, { timestamp: 1714558830 }))).t).toBe(FIX_MS);
    expect(fixOf(request({}, traccarJson({}, { timestamp: 1714558830123 }))).t).toBe(FIX_MS + 123);
  });

  it('takes the server time when the location has no timestamp', () => {
    expect(fixOf(request({}, traccarJson({}, { timestamp: undefined }))).t).toBe(NOW_MS);
  });

  it('decodes a JSON body that arrived as plain text', () => {
    const fix = fixOf(request({}, JSON.stringify(traccarJson())));
    expect(fix).toMatchObject({ deviceId: 'courier-7', lat: 52.52, lng: 13.405, spd: 4.2 });
  });

  it('refuses a body without coords as having no position', () => {
    const body = { location: { timestamp: '2024-05-01T10:20:30Z' }, device_id: 'courier-7' };
    const error = errorOf(request({}, body));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('no position');
  });

  it('refuses a non-numeric latitude, naming it', () => {
    const error = errorOf(request({}, traccarJson({ latitude: 'north' })));
    expect(error).toMatchObject({ code: 'invalid' });
    expect(error.message).toContain('location.coords.latitude');
  });

  it('refuses an out-of-range longitude', () => {
    const error = errorOf(request({}, traccarJson({ longitude: 200 })));
    expect(error.message).toContain('longitude');
  });

  it('refuses a JSON body without any device id', () => {
    const { device_id: _omitted, ...body } = traccarJson();
    expect(errorOf(request({}, body)).message).toContain('no device id');
  });

  it('refuses a batch of locations rather than dropping all but one', () => {
    const body = { location: [traccarJson().location], device_id: 'courier-7' };
    expect(errorOf(request({}, body)).message).toContain('batched');
  });

  it('refuses an unreadable timestamp, naming it', () => {
    const error = errorOf(request({}, traccarJson({}, { timestamp: 'soon' })));
    expect(error.message).toContain('location.timestamp');
  });
});
