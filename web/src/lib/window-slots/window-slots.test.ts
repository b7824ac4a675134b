import { describe, expect, it } from 'vitest';
import type { WindowSlot, WindowSlots } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { WindowSlotBoard, draftOfSlot, slotsToSave } from './window-slots.svelte';

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);

const MORNING: WindowSlot = { startMinute: 9 * 60, endMinute: 12 * 60, capacity: 10 };
const EVENING: WindowSlot = { startMinute: 18 * 60, endMinute: 1440, capacity: 4 };
const answer = (slots: WindowSlot[]) => async (): Promise<WindowSlots> => ({ slots });
const errorOf = (result: ReturnType<typeof slotsToSave>) => {
  if (!('error' in result)) throw new Error('the slots were taken');
  return result.error;
};

describe('slotsToSave', () => {
  it('reads local times, midnight as the end of the day, earliest first', () => {
    expect(draftOfSlot(EVENING)).toEqual({ start: '18:00', end: '00:00', capacity: '4' });
    expect(slotsToSave([draftOfSlot(EVENING), draftOfSlot(MORNING)])).toEqual({
      slots: [MORNING, EVENING],
    });
  });

  it('refuses a window that ends before it starts, in the page’s language', () => {
    const error = errorOf(slotsToSave([{ start: '12:00', end: '09:00', capacity: '3' }]));
    expect(error(t)).toBe('The window 12:00–09:00 ends before it starts');
    expect(error(tp)).toBe('A janela 12:00–09:00 termina antes de começar');
  });

  it('refuses overlapping windows, naming both', () => {
    const error = errorOf(
      slotsToSave([draftOfSlot(MORNING), { start: '11:00', end: '13:00', capacity: '2' }]),
    );
    expect(error(t)).toBe('The windows 09:00–12:00 and 11:00–13:00 overlap');
  });

  it('refuses a missing time or a capacity that is not a whole number from 1', () => {
    expect(errorOf(slotsToSave([{ start: '', end: '10:00', capacity: '1' }]))(t)).toBe(
      'Each window needs a start and an end time',
    );
    for (const capacity of ['0', '1.5', 'ten', '100001'])
      expect(errorOf(slotsToSave([{ ...draftOfSlot(MORNING), capacity }]))(t)).toBe(
        'Deliveries a day must be a whole number from 1 to 100,000',
      );
  });
});

describe('WindowSlotBoard', () => {
  it('loads a hub’s slots and has nothing to save until one changes', async () => {
    const board = new WindowSlotBoard();
    await board.load(2, answer([MORNING]));
    expect(board.drafts).toEqual([{ start: '09:00', end: '12:00', capacity: '10' }]);
    expect(board.changed).toBe(false);
    board.add();
    expect(board.drafts[1]).toEqual({ start: '12:00', end: '15:00', capacity: '10' });
    expect(board.changed).toBe(true);
    board.remove(1);
    expect(board.changed).toBe(false);
  });

  it('saves every slot and takes what the server answers', async () => {
    const board = new WindowSlotBoard();
    await board.load(2, answer([MORNING]));
    board.drafts[0]!.capacity = '12';
    const sent: [number, WindowSlots][] = [];
    const ok = await board.save(async (hubId, body) => {
      sent.push([hubId, body]);
      return body;
    });
    expect(ok).toBe(true);
    expect(sent).toEqual([[2, { slots: [{ ...MORNING, capacity: 12 }] }]]);
    expect(board.changed).toBe(false);
    expect(board.message?.(t)).toBe('Saved');
  });

  it('keeps the drafts and says why when the server refuses', async () => {
    const board = new WindowSlotBoard();
    await board.load(2, answer([]));
    board.add();
    const ok = await board.save(async () => {
      throw new ApiError('forbidden', 'this belongs to another hub than yours', 403);
    });
    expect(ok).toBe(false);
    expect(board.failed).toBe(true);
    expect(board.drafts).toHaveLength(1);
    expect(board.message?.(tp)).toBe('Não salvo: this belongs to another hub than yours');
  });

  it('sends nothing while the form has a mistake', async () => {
    const board = new WindowSlotBoard();
    await board.load(2, answer([MORNING]));
    board.drafts[0]!.end = '08:00';
    let called = false;
    expect(
      await board.save(async (_hubId, body) => {
        called = true;
        return body;
      }),
    ).toBe(false);
    expect(called).toBe(false);
    expect(board.message?.(t)).toBe('The window 09:00–08:00 ends before it starts');
  });
});
