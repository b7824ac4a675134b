import { CUSTOMER_LANGUAGES } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { SAMPLE_LINK, sampleMessage } from '../../../../test/factories/customer-messages';
import { SMS_EVENTS, smsText } from './sms-texts';

const KINDS = ['delivery', 'return_pickup'] as const;

describe('customer text messages', () => {
  for (const language of CUSTOMER_LANGUAGES)
    for (const kind of KINDS)
      for (const type of SMS_EVENTS)
        it(`${type} for a ${kind} in ${language} fits one message and has the link`, () => {
          const text = smsText(
            sampleMessage(type, {
              language,
              kind,
              data: { completedAt: '2025-05-02T18:32:00.000Z' },
              message: { recipientName: 'João' },
            }),
          )!;
          expect(text).toMatch(/^Campo Grande Centro: /);
          if (!(type === 'stop.delivered' && kind === 'return_pickup'))
            expect(text).toContain(SAMPLE_LINK);
          expect(text).not.toMatch(/undefined|NaN|null/);
          expect(text.length).toBeLessThanOrEqual(160);
        });

  it('gives the ETA window in the hub’s time zone', () => {
    expect(smsText(sampleMessage('stop.out_for_delivery'))).toBe(
      `Campo Grande Centro: your order A-1042 is out for delivery, today 14:20-14:40. ${SAMPLE_LINK}`,
    );
    expect(smsText(sampleMessage('stop.out_for_delivery', { language: 'pt-BR' }))).toBe(
      `Campo Grande Centro: seu pedido A-1042 saiu para entrega, hoje, 14:20-14:40. ${SAMPLE_LINK}`,
    );
  });

  it('names the day of a new window that is not today', () => {
    const text = smsText(
      sampleMessage('stop.rescheduled', {
        data: { windowStart: '2025-05-06T13:00:00Z', windowEnd: '2025-05-06T15:00:00Z' },
      }),
    );
    expect(text).toContain('new time for your order A-1042: 6 May 09:00-11:00.');
  });

  it('keeps to characters that fit a plain text message in English', () => {
    for (const type of SMS_EVENTS)
      expect(
        smsText(sampleMessage(type, { data: { completedAt: '2025-05-02T18:32:00Z' } })),
      ).toMatch(/^[\x20-\x7e]+$/);
  });

  it('sends nothing for the order received, an ETA change or a pickup at a shop', () => {
    expect(smsText(sampleMessage('stop.created'))).toBeNull();
    expect(smsText(sampleMessage('stop.eta_changed'))).toBeNull();
    expect(smsText(sampleMessage('stop.out_for_delivery', { kind: 'pickup' }))).toBeNull();
  });
});
