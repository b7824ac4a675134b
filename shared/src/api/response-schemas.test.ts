import type { TSchema } from 'typebox';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { compileValidator } from '../schemas';
import { AlertListSchema, AlertReplySchema, AlertViewSchema } from './alerts';
import { ConsoleUserReplySchema, ConsoleUserSchema } from './auth';
import { ErrorBodySchema, IdParamsSchema, NoContentSchema } from './common';
import { CourierListSchema, CourierSchema, CourierTokenSchema } from './couriers';
import {
  ReassignReplySchema,
  ReassignResultSchema,
  ResequenceOutcomeSchema,
  SuggestionListSchema,
  SuggestionReplySchema,
  SuggestionViewSchema,
} from './dispatch';
import {
  exampleAlert,
  exampleConsoleConfig,
  exampleCourier,
  exampleHub,
  exampleKpi,
  examplePlanOutcome,
  exampleReassignResult,
  exampleRoute,
  exampleStop,
  exampleSuggestion,
  exampleTrail,
  exampleUser,
} from '../../../test/factories/api-fixtures';
import { HubListSchema, HubSchema } from './hubs';
import { KpiSnapshotSchema } from './kpi';
import { ConsoleConfigSchema, CourierTrailSchema } from './map';
import { HealthSchema, NotReadySchema, ReadySchema } from './ops';
import { PlanOutcomeSchema } from './planning';
import { PingBatchAckSchema } from './pings';
import {
  RoutePayloadSchema,
  StopChangeSchema,
  StopImportResultSchema,
  StopListSchema,
  StopSchema,
} from './stops';

const accepts = (schema: TSchema, value: unknown) => compileValidator(schema, 'body').check(value);

describe('response bodies', () => {
  it.each([
    ['a console user', ConsoleUserSchema, exampleUser()],
    [
      'a console user without a hub',
      ConsoleUserSchema,
      exampleUser({ role: 'admin', hubId: null }),
    ],
    ['the signed-in user', ConsoleUserReplySchema, { user: exampleUser() }],
    ['a hub', HubSchema, exampleHub()],
    ['the hub list', HubListSchema, { hubs: [exampleHub(), exampleHub({ id: 2, name: 'Norte' })] }],
    ['a courier with its live state', CourierSchema, exampleCourier()],
    [
      'a courier never seen',
      CourierSchema,
      exampleCourier({ status: 'offline', lastFix: null, cell: null, lastPingAt: null }),
    ],
    ['the courier list', CourierListSchema, { couriers: [exampleCourier()] }],
    ['a new device token', CourierTokenSchema, { id: 12, deviceToken: 'dt_3vN9q1' }],
    ['a stop', StopSchema, exampleStop()],
    [
      'an unassigned stop',
      StopSchema,
      exampleStop({
        status: 'unassigned',
        courierId: null,
        sequence: null,
        routeVersion: null,
        eta: null,
      }),
    ],
    ['the stop list', StopListSchema, { stops: [exampleStop()] }],
    ['an import result', StopImportResultSchema, { imported: 2, ids: [301, 302] }],
    [
      'a stop change',
      StopChangeSchema,
      { id: 301, status: 'en_route', courierId: 12, sequence: 1, eta: null, hubId: 2 },
    ],
    ["a courier's route", RoutePayloadSchema, exampleRoute()],
    ['an empty route', RoutePayloadSchema, exampleRoute({ stops: [] })],
    ['an alert', AlertViewSchema, exampleAlert()],
    ['the alert list', AlertListSchema, { alerts: [exampleAlert()] }],
    [
      'an acknowledged alert',
      AlertReplySchema,
      { alert: exampleAlert({ acknowledgedAt: 1, acknowledgedBy: 7 }) },
    ],
    ['a suggestion', SuggestionViewSchema, exampleSuggestion()],
    ['the suggestion list', SuggestionListSchema, { suggestions: [exampleSuggestion()] }],
    [
      'a rejected suggestion',
      SuggestionReplySchema,
      { suggestion: exampleSuggestion({ status: 'rejected' }) },
    ],
    ['a reassignment result', ReassignResultSchema, exampleReassignResult()],
    ['an accepted suggestion', ReassignReplySchema, { result: exampleReassignResult() }],
    [
      'a resequenced route',
      ResequenceOutcomeSchema,
      { result: exampleReassignResult(), stopIds: [302, 301], feasible: true, lateMinutes: 0 },
    ],
    ['a plan outcome', PlanOutcomeSchema, examplePlanOutcome()],
    ['the supervisor KPIs', KpiSnapshotSchema, exampleKpi()],
    ['the console configuration', ConsoleConfigSchema, exampleConsoleConfig()],
    ["a courier's trail", CourierTrailSchema, exampleTrail()],
    ['a stored ping batch', PingBatchAckSchema, { ok: true, upTo: 41, stored: 40, duplicates: 1 }],
    ['liveness', HealthSchema, { status: 'ok' }],
    ['readiness', ReadySchema, { status: 'ready', database: 'postgres', node: 'node-1' }],
    [
      'readiness in a cluster',
      ReadySchema,
      { status: 'ready', database: 'postgres', node: 'node-2', redis: 'ready' },
    ],
    ['unreadiness', NotReadySchema, { status: 'not_ready', reason: 'migrations pending' }],
    ['no content', NoContentSchema, null],
  ] as const)('accept %s', (_name, schema, example) => {
    expect(accepts(schema, example)).toBe(true);
  });

  it('refuse a courier status the domain does not know', () => {
    expect(accepts(CourierSchema, { ...exampleCourier(), status: 'driving' })).toBe(false);
  });

  it('refuse a stop without its window', () => {
    const { windowEnd: _windowEnd, ...stop } = exampleStop();
    expect(accepts(StopSchema, stop)).toBe(false);
  });
});

describe('the error body', () => {
  it('is registered under the id routes refer to', () => {
    expect(ErrorBodySchema).toMatchObject({ $id: 'ErrorBody' });
  });

  it('accepts what a domain error sends, with and without details', () => {
    const invalid = new DomainError('invalid', 'stop 3: lat out of range', [
      { path: '/stops/3/lat', message: 'must be <= 90' },
    ]);
    expect(accepts(ErrorBodySchema, invalid.toWire())).toBe(true);
    expect(accepts(ErrorBodySchema, new DomainError('conflict', 'route changed').toWire())).toBe(
      true,
    );
  });

  it('refuses a code clients cannot act on', () => {
    expect(accepts(ErrorBodySchema, { code: 'teapot', message: 'no' })).toBe(false);
  });
});

describe('id params', () => {
  it.each([
    [1, true],
    [2 ** 31 - 1, true],
    [0, false],
    [2 ** 31, false],
    [1.5, false],
  ])('id %d is accepted: %s', (id, ok) => {
    expect(accepts(IdParamsSchema, { id })).toBe(ok);
  });
});
