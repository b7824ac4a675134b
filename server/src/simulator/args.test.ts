import { describe, expect, it } from 'vitest';
import { parseSimArgs } from './args';

const LOGIN = { SIM_EMAIL: 'sim@example.com', SIM_PASSWORD: 'secret' };

describe('parseSimArgs', () => {
  it('has defaults that work on a laptop', () => {
    expect(parseSimArgs([], LOGIN)).toEqual({
      serverUrl: 'http://127.0.0.1:3000',
      email: 'sim@example.com',
      password: 'secret',
      couriers: null,
      osmPath: null,
      seed: 1,
      speedup: 1,
      pingIntervalMs: 1000,
      batchMs: 2000,
      incidentRates: { stop: 0.05, crawl: 0.03, phone_in_vehicle: 0.02, offline: 0.04 },
      lunch: false,
      incidentLogPath: '.data/sim-incidents.jsonl',
      durationS: null,
    });
  });

  it('reads every flag', () => {
    const options = parseSimArgs(
      [
        '--server',
        'http://10.0.0.5:8080/',
        '--email',
        'a@b.c',
        '--password',
        'pw',
        '--couriers',
        '50',
        '--osm',
        'city.osm.gz',
        '--seed',
        '7',
        '--speedup',
        '4',
        '--ping-interval-ms',
        '500',
        '--batch-ms',
        '1000',
        '--stop-rate',
        '0',
        '--crawl-rate',
        '0.3',
        '--phone-left-rate',
        '0.2',
        '--offline-rate',
        '1.5',
        '--lunch',
        '--incident-log',
        '/tmp/i.jsonl',
        '--duration-s',
        '60',
      ],
      {},
    );
    expect(options).toMatchObject({
      serverUrl: 'http://10.0.0.5:8080',
      email: 'a@b.c',
      couriers: 50,
      osmPath: 'city.osm.gz',
      seed: 7,
      speedup: 4,
      pingIntervalMs: 500,
      batchMs: 1000,
      incidentRates: { stop: 0, crawl: 0.3, phone_in_vehicle: 0.2, offline: 1.5 },
      lunch: true,
      incidentLogPath: '/tmp/i.jsonl',
      durationS: 60,
    });
  });

  it('refuses a missing login, bad numbers and unknown flags with a readable message', () => {
    expect(() => parseSimArgs([], {})).toThrow(/SIM_EMAIL/);
    expect(() => parseSimArgs(['--couriers', '0'], LOGIN)).toThrow(
      /--couriers must be an integer >= 1/,
    );
    expect(() => parseSimArgs(['--speedup', 'fast'], LOGIN)).toThrow(
      /--speedup fast is not a number/,
    );
    expect(() => parseSimArgs(['--stop-rate=-1'], LOGIN)).toThrow(/--stop-rate must be >= 0/);
    expect(() => parseSimArgs(['--stall-rate', '1'], LOGIN)).toThrow(/stall-rate/);
    expect(() => parseSimArgs(['--nope'], LOGIN)).toThrow();
  });

  it('answers help', () => {
    expect(parseSimArgs(['--help'], {})).toBe('help');
  });
});
