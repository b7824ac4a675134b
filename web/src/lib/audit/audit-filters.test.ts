import { describe, expect, it } from 'vitest';
import { auditQuery, auditQueryString, NO_FILTER } from './audit-filters';

describe('auditQuery', () => {
  it('asks for everything when nothing is chosen', () => {
    expect(auditQuery(NO_FILTER, 'UTC')).toEqual({});
  });

  it('turns a kind group into its kinds and prefixes', () => {
    expect(auditQuery({ ...NO_FILTER, group: 'stops' }, 'UTC').kind).toBe('stop.,notification.');
    expect(auditQuery({ ...NO_FILTER, group: 'security' }, 'UTC').kind).toBe('auth.,user.,scope.');
  });

  it('sends an actor or subject number only with its type', () => {
    expect(auditQuery({ ...NO_FILTER, actorId: 4, subjectId: 9 }, 'UTC')).toEqual({});
    expect(
      auditQuery(
        { ...NO_FILTER, actorType: 'user', actorId: 4, subjectType: 'stop', subjectId: 9 },
        'UTC',
      ),
    ).toEqual({ actorType: 'user', actorId: 4, subjectType: 'stop', subjectId: 9 });
  });

  it("reads the days in the hub's zone, the last one to its end", () => {
    expect(
      auditQuery({ ...NO_FILTER, fromDay: '2026-03-02', toDay: '2026-03-03' }, 'America/Sao_Paulo'),
    ).toEqual({
      from: Date.parse('2026-03-02T03:00:00Z'),
      to: Date.parse('2026-03-04T03:00:00Z'),
    });
  });

  it('asks for security events only when the box is ticked', () => {
    expect(auditQuery({ ...NO_FILTER, securityOnly: true, hubId: 2 }, 'UTC')).toEqual({
      securityOnly: true,
      hubId: 2,
    });
  });
});

describe('auditQueryString', () => {
  it('writes the set fields as URL parameters', () => {
    expect(auditQueryString({ kind: 'stop.,auth.', limit: 50, before: 12 })).toBe(
      '?kind=stop.%2Cauth.&limit=50&before=12',
    );
  });
});
