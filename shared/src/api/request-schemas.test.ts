import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { compileValidator } from '../schemas';
import { AlertListQuerySchema } from './alerts';
import { LoginRequestSchema, UserCreateSchema } from './auth';
import { CourierCreateSchema, CourierPatchSchema } from './couriers';
import {
  ReassignRequestSchema,
  ResequenceRequestSchema,
  SuggestionListQuerySchema,
} from './dispatch';
import { HubCreateSchema, HubPatchSchema } from './hubs';
import { TrailQuerySchema } from './map';
import { PlanRequestSchema } from './planning';
import {
  MAX_STOPS_PER_IMPORT,
  StopImportSchema,
  StopInputSchema,
  StopListQuerySchema,
} from './stops';

/** The first problem the validator names for `value`, or null when it is accepted. */
function firstProblem(schema: TSchema, value: unknown): string | null {
  const parsed = compileValidator(schema, 'body').parse(value);
  return parsed.ok ? null : (parsed.error.details?.[0]?.path ?? '/');
}

const stopInput = (overrides: Record<string, unknown> = {}) => ({
  orderRef: 'ORD-301',
  kind: 'delivery',
  address: 'Rua das Flores 12',
  lat: -20.45,
  lng: -54.6,
  windowStart: '2026-11-26T14:00:00Z',
  windowEnd: Date.UTC(2026, 10, 26, 16),
  serviceSeconds: 120,
  demand: 1,
  slaTier: 'express',
  hubId: 1,
  ...overrides,
});

/** Each strict request body: a realistic one, then bodies the server must refuse. */
const cases: {
  name: string;
  schema: TSchema;
  valid: unknown;
  refused: [why: string, body: unknown, path: string][];
}[] = [
  {
    name: 'login',
    schema: LoginRequestSchema,
    valid: { email: 'ana@example.com', password: 'correct horse' },
    refused: [
      ['an unknown field', { email: 'ana@example.com', password: 'x', remember: true }, '/'],
      ['an empty password', { email: 'ana@example.com', password: '' }, '/password'],
      ['an email too short', { email: 'a@', password: 'x' }, '/email'],
    ],
  },
  {
    name: 'user creation',
    schema: UserCreateSchema,
    valid: { email: 'ana@example.com', name: 'Ana', role: 'dispatcher', password: '12345678' },
    refused: [
      [
        'an unknown role',
        { email: 'a@b.co', name: 'A', role: 'root', password: '12345678' },
        '/role',
      ],
      [
        "an empty password (the length rule is the password policy's)",
        { email: 'a@b.co', name: 'A', role: 'admin', password: '' },
        '/password',
      ],
      [
        'a malformed email',
        { email: 'ana', name: 'A', role: 'admin', password: '12345678' },
        '/email',
      ],
      [
        'an unknown field',
        { email: 'a@b.co', name: 'A', role: 'admin', password: '12345678', admin: true },
        '/',
      ],
    ],
  },
  {
    name: 'hub creation',
    schema: HubCreateSchema,
    valid: { name: 'Centro', lat: -20.47, lng: -54.62, timezone: 'America/Campo_Grande' },
    refused: [
      ['a latitude above 90', { name: 'Centro', lat: 91, lng: 0 }, '/lat'],
      [
        'an on-time target above 1',
        { name: 'Centro', lat: 0, lng: 0, onTimeTarget: 95 },
        '/onTimeTarget',
      ],
      ['an unknown field', { name: 'Centro', lat: 0, lng: 0, autoDispatch: true }, '/'],
    ],
  },
  {
    name: 'hub change',
    schema: HubPatchSchema,
    valid: { autoDispatch: true },
    refused: [
      ['an empty change', {}, '/'],
      ['an on-time target below 0', { onTimeTarget: -0.1 }, '/onTimeTarget'],
      ['a name (not changeable here)', { name: 'Norte' }, '/'],
    ],
  },
  {
    name: 'courier creation',
    schema: CourierCreateSchema,
    valid: {
      name: 'Bruno',
      vehicle: 'bike',
      hubId: 1,
      externalDeviceId: 'tracker-0042',
      capacity: 12,
      shiftStartMinute: 480,
      shiftEndMinute: 1200,
    },
    refused: [
      ['a missing vehicle', { name: 'Bruno' }, '/'],
      ['an unknown vehicle', { name: 'Bruno', vehicle: 'truck' }, '/vehicle'],
      [
        'a shift past the end of the day',
        { name: 'B', vehicle: 'van', shiftEndMinute: 1441 },
        '/shiftEndMinute',
      ],
      ['a negative capacity', { name: 'B', vehicle: 'van', capacity: -1 }, '/capacity'],
      ['an unknown field', { name: 'B', vehicle: 'van', deviceToken: 'abc' }, '/'],
    ],
  },
  {
    name: 'courier change',
    schema: CourierPatchSchema,
    valid: { active: false, hubId: null },
    refused: [
      ['an empty change', {}, '/'],
      ['an empty name', { name: '' }, '/name'],
      ['an unknown field', { status: 'idle' }, '/'],
    ],
  },
  {
    name: 'reassignment',
    schema: ReassignRequestSchema,
    valid: {
      stopIds: [301, 302],
      toCourierId: 14,
      position: 2,
      routeVersions: { '12': 3, '14': 8 },
    },
    refused: [
      ['no stops', { stopIds: [], toCourierId: 14, routeVersions: {} }, '/stopIds'],
      [
        'position 0 (positions are 1-based)',
        { stopIds: [1], toCourierId: 14, position: 0, routeVersions: {} },
        '/position',
      ],
      [
        'a negative route version',
        { stopIds: [1], toCourierId: 14, routeVersions: { '14': -1 } },
        '/routeVersions/14',
      ],
      ['an unknown field', { stopIds: [1], toCourierId: 14, routeVersions: {}, force: true }, '/'],
    ],
  },
  {
    name: 'resequencing',
    schema: ResequenceRequestSchema,
    valid: { routeVersion: 3 },
    refused: [
      ['a negative route version', { routeVersion: -1 }, '/routeVersion'],
      ['an unknown field', { routeVersion: 3, stopIds: [1] }, '/'],
    ],
  },
  {
    name: 'planning',
    schema: PlanRequestSchema,
    valid: { timeLimitMs: 2000, maxStopsPerCourier: 20, placeLateStops: true },
    refused: [
      ['a time limit over 30 s', { timeLimitMs: 30_001 }, '/timeLimitMs'],
      ['zero stops per courier', { maxStopsPerCourier: 0 }, '/maxStopsPerCourier'],
      ['an unknown field', { hubId: 1 }, '/'],
    ],
  },
  {
    name: 'stop import item',
    schema: StopInputSchema,
    valid: stopInput(),
    refused: [
      ['a window given as words', stopInput({ windowStart: 'this afternoon' }), '/windowStart'],
      ['a longitude below -180', stopInput({ lng: -181 }), '/lng'],
      ['service over four hours', stopInput({ serviceSeconds: 4 * 3600 + 1 }), '/serviceSeconds'],
      ['an unknown SLA tier', stopInput({ slaTier: 'asap' }), '/slaTier'],
      ['an unknown field', stopInput({ status: 'delivered' }), '/'],
    ],
  },
  {
    name: 'stop import',
    schema: StopImportSchema,
    valid: { stops: [stopInput(), stopInput({ orderRef: 'ORD-302', kind: 'pickup' })] },
    refused: [
      ['no stops', { stops: [] }, '/stops'],
      ['a bad stop', { stops: [stopInput({ lat: 200 })] }, '/stops/0/lat'],
      ['an unknown field', { stops: [stopInput()], dryRun: true }, '/'],
    ],
  },
];

describe.each(cases)('the $name body', ({ schema, valid, refused }) => {
  it('accepts a realistic body', () => {
    expect(firstProblem(schema, valid)).toBeNull();
  });

  it.each(refused)('refuses %s', (_why, body, path) => {
    expect(firstProblem(schema, body)).toBe(path);
  });
});

describe('the stop import', () => {
  it(`takes at most ${MAX_STOPS_PER_IMPORT} stops`, () => {
    const stops = Array.from({ length: MAX_STOPS_PER_IMPORT + 1 }, (_, i) =>
      stopInput({ orderRef: `ORD-${i}` }),
    );
    expect(firstProblem(StopImportSchema, { stops })).toBe('/stops');
    expect(firstProblem(StopImportSchema, { stops: stops.slice(1) })).toBeNull();
  });

  it('leaves the kind out when the import does not say (the server defaults it)', () => {
    const { kind: _kind, ...withoutKind } = stopInput();
    expect(firstProblem(StopInputSchema, withoutKind)).toBeNull();
  });
});

describe('querystrings', () => {
  it.each([
    ['alerts', AlertListQuerySchema, { status: 'open', limit: 200 }],
    ['stops', StopListQuerySchema, { limit: 500, offset: 0 }],
    ['suggestions', SuggestionListQuerySchema, { status: 'open' }],
    ['a trail', TrailQuerySchema, { minutes: 30 }],
  ] as const)('of %s have the defaults the routes rely on', (_name, schema, defaults) => {
    expect(Value.Default(schema, {})).toEqual(defaults);
  });

  it('refuses a stop page larger than 5000', () => {
    expect(firstProblem(StopListQuerySchema, { limit: 5001, offset: 0 })).toBe('/limit');
  });

  it('refuses an unknown alert status', () => {
    expect(firstProblem(AlertListQuerySchema, { status: 'acknowledged', limit: 10 })).toBe(
      '/status',
    );
  });
});
