import { describe, expect, it } from 'vitest';
import type { Hub, HubPatch } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { HubSettingsBoard, draftOf, hubPatchOf } from './hub-settings.svelte';

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);

function hub(overrides: Partial<Hub> = {}): Hub {
  return {
    id: 1,
    name: 'Centro',
    lat: -20.47,
    lng: -54.62,
    timezone: 'America/Campo_Grande',
    onTimeTarget: 0.95,
    autoDispatch: false,
    ...overrides,
  };
}

describe('hubPatchOf', () => {
  it('sends only what changed, the target as a share', () => {
    const h = hub();
    expect(hubPatchOf(h, draftOf(h))).toEqual({ patch: null });
    expect(hubPatchOf(h, { ...draftOf(h), targetPercent: '90', autoDispatch: true })).toEqual({
      patch: { onTimeTarget: 0.9, autoDispatch: true },
    });
    expect(hubPatchOf(h, { ...draftOf(h), targetPercent: '97,5' })).toEqual({
      patch: { onTimeTarget: 0.975 },
    });
  });

  it('takes a time zone the browser knows, in its own spelling', () => {
    const h = hub();
    expect(hubPatchOf(h, { ...draftOf(h), timezone: 'asia/tokyo' })).toEqual({
      patch: { timezone: 'Asia/Tokyo' },
    });
  });

  it('says what is wrong with a target out of range or an unknown zone', () => {
    const h = hub();
    expect(hubPatchOf(h, { ...draftOf(h), targetPercent: '120' }).error?.(t)).toMatch(/0 to 100/);
    expect(hubPatchOf(h, { ...draftOf(h), targetPercent: '' }).error?.(t)).toMatch(/0 to 100/);
    const zone = hubPatchOf(h, { ...draftOf(h), timezone: 'Mars/Base' }).error;
    expect(zone?.(t)).toMatch(/not a time zone/);
    expect(zone?.(tp)).toBe('"Mars/Base" não é um nome de fuso horário como America/Campo_Grande');
  });
});

describe('HubSettingsBoard', () => {
  it('saves a row and takes the hub the server answers', async () => {
    const board = new HubSettingsBoard();
    board.replaceAll([hub(), hub({ id: 2, name: 'Norte' })]);
    board.drafts[1]!.autoDispatch = true;
    expect(board.changed(1)).toBe(true);
    expect(board.changed(2)).toBe(false);
    const sent: HubPatch[] = [];
    const saved = await board.save(1, (_, patch) => {
      sent.push(patch);
      return Promise.resolve(hub({ autoDispatch: true }));
    });
    expect(sent).toEqual([{ autoDispatch: true }]);
    expect(saved?.autoDispatch).toBe(true);
    expect(board.hubs[0]!.autoDispatch).toBe(true);
    expect(board.changed(1)).toBe(false);
    expect(board.status[1]).toMatchObject({ saving: false, failed: false });
    expect(board.status[1]!.message?.(t)).toBe('Saved');
    expect(board.status[1]!.message?.(tp)).toBe('Salvo');
  });

  it('keeps the draft and says why when the server refuses', async () => {
    const board = new HubSettingsBoard();
    board.replaceAll([hub()]);
    board.drafts[1]!.targetPercent = '80';
    const saved = await board.save(1, () =>
      Promise.reject(new Error('this needs the role supervisor or admin')),
    );
    expect(saved).toBeNull();
    expect(board.drafts[1]!.targetPercent).toBe('80');
    expect(board.status[1]).toMatchObject({ failed: true });
    expect(board.status[1]!.message?.(t)).toBe(
      'Not saved: this needs the role supervisor or admin',
    );
    expect(board.status[1]!.message?.(tp)).toBe(
      'Não salvo: this needs the role supervisor or admin',
    );
  });

  it('sends nothing for a draft with a mistake', async () => {
    const board = new HubSettingsBoard();
    board.replaceAll([hub()]);
    board.drafts[1]!.targetPercent = 'lots';
    const saved = await board.save(1, () => Promise.reject(new Error('not called')));
    expect(saved).toBeNull();
    expect(board.status[1]!.message?.(t)).toMatch(/0 to 100/);
  });
});
