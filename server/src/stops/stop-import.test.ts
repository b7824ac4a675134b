import { describe, expect, it } from 'vitest';
import {
  applyImportDefaults,
  parseCsvImport,
  problemDetails,
  validateStopImport,
} from './stop-import';
import { previewRow } from './stop-preview';

const HEADER = 'order_ref,kind,address,lat,lng,window_start,window_end';
const zoneOfHub = (id: number) => (id === 7 ? 'America/Campo_Grande' : undefined);

describe('checking an import row by row', () => {
  it('names the line, the column and the rule of each bad cell, one problem per cell', () => {
    const items = parseCsvImport(
      [
        HEADER,
        'A-1,delivery,Rua A,-20.4,-54.6,2025-05-02T09:00:00Z,2025-05-02T11:00:00Z',
        'A-2,parcel,Rua B,abc,-54.6,2025-05-02T09:00:00Z,2025-05-02T08:00:00Z',
        'A-1,delivery,,-20.4,-54.6,2025-05-02T09:00:00Z,2025-05-02T11:00:00Z',
      ].join('\n'),
    );
    const { checked, problems } = validateStopImport(items);
    expect(checked.map((c) => c.index)).toEqual([0]);
    expect(problems).toEqual([
      {
        line: 3,
        index: 1,
        column: 'kind',
        message: 'kind must be delivery, pickup or return_pickup',
      },
      { line: 3, index: 1, column: 'lat', message: 'lat must be a number from -90 to 90' },
      { line: 3, index: 1, column: 'window_end', message: 'window_end must be after window_start' },
      { line: 4, index: 2, column: 'address', message: 'address is missing' },
    ]);
    expect(problemDetails(problems)[0]).toEqual({
      path: 'line 3',
      message: 'kind must be delivery, pickup or return_pickup',
    });
  });

  it('names JSON stops by index and field, and unknown keys', () => {
    const { problems } = validateStopImport([
      { address: 'x', lat: 1, lng: 1, windowStart: 0, windowEnd: 1, colour: 'red' },
    ]);
    expect(problems).toEqual([
      { line: null, index: 0, column: null, message: 'colour is not a stop field' },
    ]);
  });

  it('reads local window times in the chosen hub’s zone, and says so when there is no hub', () => {
    const items = parseCsvImport(
      [HEADER, 'B-1,,Rua C,-20.4,-54.6,2025-05-02 09:00,2025-05-02 11:00'].join('\n'),
    );
    const withHub = applyImportDefaults(items, { hubId: 7, zoneOfHub });
    const { checked } = validateStopImport(withHub);
    expect(checked[0]!.stop).toMatchObject({
      hubId: 7,
      windowStart: Date.parse('2025-05-02T09:00:00-04:00'),
      windowEnd: Date.parse('2025-05-02T11:00:00-04:00'),
    });
    const without = validateStopImport(applyImportDefaults(items, { zoneOfHub }));
    expect(without.problems[0]).toMatchObject({ column: 'window_start' });
    expect(without.problems[0]!.message).toMatch(/no time zone offset: choose a hub/);
  });

  it('asks a customer return for a hub, where its parcel is brought back', () => {
    const ret = {
      kind: 'return_pickup',
      address: 'x',
      lat: 1,
      lng: 1,
      windowStart: 0,
      windowEnd: 1,
    };
    expect(validateStopImport([ret]).problems).toEqual([
      {
        line: null,
        index: 0,
        column: 'hubId',
        message: 'a return pickup needs a hub: its parcel is brought back there',
      },
    ]);
    expect(validateStopImport([{ ...ret, hubId: 7 }]).problems).toEqual([]);
  });

  it('keeps a customer return’s reference its own: no shop pickup or delivery may share it', () => {
    const stop = { address: 'x', lat: 1, lng: 1, windowStart: 0, windowEnd: 1, hubId: 7 };
    const { problems } = validateStopImport([
      { ...stop, kind: 'return_pickup', orderRef: 'R-1' },
      { ...stop, kind: 'delivery', orderRef: 'R-1' },
      { ...stop, kind: 'pickup', orderRef: 'R-1' },
      { ...stop, kind: 'pickup', orderRef: 'S-1' },
      { ...stop, kind: 'delivery', orderRef: 'S-1' },
    ]);
    expect(problems.map((p) => [p.index, p.message])).toEqual([
      [1, 'order R-1 already has a delivery at stops[0]'],
      [2, 'order R-1 already has a pickup at stops[0]'],
    ]);
  });

  it('keeps a row named by its own hub', () => {
    const [row] = applyImportDefaults([{ hubId: 3, address: 'x' }], { hubId: 7, zoneOfHub });
    expect(row).toMatchObject({ hubId: 3 });
  });

  it('previews a row with the defaults an import applies', () => {
    const [item] = parseCsvImport(
      [HEADER, 'C-1,,Rua D,-20.4,nope,2025-05-02T09:00:00Z,'].join('\n'),
    );
    expect(previewRow(item)).toEqual({
      line: 2,
      orderRef: 'C-1',
      kind: 'delivery',
      address: 'Rua D',
      lat: -20.4,
      lng: null,
      windowStart: Date.parse('2025-05-02T09:00:00Z'),
      windowEnd: null,
      serviceSeconds: 120,
      demand: 1,
      slaTier: 'same_day',
      hubId: null,
      courierId: null,
    });
  });
});
