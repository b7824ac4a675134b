import { describe, expect, it } from 'vitest';
import { MIN, NOW, onTheWay, trackingView, wordsIn } from './tracking-fixtures';
import { headline, timelineSteps } from './tracking-timeline';

const en = wordsIn('en');
const pt = wordsIn('pt-BR');
const steps = (view: Parameters<typeof timelineSteps>[0], words = en) =>
  timelineSteps(view, words).map((s) => [s.label, s.state, s.detail]);

describe('the headline', () => {
  it('puts the ETA window first while the courier is on the way', () => {
    expect(headline(onTheWay(), en)).toEqual({
      text: 'Arriving 14:20–14:40',
      detail: '2 stops before yours',
      tone: 'calm',
    });
    expect(headline(onTheWay(), pt).text).toBe('Chega entre 14:20 e 14:40');
    expect(headline(onTheWay(), pt).detail).toBe('2 paradas antes da sua');
  });

  it('promises the booked window, with its day, before there is an ETA', () => {
    const tomorrow = { start: NOW + 24 * 60 * MIN, end: NOW + 26 * 60 * MIN };
    expect(headline(trackingView(), en).text).toBe('Expected 14:00–18:00');
    expect(headline(trackingView({ window: tomorrow }), en).text).toBe(
      'Expected Thu 16 Jan, 14:00–16:00',
    );
  });

  it('says when the courier is next and when it is almost there', () => {
    expect(headline(onTheWay({ stopsBefore: 0 }), en).detail).toBe('You are the next stop');
    expect(headline(onTheWay({ stopsBefore: 1 }), en).detail).toBe('1 stop before yours');
    expect(headline(onTheWay({ phase: 'arriving', stopsBefore: 0 }), en).detail).toBe(
      'Rita is almost there',
    );
  });

  it('tells what happens after a failed attempt', () => {
    const failed = (next: 'retry_today' | 'choose_window' | 'returning') =>
      trackingView({ phase: 'failed', failure: { reasonCode: 'not_home', next } });
    expect(headline(failed('retry_today'), en)).toEqual({
      text: 'We could not deliver your parcel',
      detail: 'Nobody was home. We’ll try again today.',
      tone: 'problem',
    });
    expect(headline(failed('choose_window'), en).detail).toBe(
      'Nobody was home. Choose a new time below.',
    );
    expect(headline(failed('returning'), pt).detail).toBe(
      'Não havia ninguém em casa. Seu pacote está voltando para Campo Grande.',
    );
  });

  it('leaves out a reason the customer has no sentence for', () => {
    const view = trackingView({
      phase: 'failed',
      failure: { reasonCode: 'other', next: 'retry_today' },
    });
    expect(headline(view, en).detail).toBe('We’ll try again today.');
  });
});

describe('the timeline', () => {
  it('marks the order received and the rest to come before the courier sets off', () => {
    expect(steps(trackingView())).toEqual([
      ['Order received', 'current', null],
      ['Out for delivery', 'upcoming', null],
      ['Arriving', 'upcoming', null],
      ['Delivered', 'upcoming', null],
    ]);
  });

  it('counts the stops before this one while out for delivery', () => {
    expect(steps(onTheWay())).toEqual([
      ['Order received', 'done', null],
      ['Out for delivery', 'current', '2 stops before yours'],
      ['Arriving', 'upcoming', null],
      ['Delivered', 'upcoming', null],
    ]);
  });

  it('ends with the time and the recipient once delivered', () => {
    const view = trackingView({
      phase: 'delivered',
      deliveredAt: NOW + 32 * MIN,
      recipientName: 'Ana Souza',
      can: { instruct: false, reschedule: false, collect: false },
    });
    expect(steps(view).at(-1)).toEqual(['Delivered at 14:32 to Ana Souza', 'done', null]);
    expect(steps(view, pt).at(-1)).toEqual(['Entregue às 14:32 para Ana Souza', 'done', null]);
    expect(steps({ ...view, recipientName: null }).at(-1)?.[0]).toBe('Delivered at 14:32');
    expect(headline(view, en)).toMatchObject({ text: 'Delivered', tone: 'done' });
  });

  it('says a collection was picked up rather than delivered', () => {
    const view = trackingView({ phase: 'delivered', kind: 'pickup', deliveredAt: NOW });
    expect(steps(view).at(-1)?.[0]).toBe('Picked up at 14:00');
  });

  it('shows a failed attempt as the step that needs attention', () => {
    const view = trackingView({
      phase: 'failed',
      failure: { reasonCode: 'no_access', next: 'choose_window' },
    });
    expect(steps(view).at(-1)).toEqual([
      'Delivery attempt failed',
      'problem',
      'The courier could not get in. Choose a new time below.',
    ]);
  });

  it('shows the new window after a reschedule and the hub after choosing to collect', () => {
    const moved = trackingView({
      phase: 'rescheduled',
      window: { start: NOW + 24 * 60 * MIN, end: NOW + 26 * 60 * MIN },
    });
    expect(steps(moved)[1]).toEqual(['Moved to Thu 16 Jan, 14:00–16:00', 'current', null]);
    expect(headline(moved, en).text).toBe('New time: Thu 16 Jan, 14:00–16:00');
    const collect = trackingView({ phase: 'collect_at_hub' });
    expect(steps(collect).at(-1)).toEqual(['Ready to collect at Campo Grande', 'current', null]);
    expect(headline(collect, pt).text).toBe('Pronto para retirar em Campo Grande');
  });

  it('ends at the hub for a returned parcel and as a problem for a cancelled order', () => {
    expect(steps(trackingView({ phase: 'returned' })).at(-1)).toEqual([
      'Returned to Campo Grande',
      'done',
      null,
    ]);
    expect(steps(trackingView({ phase: 'cancelled' })).at(-1)).toEqual([
      'Order cancelled',
      'problem',
      null,
    ]);
  });
});
