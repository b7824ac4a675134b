import { describe, expect, it } from 'vitest';
import type { Stop } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator, type Translate } from '../i18n/translate';
import {
  StopForm,
  createdText,
  editedText,
  fieldsOf,
  patchOf,
  readStop,
  type FieldErrors,
  type StopFields,
} from './stop-form.svelte';

const ZONE = 'America/Campo_Grande';
const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);
/** The errors as the form shows them in one language. */
const shown = (errors: FieldErrors, tr: Translate) =>
  Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, tr(key)]));
const fields = (over: Partial<StopFields> = {}): StopFields => ({
  kind: 'delivery',
  orderRef: ' ORD-9 ',
  address: 'Rua A, 1',
  lat: '-20.46',
  lng: '-54.61',
  windowStart: '2025-05-02T09:00',
  windowEnd: '2025-05-02T11:00',
  serviceMinutes: '3',
  parcels: '2',
  slaTier: 'express',
  hubId: 4,
  ...over,
});

const stored: Stop = {
  id: 7,
  hubId: 4,
  kind: 'delivery',
  orderRef: 'ORD-9',
  address: 'Rua A, 1',
  lat: -20.46,
  lng: -54.61,
  cell: '89',
  windowStart: Date.parse('2025-05-02T09:00:00-04:00'),
  windowEnd: Date.parse('2025-05-02T11:00:00-04:00'),
  serviceSeconds: 180,
  demand: 2,
  slaTier: 'express',
  status: 'assigned',
  courierId: 3,
  sequence: 1,
  routeVersion: 2,
  attempts: 0,
  eta: null,
};

describe('the stop form', () => {
  it("reads the window in the hub's time zone and the service time in minutes", () => {
    expect(readStop(fields(), ZONE)).toEqual({
      ok: true,
      stop: {
        kind: 'delivery',
        orderRef: 'ORD-9',
        address: 'Rua A, 1',
        lat: -20.46,
        lng: -54.61,
        windowStart: Date.parse('2025-05-02T09:00:00-04:00'),
        windowEnd: Date.parse('2025-05-02T11:00:00-04:00'),
        serviceSeconds: 180,
        demand: 2,
        slaTier: 'express',
        hubId: 4,
      },
    });
  });

  it('says what is wrong with each field in plain words', () => {
    const read = readStop(
      fields({
        address: ' ',
        lat: 'x',
        windowEnd: '2025-05-02T08:00',
        parcels: '1.5',
        hubId: null,
      }),
      ZONE,
    );
    expect(read.ok).toBe(false);
    const errors = read.ok ? {} : read.errors;
    expect(shown(errors, t)).toEqual({
      address: 'Enter the street address.',
      lat: 'A latitude from -90 to 90, e.g. -20.4628.',
      windowEnd: 'The window must close after it opens.',
      parcels: 'A whole number of parcels.',
      hubId: 'Choose the hub.',
    });
    expect(shown(errors, tp)).toMatchObject({
      address: 'Informe o endereço.',
      windowEnd: 'A janela precisa fechar depois de abrir.',
    });
  });

  it('edits a stored stop and sends only what changed', () => {
    const form = new StopForm();
    form.startEdit(stored, ZONE);
    expect(form.fields).toEqual(fieldsOf(stored, ZONE));
    expect(patchOf(stored, form.read(ZONE)!)).toEqual({});
    form.fields.windowEnd = '2025-05-02T12:30';
    expect(patchOf(stored, form.read(ZONE)!)).toEqual({
      windowEnd: Date.parse('2025-05-02T12:30:00-04:00'),
    });
  });

  it('says a saved stop on a route stays there, and names a new stop by reference or address', () => {
    expect(editedText(stored, t)).toBe(
      'Saved. The stop stays on its route; the courier gets the change.',
    );
    expect(editedText({ ...stored, courierId: null }, tp)).toBe('Salvo.');
    const stop = readStop(fields(), ZONE);
    if (!stop.ok) throw new Error('the fields are valid');
    expect(createdText(stop.stop, t)).toBe('Stop ORD-9 created; it waits in the queue.');
    expect(createdText({ ...stop.stop, orderRef: undefined }, tp)).toBe(
      'Parada em Rua A, 1 criada; ela aguarda na fila.',
    );
  });

  it('starts a new stop with a two-hour window from the next full hour', () => {
    const form = new StopForm();
    form.startCreate(4, ZONE, Date.parse('2025-05-02T09:20:00-04:00'));
    expect(form.fields).toMatchObject({
      hubId: 4,
      windowStart: '2025-05-02T10:00',
      windowEnd: '2025-05-02T12:00',
    });
    expect(form.editing).toBeNull();
  });
});
