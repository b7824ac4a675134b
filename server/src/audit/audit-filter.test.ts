import { describe, expect, it } from 'vitest';
import { DomainError, SECURITY_EVENT_KINDS } from '@dispatch/shared';
import { auditConditions, parseKinds } from './audit-filter';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : 'not a DomainError';
  }
  return 'accepted';
};

describe('parseKinds', () => {
  it('splits a kind list into exact kinds and prefixes, once each', () => {
    expect(parseKinds('stop.,auth.login_failed,stop.,route.changed')).toEqual({
      exact: ['auth.login_failed', 'route.changed'],
      prefixes: ['stop.'],
    });
  });
});

describe('auditConditions', () => {
  it('has no conditions for an unfiltered viewer of every hub', () => {
    expect(auditConditions({}, null)).toEqual({ conditions: [], params: [] });
  });

  it('matches exact kinds as one array and prefixes with starts_with', () => {
    expect(auditConditions({ kind: 'stop.,auth.login_failed,route.changed' }, null)).toEqual({
      conditions: ['(e.kind = any($1::text[]) or starts_with(e.kind, $2))'],
      params: ['{auth.login_failed,route.changed}', 'stop.'],
    });
    expect(auditConditions({ kind: 'alert.' }, null)).toEqual({
      conditions: ['starts_with(e.kind, $1)'],
      params: ['alert.'],
    });
  });

  it('keeps security-only to the security kinds', () => {
    expect(auditConditions({ securityOnly: true }, null)).toEqual({
      conditions: ['e.kind = any($1::text[])'],
      params: [`{${SECURITY_EVENT_KINDS.join(',')}}`],
    });
    expect(auditConditions({ securityOnly: false }, null).conditions).toEqual([]);
  });

  it('filters by actor and subject, type and id', () => {
    expect(
      auditConditions({ actorType: 'user', actorId: 4, subjectType: 'stop', subjectId: 17 }, null),
    ).toEqual({
      conditions: [
        'e.actor_type = $1',
        'e.actor_id = $2',
        'e.subject_type = $3',
        'e.subject_id = $4',
      ],
      params: ['user', 4, 'stop', 17],
    });
  });

  it('refuses an actor or subject id without its type', () => {
    expect(refusal(() => auditConditions({ actorId: 4 }, null))).toBe('invalid');
    expect(refusal(() => auditConditions({ subjectId: 4 }, null))).toBe('invalid');
  });

  it('filters on the resolved hub asked for by a viewer of every hub', () => {
    expect(auditConditions({ hubId: 3 }, null)).toEqual({
      conditions: ['r.hub_id = $1'],
      params: [3],
    });
  });

  it('keeps a viewer bound to a hub to that hub, asked or not', () => {
    expect(auditConditions({}, 2)).toEqual({ conditions: ['r.hub_id = $1'], params: [2] });
    expect(auditConditions({ hubId: 2 }, 2)).toEqual({
      conditions: ['r.hub_id = $1'],
      params: [2],
    });
  });

  it('answers a viewer bound to a hub asking for another hub as if it did not exist', () => {
    expect(refusal(() => auditConditions({ hubId: 1 }, 2))).toBe('not_found');
  });

  it('bounds the time from (inclusive) to (exclusive) and pages before an id', () => {
    const from = Date.UTC(2026, 0, 5, 8);
    const to = Date.UTC(2026, 0, 5, 9);
    expect(auditConditions({ from, to, before: 900 }, null)).toEqual({
      conditions: ['e.at >= $1', 'e.at < $2', 'e.id < $3'],
      params: ['2026-01-05T08:00:00.000Z', '2026-01-05T09:00:00.000Z', 900],
    });
  });

  it('refuses an empty or reversed time range', () => {
    expect(refusal(() => auditConditions({ from: 5000, to: 5000 }, null))).toBe('invalid');
    expect(refusal(() => auditConditions({ from: 5000, to: 4000 }, null))).toBe('invalid');
  });

  it('numbers the parameters in the order of the conditions', () => {
    const { conditions, params } = auditConditions(
      { kind: 'stop.', securityOnly: true, actorType: 'courier', hubId: 7, before: 12 },
      null,
    );
    expect(conditions).toEqual([
      'starts_with(e.kind, $1)',
      'e.kind = any($2::text[])',
      'e.actor_type = $3',
      'r.hub_id = $4',
      'e.id < $5',
    ]);
    expect(params).toHaveLength(5);
  });
});
