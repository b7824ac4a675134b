import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@dispatch/shared';
import { collapseRepeatedSignIns } from './repeated-sign-ins';

const failed = (id: number, email: string, ip = '10.0.0.5'): AuditEvent => ({
  id,
  at: id,
  kind: 'auth.login_failed',
  actor: { type: 'anonymous', id: null, name: 'anonymous' },
  subject: { type: 'user', id: null, label: null, detail: null },
  hubId: null,
  hubName: null,
  data: { email, ip },
});
const other = (id: number): AuditEvent => ({ ...failed(id, ''), kind: 'stop.created', data: {} });

describe('collapseRepeatedSignIns', () => {
  it('makes failed sign-ins in a row for one account from one address one line', () => {
    const lines = collapseRepeatedSignIns([
      failed(9, 'x@y'),
      failed(8, 'x@y'),
      failed(7, 'x@y'),
      failed(6, 'x@y', '10.0.0.6'),
      other(5),
      failed(4, 'x@y'),
    ]);
    expect(lines.map((l) => [l.id, l.data.count])).toEqual([
      [9, 3],
      [6, undefined],
      [5, undefined],
      [4, undefined],
    ]);
  });

  it('leaves other events as they are', () => {
    const events = [other(3), other(2), failed(1, 'a@b')];
    expect(collapseRepeatedSignIns(events)).toEqual(events);
  });
});
