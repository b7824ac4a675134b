import { describe, expect, test } from 'vitest';
import { inPortuguese } from './problem-fixtures';
import { subjectNames } from './subject-names';

describe('subjectNames', () => {
  const records = {
    couriers: new Map([[93, { name: 'Ana' }]]),
    stops: new Map([
      [1656, { orderRef: 'A-17', address: 'Rua Bahia, 12', kind: 'delivery' as const }],
      [1657, { orderRef: null, address: 'Rua Goiás, 3', kind: 'pickup' as const }],
    ]),
    hubs: [{ id: 1, name: 'Centro' }],
  };
  const names = subjectNames(records);

  test('names records by order reference, courier name and hub name', () => {
    expect([names.stop(1656), names.stop(1657), names.courier(93), names.hub(1)]).toEqual([
      'order A-17 (delivery)',
      'pickup at Rua Goiás, 3',
      'Ana',
      'Centro',
    ]);
  });

  test('records it does not know are named in words, not by id', () => {
    expect([names.stop(5), names.courier(5), names.hub(5)]).toEqual([
      'a stop',
      'a courier',
      'a hub',
    ]);
  });

  test('names them in Brazilian Portuguese for a reader of it', () => {
    const pt = subjectNames(records, inPortuguese);
    expect([pt.stop(1656), pt.stop(1657), pt.stop(5), pt.courier(5)]).toEqual([
      'pedido A-17 (entrega)',
      'coleta em Rua Goiás, 3',
      'uma parada',
      'um entregador',
    ]);
  });
});
