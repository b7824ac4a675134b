import { describe, expect, it } from 'vitest';
import { mentionedCourierIds, toAuditEvent, type AuditRow } from './audit-rows';

const row = (over: Partial<AuditRow> = {}): AuditRow => ({
  id: 1,
  at: 1_700_000_000_000,
  kind: 'stop.reassigned',
  actor_type: 'user',
  actor_id: 3,
  actor_name: 'Ana',
  subject_type: 'stop',
  subject_id: 42,
  data: { from: 5, to: 6 },
  hub_id: 2,
  hub_name: 'North',
  stop_ref: 'R-1042',
  stop_address: '12 Main St',
  courier_name: null,
  user_name: null,
  user_email: null,
  subject_hub_name: null,
  alert_kind: null,
  alert_about: null,
  suggestion_text: null,
  shop_name: null,
  key_name: null,
  key_shop_name: null,
  ...over,
});

describe('toAuditEvent', () => {
  it('names the actor and labels a stop by its reference and address', () => {
    expect(toAuditEvent(row())).toEqual({
      id: 1,
      at: 1_700_000_000_000,
      kind: 'stop.reassigned',
      actor: { type: 'user', id: 3, name: 'Ana' },
      subject: { type: 'stop', id: 42, label: 'R-1042', detail: '12 Main St' },
      hubId: 2,
      hubName: 'North',
      data: { from: 5, to: 6 },
    });
  });

  it('labels a stop without a reference by its id, and a stop that is gone not at all', () => {
    expect(toAuditEvent(row({ stop_ref: null })).subject.label).toBe('#42');
    expect(toAuditEvent(row({ stop_ref: null, stop_address: null })).subject).toEqual({
      type: 'stop',
      id: 42,
      label: null,
      detail: null,
    });
  });

  it('names actors without a record of their own by their type', () => {
    for (const type of ['system', 'customer', 'anonymous'])
      expect(
        toAuditEvent(row({ actor_type: type, actor_id: null, actor_name: null })).actor,
      ).toEqual({ type, id: null, name: type });
  });

  it('labels users by name and email, API keys by name and shop', () => {
    expect(
      toAuditEvent(
        row({ subject_type: 'user', subject_id: 9, user_name: 'Bia', user_email: 'b@x.io' }),
      ).subject,
    ).toEqual({ type: 'user', id: 9, label: 'Bia', detail: 'b@x.io' });
    expect(
      toAuditEvent(
        row({
          subject_type: 'api_key',
          subject_id: 4,
          key_name: 'Checkout',
          key_shop_name: 'Loja',
        }),
      ).subject,
    ).toEqual({ type: 'api_key', id: 4, label: 'Checkout', detail: 'Loja' });
  });

  it('answers empty data for a row stored without any', () => {
    expect(toAuditEvent(row({ data: null })).data).toEqual({});
  });
});

describe('mentionedCourierIds', () => {
  it("collects the couriers a stop's or route's data names, once each, in order", () => {
    const events = [
      row({ data: { from: 6, to: 5 } }),
      row({ kind: 'stop.cancelled', data: { from: 'assigned', courierId: 8 } }),
      row({ kind: 'route.changed', data: { version: 3 } }),
      row({ kind: 'alert.opened', data: { courierId: 99 } }),
    ].map(toAuditEvent);
    expect(mentionedCourierIds(events)).toEqual([5, 6, 8]);
  });
});
