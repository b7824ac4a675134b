import { describe, expect, it } from 'vitest';
import { DomainError } from '@dispatch/shared';
import { stops } from '../db/schema';
import type { Actor, EventInput, SecurityLog } from '../events/event-log';
import { EVERY_HUB, createHubScope } from './hub-scope';

/** A security log that keeps what it is given. */
function recordingLog() {
  const recorded: { actor: Actor; event: EventInput }[] = [];
  const log: SecurityLog = { record: (actor, event) => recorded.push({ actor, event }) };
  return { log, recorded };
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof DomainError ? err.code : 'thrown';
  }
}

describe('createHubScope', () => {
  it('lets a user bound to a hub work on that hub and on what has no hub', () => {
    const { log, recorded } = recordingLog();
    const scope = createHubScope({ id: 7, hubId: 2 }, log, 'GET /x');
    expect(scope.has(2)).toBe(true);
    expect(scope.has(null)).toBe(true);
    expect(codeOf(() => scope.assert(2, { type: 'stop', id: 1 }))).toBeNull();
    expect(codeOf(() => scope.assert(null, { type: 'stop', id: 1 }))).toBeNull();
    expect(recorded).toEqual([]);
  });

  it('refuses another hub as not found and records who asked, for what', () => {
    const { log, recorded } = recordingLog();
    const scope = createHubScope({ id: 7, hubId: 2 }, log, 'POST /api/v1/stops/reassign');
    expect(scope.has(3)).toBe(false);
    expect(() => scope.assert(3, { type: 'stop', id: 41 })).toThrow('stop 41 does not exist');
    expect(recorded).toEqual([
      {
        actor: { type: 'user', id: 7 },
        event: {
          kind: 'scope.cross_hub_refused',
          subjectType: 'stop',
          subjectId: 41,
          hubId: 3,
          data: { userHubId: 2, where: 'POST /api/v1/stops/reassign' },
        },
      },
    ]);
  });

  it("resolves a request's hub: the one named when in scope, else the user's own", () => {
    const { log } = recordingLog();
    const bound = createHubScope({ id: 7, hubId: 2 }, log, 'x');
    expect(bound.resolve(undefined)).toBe(2);
    expect(bound.resolve(2)).toBe(2);
    expect(codeOf(() => bound.resolve(3))).toBe('not_found');
    const unbound = createHubScope({ id: 8, hubId: null }, log, 'x');
    expect(unbound.resolve(undefined)).toBeUndefined();
    expect(unbound.resolve(3)).toBe(3);
  });

  it('filters lists only for a user bound to a hub', () => {
    const { log } = recordingLog();
    expect(createHubScope({ id: 8, hubId: null }, log, 'x').condition(stops.hubId)).toBeUndefined();
    expect(EVERY_HUB.condition(stops.hubId)).toBeUndefined();
    expect(createHubScope({ id: 7, hubId: 2 }, log, 'x').condition(stops.hubId)).toBeDefined();
  });
});
