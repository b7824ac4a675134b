import { describe, expect, it } from 'vitest';
import type { PairingCodeReply } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { translator } from '../i18n/translate';
import {
  PhonePairing,
  countdown,
  groupedCode,
  onlyThisComputer,
  type PairingApi,
} from './phone-pairing.svelte';
import { pairingApi } from './pairing-api';

const t = translator('en', en, en);

function reply(code: string, expiresAt = 600_000): PairingCodeReply {
  return { code, url: `http://192.168.1.20:3000/driver/pair#${code}`, expiresAt };
}

/** An API whose answers the test releases one by one, recording what was asked. */
function scriptedApi() {
  const calls: string[] = [];
  const pending: ((r: PairingCodeReply) => void)[] = [];
  let refuse: ApiError | null = null;
  const api: PairingApi = {
    makeCode: (courierId) => {
      calls.push(`code ${courierId}`);
      if (refuse) return Promise.reject(refuse);
      return new Promise((resolve) => pending.push(resolve));
    },
    signOut: async (courierId) => {
      calls.push(`sign out ${courierId}`);
      if (refuse) throw refuse;
    },
    qrSvg: async (text) => `<svg><title>${text}</title></svg>`,
  };
  return {
    api,
    calls,
    answer: (r: PairingCodeReply, index = 0) => pending[index]!(r),
    refuseWith: (err: ApiError | null) => (refuse = err),
  };
}

describe('groupedCode and countdown', () => {
  it('shows a code in groups of five', () => {
    expect(groupedCode('ABCDEFGHJK')).toBe('ABCDE FGHJK');
    expect(groupedCode('ABCDE')).toBe('ABCDE');
  });

  it('counts down in whole minutes and seconds, stopping at zero', () => {
    expect(countdown(600_000)).toBe('10:00');
    expect(countdown(600_900)).toBe('10:00');
    expect(countdown(61_500)).toBe('1:01');
    expect(countdown(999)).toBe('0:00');
    expect(countdown(-5_000)).toBe('0:00');
  });
});

describe('onlyThisComputer', () => {
  it('tells links a phone cannot open from those it can', () => {
    for (const url of [
      'http://localhost:3000/driver/pair#A',
      'http://127.0.0.1:5173/x',
      'http://[::1]:3000/',
    ])
      expect(onlyThisComputer(url), url).toBe(true);
    for (const url of ['http://192.168.1.20:3000/driver/pair#A', 'https://dispatch.example.com/'])
      expect(onlyThisComputer(url), url).toBe(false);
  });
});

describe('PhonePairing', () => {
  it('shows the code with a QR image of its link, and counts down to expiry', async () => {
    const server = scriptedApi();
    const pairing = new PhonePairing(7, server.api);
    const made = pairing.makeCode();
    expect(pairing.making).toBe(true);
    server.answer(reply('ABCDEFGHJK', 600_000));
    await made;
    expect(server.calls).toEqual(['code 7']);
    expect(pairing.making).toBe(false);
    expect(pairing.reply?.code).toBe('ABCDEFGHJK');
    expect(decodeURIComponent(pairing.qrImage!)).toBe(
      'data:image/svg+xml;charset=utf-8,<svg><title>http://192.168.1.20:3000/driver/pair#ABCDEFGHJK</title></svg>',
    );
    expect(pairing.remainingMs(540_000)).toBe(60_000);
    expect(pairing.expired(599_999)).toBe(false);
    expect(pairing.expired(600_000)).toBe(true);
  });

  it('keeps only the latest code when a new one is asked for before the first arrives', async () => {
    const server = scriptedApi();
    const pairing = new PhonePairing(7, server.api);
    const first = pairing.makeCode();
    const second = pairing.makeCode();
    server.answer(reply('BBBBBBBBBB'), 1);
    await second;
    server.answer(reply('AAAAAAAAAA'), 0);
    await first;
    expect(pairing.reply?.code).toBe('BBBBBBBBBB');
    expect(pairing.making).toBe(false);
  });

  it('says why no code was made', async () => {
    const server = scriptedApi();
    server.refuseWith(new ApiError('forbidden', 'this belongs to another hub than yours', 403));
    const pairing = new PhonePairing(7, server.api);
    await pairing.makeCode();
    expect(pairing.reply).toBeNull();
    expect(pairing.error?.(t)).toBe('this belongs to another hub than yours');
  });

  it('signs the phone out only after a confirmation', async () => {
    const server = scriptedApi();
    const pairing = new PhonePairing(7, server.api);
    expect(await pairing.signOut()).toBe(false);
    pairing.askSignOut();
    pairing.cancelSignOut();
    expect(pairing.signOutStep).toBe('idle');
    expect(server.calls).toEqual([]);
    pairing.askSignOut();
    expect(await pairing.signOut()).toBe(true);
    expect(pairing.signOutStep).toBe('done');
    expect(server.calls).toEqual(['sign out 7']);
  });

  it('stays on the confirmation with the reason when signing out is refused', async () => {
    const server = scriptedApi();
    server.refuseWith(new ApiError('unavailable', 'the server cannot be reached'));
    const pairing = new PhonePairing(7, server.api);
    pairing.askSignOut();
    expect(await pairing.signOut()).toBe(false);
    expect(pairing.signOutStep).toBe('confirming');
    expect(pairing.signOutError?.(t)).toBe(t('office.unreachable'));
  });
});

describe('pairingApi.qrSvg', () => {
  it('draws a QR code as SVG', async () => {
    const svg = await pairingApi.qrSvg('http://192.168.1.20:3000/driver/pair#ABCDEFGHJK');
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
  });
});
