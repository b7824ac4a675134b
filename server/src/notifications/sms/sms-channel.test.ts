import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../../../../test/factories/customer-messages';
import { SmsChannel, phoneNumber } from './sms-channel';

describe('the text message channel', () => {
  it('reaches a number written with spaces, dashes and brackets', () => {
    expect(phoneNumber('+55 (67) 99999-0000')).toBe('+5567999990000');
    expect(phoneNumber(' 067.9999.0000 ')).toBe('06799990000');
  });

  it('skips a stop without a usable number', () => {
    expect(phoneNumber(null)).toBeNull();
    expect(phoneNumber('call me')).toBeNull();
    expect(phoneNumber('123')).toBeNull();
  });

  it('wants the day’s events of deliveries and returns, never a shop’s pickup', () => {
    const channel = new SmsChannel(null);
    expect(channel.wants('stop.arriving', 'delivery')).toBe(true);
    expect(channel.wants('stop.failed', 'return_pickup')).toBe(true);
    expect(channel.wants('stop.arriving', 'pickup')).toBe(false);
    expect(channel.wants('stop.created', 'delivery')).toBe(false);
    expect(channel.wants('stop.assigned', 'delivery')).toBe(false);
  });

  it('hands the text to its provider', async () => {
    const sent: Array<[string, string]> = [];
    const channel = new SmsChannel({
      send: async (to, text) => {
        sent.push([to, text]);
        return { ok: true, retry: false };
      },
    });
    expect(channel.configured).toBe(true);
    expect(await channel.send('+5567999990000', sampleMessage('stop.arriving'))).toEqual({
      ok: true,
      retry: false,
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]![1]).toContain('arrives in a few minutes (14:20-14:40)');
  });

  it('is not configured without a provider', () => {
    expect(new SmsChannel(null).configured).toBe(false);
  });
});
