import { describe, expect, it } from 'vitest';
import { DomainError, STOP_STATUSES, type StopStatus } from '@dispatch/shared';
import { checkTransition, transition, type LifecycleActor } from './stop-lifecycle';

/** The whole table, written out: `from → to: who may`. Every pair not listed is illegal. */
const LEGAL: [StopStatus, StopStatus, LifecycleActor[]][] = [
  ['unassigned', 'assigned', ['dispatcher', 'system']],
  ['unassigned', 'cancelled', ['dispatcher', 'system']],
  ['unassigned', 'returned', ['customer']],
  ['assigned', 'unassigned', ['dispatcher', 'system', 'customer']],
  ['assigned', 'returning', ['customer']],
  ['assigned', 'returned', ['customer']],
  ['assigned', 'en_route', ['courier']],
  ['assigned', 'arrived', ['courier']],
  ['assigned', 'delivered', ['courier']],
  ['assigned', 'failed', ['courier']],
  ['assigned', 'cancelled', ['dispatcher', 'system']],
  ['en_route', 'arrived', ['courier']],
  ['en_route', 'delivered', ['courier']],
  ['en_route', 'failed', ['courier']],
  ['en_route', 'cancelled', ['dispatcher']],
  ['en_route', 'returning', ['customer']],
  ['arrived', 'delivered', ['courier']],
  ['arrived', 'failed', ['courier']],
  ['arrived', 'cancelled', ['dispatcher']],
  ['failed', 'assigned', ['dispatcher', 'system']],
  ['failed', 'unassigned', ['system', 'customer']],
  ['failed', 'returning', ['courier', 'dispatcher', 'system', 'customer']],
  ['returning', 'returned', ['courier', 'dispatcher']],
  ['delivered', 'returned', ['system']],
];
const ACTORS: LifecycleActor[] = ['courier', 'dispatcher', 'system', 'customer'];

const allowedFor = (from: StopStatus, to: StopStatus) =>
  LEGAL.find(([f, t]) => f === from && t === to)?.[2];

const pairs = STOP_STATUSES.flatMap((from) => STOP_STATUSES.map((to) => [from, to] as const));

describe('the stop lifecycle', () => {
  it.each(pairs.filter(([f, t]) => allowedFor(f, t)))(
    '%s → %s is allowed for exactly the actors the table names',
    (from, to) => {
      for (const actor of ACTORS) {
        const expected = allowedFor(from, to)!.includes(actor) ? 'ok' : 'not_allowed';
        expect(checkTransition(from, to, actor)).toBe(expected);
      }
    },
  );

  it.each(pairs.filter(([f, t]) => !allowedFor(f, t)))(
    '%s → %s is illegal for anyone',
    (from, to) => {
      for (const actor of ACTORS) expect(checkTransition(from, to, actor)).toBe('illegal');
    },
  );

  it('returns the new status for a legal change', () => {
    expect(transition('arrived', 'delivered', 'courier')).toBe('delivered');
  });

  it('refuses an illegal change as a conflict naming the current status', () => {
    const err = catchError(() => transition('delivered', 'delivered', 'courier'));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({
      code: 'conflict',
      details: [{ path: 'status', message: 'delivered' }],
    });
    expect(err.message).toContain('delivered');
  });

  it('refuses a legal change by the wrong actor as forbidden, naming the current status', () => {
    expect(catchError(() => transition('arrived', 'cancelled', 'courier'))).toMatchObject({
      code: 'forbidden',
      details: [{ path: 'status', message: 'arrived' }],
    });
  });

  it('lets a cancelled stop change no further', () => {
    for (const to of STOP_STATUSES)
      expect(checkTransition('cancelled', to, 'dispatcher')).toBe('illegal');
  });
});

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected an error');
}
