import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import type { AuditEvent, AuditPage, AuditQuery } from '@dispatch/shared';
import { AUDIT_PAGE_SIZE, AuditLog } from './audit-log.svelte';

const event = (id: number): AuditEvent => ({
  id,
  at: id * 1000,
  kind: 'stop.created',
  actor: { type: 'system', id: null, name: 'system' },
  subject: { type: 'stop', id, label: `R-${id}`, detail: null },
  hubId: null,
  hubName: null,
  data: {},
});

/** A log of `count` events, ids 1…count, answered newest first a page at a time. */
function fakeApi(count: number) {
  const queries: AuditQuery[] = [];
  return {
    queries,
    api: {
      async page(query: AuditQuery): Promise<AuditPage> {
        queries.push(query);
        const below = Array.from({ length: count }, (_, i) => count - i).filter(
          (id) => query.before === undefined || id < query.before,
        );
        const ids = below.slice(0, query.limit ?? 100);
        return {
          events: ids.map(event),
          couriers: {},
          nextBefore: below.length > ids.length ? ids[ids.length - 1]! : null,
        };
      },
    },
  };
}

const ids = (log: AuditLog) => log.events.map((e) => e.id);

describe('AuditLog', () => {
  it('pages older and back newer through the events', async () => {
    const { api } = fakeApi(AUDIT_PAGE_SIZE * 2 + 5);
    const log = new AuditLog(api, () => 'UTC');
    await log.load();
    expect(ids(log)[0]).toBe(AUDIT_PAGE_SIZE * 2 + 5);
    expect(log.hasNewer).toBe(false);
    expect(log.hasOlder).toBe(true);
    await log.older();
    await log.older();
    expect(ids(log)).toEqual([5, 4, 3, 2, 1]);
    expect(log.hasOlder).toBe(false);
    await log.newer();
    expect(ids(log)[0]).toBe(AUDIT_PAGE_SIZE + 5);
    await log.newer();
    expect(ids(log)[0]).toBe(AUDIT_PAGE_SIZE * 2 + 5);
    expect(log.hasNewer).toBe(false);
  });

  it('goes back to the newest page when a filter changes', async () => {
    const { api, queries } = fakeApi(AUDIT_PAGE_SIZE * 2);
    const log = new AuditLog(api, () => 'UTC');
    await log.load();
    await log.older();
    await log.apply({ group: 'alerts', securityOnly: true });
    expect(queries.at(-1)).toEqual({
      kind: 'alert.',
      securityOnly: true,
      limit: AUDIT_PAGE_SIZE,
    });
    expect(log.hasNewer).toBe(false);
  });

  it('keeps the page shown and says why when a read fails', async () => {
    const { api } = fakeApi(3);
    let fail = false;
    const log = new AuditLog(
      {
        page: (query) => (fail ? Promise.reject(new ApiError('forbidden', 'no')) : api.page(query)),
      },
      () => 'UTC',
    );
    await log.load();
    fail = true;
    await log.load();
    expect(ids(log)).toEqual([3, 2, 1]);
    expect(log.failure?.((key) => key)).toBe('no');
    expect(log.loading).toBe(false);
  });
});
