import { describe, expect, it } from 'vitest';
import type { CourierOsmAndSecret } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { translator } from '../i18n/translate';
import { TrackerSecret, trackerAddress, type TrackerSecretApi } from './tracker-secret.svelte';

const t = translator('en', en, en);

const secret = (value: string): CourierOsmAndSecret => ({
  id: 7,
  secret: value,
  issuedAt: 1_000,
  osmandUrl: 'http://dispatch.example:5055',
  osmandPort: 5055,
});

/** An API that answers in order, recording what it was asked. */
function recordingApi(refuse: ApiError | null = null) {
  const calls: string[] = [];
  let n = 0;
  const api: TrackerSecretApi = {
    issue: (courierId) => {
      calls.push(`issue ${courierId}`);
      return refuse ? Promise.reject(refuse) : Promise.resolve(secret(`s${++n}`));
    },
    revoke: (courierId) => {
      calls.push(`revoke ${courierId}`);
      return Promise.resolve();
    },
    setLegacyId: (courierId, allowed) => {
      calls.push(`legacy ${courierId} ${allowed}`);
      return Promise.resolve();
    },
  };
  return { api, calls };
}

describe("a courier's tracker secret in the console", () => {
  it('shows a new secret once, and a rotation replaces it', async () => {
    const { api, calls } = recordingApi();
    const tracker = new TrackerSecret(7, api);
    expect(await tracker.issue()).toBe(true);
    expect(tracker.issued?.secret).toBe('s1');
    await tracker.issue();
    expect(tracker.issued?.secret).toBe('s2');
    tracker.dismiss();
    expect(tracker.issued).toBeNull();
    expect(calls).toEqual(['issue 7', 'issue 7']);
  });

  it('forgets the secret on screen when it is revoked', async () => {
    const { api, calls } = recordingApi();
    const tracker = new TrackerSecret(7, api);
    await tracker.issue();
    expect(await tracker.revoke()).toBe(true);
    expect(tracker.issued).toBeNull();
    expect(tracker.revoked).toBe(true);
    expect(calls).toEqual(['issue 7', 'revoke 7']);
  });

  it('allows the legacy id through the courier update', async () => {
    const { api, calls } = recordingApi();
    expect(await new TrackerSecret(7, api).setLegacyId(true)).toBe(true);
    expect(calls).toEqual(['legacy 7 true']);
  });

  it("says why a refusal happened, in the server's words", async () => {
    const { api } = recordingApi(new ApiError('forbidden', 'this needs the role admin', 403));
    const tracker = new TrackerSecret(7, api);
    expect(await tracker.issue()).toBe(false);
    expect(tracker.issued).toBeNull();
    expect(tracker.error?.(t)).toBe('this needs the role admin');
  });

  it("sends trackers to the server's public address, else to the console's host", () => {
    expect(trackerAddress(secret('x'), 'console.local')).toBe('http://dispatch.example:5055');
    expect(trackerAddress({ osmandUrl: null, osmandPort: 5055 }, '192.168.1.20')).toBe(
      'http://192.168.1.20:5055',
    );
  });
});
