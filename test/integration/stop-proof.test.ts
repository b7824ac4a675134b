import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_PHOTO_BYTES,
  type RecentProofList,
  type StopPhotoReply,
  type StopProofList,
} from '@dispatch/shared';
import { DeviceActions } from '../../server/src/stops/device-actions';
import { TINY_JPEG, TINY_PNG } from '../factories/tiny-images';
import { TestServer, eventually, makePings, type CourierClient } from '../helpers/test-server';

const HUB = { lat: 52.5, lng: 13.4 };

describe('proof of delivery, failure reasons and stop actions applied once', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let courier: { id: number; deviceToken: string };
  let other: { id: number; deviceToken: string };
  let device: CourierClient;
  /** Stops by order reference. */
  const stop: Record<string, number> = {};
  let seq = 0;

  const upload = (
    stopId: number,
    bytes: Uint8Array,
    options: { token?: string | null; kind?: string; filename?: string; type?: string } = {},
  ) => {
    const form = new FormData();
    if (options.kind) form.append('kind', options.kind);
    const file = new Blob([bytes], { type: options.type ?? 'image/jpeg' });
    form.append('file', file, options.filename ?? 'photo.jpg');
    const token = options.token === undefined ? courier.deviceToken : options.token;
    return fetch(`${server.url}/api/v1/device/stops/${stopId}/photos`, {
      method: 'POST',
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      body: form,
    });
  };
  const uploaded = async (res: Response) => {
    expect(res.status).toBe(201);
    return (await res.json()) as StopPhotoReply;
  };
  /** Stored images: rows, and blob files (without their content-type files). */
  const stored = async () => {
    const [rows] = await server.app.db.query<{ n: number }>(
      'select count(*)::int as n from stop_photos',
    );
    const root = join(server.config.DATA_DIR, 'blobs');
    let files: string[] = [];
    try {
      files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
        (p) => statSync(join(root, p)).isFile() && !p.endsWith('.type'),
      );
    } catch {
      // no blob stored yet
    }
    return { rows: rows!.n, blobs: files.length };
  };
  const stopRow = async (id: number) =>
    (
      await server.app.db.query<{
        status: string;
        attempts: number;
        failure_code: string | null;
        failure_reason: string | null;
      }>('select status, attempts, failure_code, failure_reason from stops where id = $1', [id])
    )[0]!;
  const eventsOf = (id: number, kind: string) =>
    server.app.db.query<{ data: Record<string, unknown> }>(
      'select data from events where subject_type = $1 and subject_id = $2 and kind = $3 order by id',
      ['stop', id, kind],
    );
  const proofRows = (id: number) =>
    server.app.db.query<{
      outcome: string;
      attempt: number;
      reason_code: string | null;
      note: string | null;
      recipient_name: string | null;
      code_verified: boolean;
      photo_ids: number[];
      signature_id: number | null;
      lat: number | null;
      far_from_stop: boolean;
    }>('select * from stop_proofs where stop_id = $1 order by id', [id]);
  const send = (
    event: 'stop:en_route' | 'stop:arrived' | 'stop:delivered' | 'stop:failed',
    report: Record<string, unknown>,
  ) => device.timeout(5000).emitWithAck(event, report as never);

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Centre', ...HUB },
      })
    ).body.id;
    courier = await server.createCourier(admin, { hubId, name: 'Ana' });
    other = await server.createCourier(admin, { hubId, name: 'Ben' });
    const now = Date.now();
    const refs: [string, number, boolean?][] = [
      ['TWICE', courier.id],
      ['AT-ONCE', courier.id],
      ['KEYED-ELSEWHERE', courier.id],
      ['REFUSED-ONCE', courier.id],
      ['NO-REASON', courier.id],
      ['LEGACY', courier.id],
      ['NOT-HOME', courier.id],
      ['SET-OFF', courier.id],
      ['WITH-CODE', courier.id, true],
      ['OTHERS', other.id],
    ];
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: refs.map(([ref, courierId, requiresCode]) => ({
          orderRef: ref,
          address: ref,
          ...HUB,
          hubId,
          courierId,
          windowStart: now - 3600_000,
          windowEnd: now + 3600_000,
          ...(requiresCode ? { requiresCode: true } : {}),
        })),
      },
    });
    refs.forEach(([ref], i) => (stop[ref] = res.body.ids[i]!));
    device = await server.connectCourier(courier.deviceToken);
    // A live fix at the hub, so completions record where they happened.
    seq += 1;
    const t = Date.now() - 500;
    await device.timeout(10_000).emitWithAck('pings', { pings: makePings(1, seq, t, HUB) });
    await eventually(() => (server.app.fleet.get(courier.id)?.fix ? true : undefined));
  });
  afterAll(() => server?.stop());

  describe('actions sent again with the same id', () => {
    it('applies a delivery once: one event, one proof row, the same answer', async () => {
      const report = { stopId: stop.TWICE, actionId: 'deliver-twice-0001' };
      expect(await send('stop:delivered', report)).toEqual({ ok: true });
      expect(await send('stop:delivered', report)).toEqual({ ok: true });
      expect(await eventsOf(stop.TWICE!, 'stop.delivered')).toHaveLength(1);
      expect(await proofRows(stop.TWICE!)).toHaveLength(1);
      expect(await stopRow(stop.TWICE!)).toMatchObject({ status: 'delivered', attempts: 1 });
    });

    it('applies an action sent twice at the same moment once', async () => {
      const report = { stopId: stop['AT-ONCE'], actionId: 'deliver-at-once-01' };
      const answers = await Promise.all([
        send('stop:delivered', report),
        send('stop:delivered', report),
      ]);
      expect(answers).toEqual([{ ok: true }, { ok: true }]);
      expect(await eventsOf(stop['AT-ONCE']!, 'stop.delivered')).toHaveLength(1);
      expect(await proofRows(stop['AT-ONCE']!)).toHaveLength(1);
    });

    it('answers a key used for another stop as a conflict, changing nothing', async () => {
      const res = await send('stop:arrived', {
        stopId: stop['KEYED-ELSEWHERE'],
        actionId: 'deliver-twice-0001',
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(await stopRow(stop['KEYED-ELSEWHERE']!)).toMatchObject({ status: 'assigned' });
      expect(await eventsOf(stop['KEYED-ELSEWHERE']!, 'stop.arrived')).toHaveLength(0);
    });

    it('answers a key used for another event on the same stop as a conflict', async () => {
      const res = await send('stop:failed', {
        stopId: stop.TWICE,
        actionId: 'deliver-twice-0001',
        reasonCode: 'not_home',
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'conflict' } });
    });

    it('answers a replayed refusal with the same error, even if the report changed', async () => {
      const id = stop['REFUSED-ONCE'];
      const first = await send('stop:failed', {
        stopId: id,
        actionId: 'fail-refused-0001',
        reasonCode: 'other',
      });
      expect(first).toMatchObject({ ok: false, error: { code: 'invalid' } });
      const again = await send('stop:failed', {
        stopId: id,
        actionId: 'fail-refused-0001',
        reasonCode: 'other',
        note: 'gate locked',
      });
      expect(again).toEqual(first);
      expect(await stopRow(id!)).toMatchObject({ status: 'assigned', attempts: 0 });
      expect(await proofRows(id!)).toHaveLength(0);
    });
  });

  it("forgets an action's answer after a week: sent again, it is a new action", async () => {
    await server.app.db.query(
      `update device_actions set created_at = now() - interval '8 days' where action_key = $1`,
      ['deliver-twice-0001'],
    );
    expect(await new DeviceActions(server.app.db.orm).pruneExpired()).toBe(1);
    const res = await send('stop:delivered', {
      stopId: stop.TWICE,
      actionId: 'deliver-twice-0001',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  describe('failure reasons', () => {
    it('refuses a failed attempt without a reason, and "other" without a note', async () => {
      const id = stop['NO-REASON'];
      expect(await send('stop:failed', { stopId: id })).toMatchObject({
        ok: false,
        error: { code: 'invalid', details: [{ path: '/reasonCode' }] },
      });
      expect(await send('stop:failed', { stopId: id, reasonCode: 'other' })).toMatchObject({
        ok: false,
        error: { code: 'invalid', details: [{ path: '/note' }] },
      });
      expect(
        await send('stop:failed', { stopId: id, reasonCode: 'other', note: '   ' }),
      ).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(await stopRow(id!)).toMatchObject({ status: 'assigned', failure_code: null });
    });

    it("reads an older device's free-text reason as other, with the text as the note", async () => {
      const id = stop.LEGACY!;
      expect(await send('stop:failed', { stopId: id, reason: 'dog in the garden' })).toEqual({
        ok: true,
      });
      expect(await stopRow(id)).toMatchObject({
        attempts: 1,
        failure_code: 'other',
        failure_reason: 'dog in the garden',
      });
      expect(await eventsOf(id, 'stop.failed')).toMatchObject([
        { data: { reasonCode: 'other', reason: 'dog in the garden' } },
      ]);
    });

    it('stores the reason code, the note and a photo of a failed attempt', async () => {
      const id = stop['NOT-HOME']!;
      const photo = await uploaded(await upload(id, TINY_PNG, { type: 'image/png' }));
      const res = await send('stop:failed', {
        stopId: id,
        reasonCode: 'not_home',
        note: 'rang twice',
        proof: { photoIds: [photo.photoId] },
      });
      expect(res).toEqual({ ok: true });
      expect(await stopRow(id)).toMatchObject({
        failure_code: 'not_home',
        failure_reason: 'rang twice',
      });
      expect(await proofRows(id)).toMatchObject([
        {
          outcome: 'failed',
          attempt: 1,
          reason_code: 'not_home',
          note: 'rang twice',
          photo_ids: [photo.photoId],
          lat: HUB.lat,
          far_from_stop: false,
        },
      ]);
      const [failed] = await eventsOf(id, 'stop.failed');
      expect(failed!.data).toMatchObject({
        reasonCode: 'not_home',
        reason: 'rang twice',
        proof: { attempt: 1, photos: 1, signature: false },
      });
    });
  });

  it('lets a courier say it set off to a stop', async () => {
    const id = stop['SET-OFF']!;
    expect(await send('stop:en_route', { stopId: id, actionId: 'set-off-00001' })).toEqual({
      ok: true,
    });
    expect(await stopRow(id)).toMatchObject({ status: 'en_route' });
    expect(await eventsOf(id, 'stop.en_route')).toHaveLength(1);
    expect(await send('stop:en_route', { stopId: id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  describe('uploads refused with nothing stored', () => {
    it('refuses a text file named like a photo', async () => {
      const before = await stored();
      const text = new TextEncoder().encode('this is not a picture');
      const res = await upload(stop['WITH-CODE']!, text, { filename: 'parcel.jpg' });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'invalid' });
      expect(await stored()).toEqual(before);
    });

    it('refuses an image over the size limit', async () => {
      const before = await stored();
      const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
      big.set(TINY_JPEG);
      const res = await upload(stop['WITH-CODE']!, big);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'too_large' });
      expect(await stored()).toEqual(before);
    });

    it("refuses an upload for another courier's stop", async () => {
      const before = await stored();
      const res = await upload(stop.OTHERS!, TINY_JPEG);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'forbidden' });
      expect(await stored()).toEqual(before);
    });

    it('refuses an upload without a token or with a wrong one', async () => {
      const before = await stored();
      for (const token of [null, 'not-a-device-token']) {
        const res = await upload(stop['WITH-CODE']!, TINY_JPEG, { token });
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ code: 'unauthorized' });
      }
      expect(await stored()).toEqual(before);
    });

    it('refuses an unknown kind', async () => {
      const before = await stored();
      const res = await upload(stop['WITH-CODE']!, TINY_JPEG, { kind: 'selfie' });
      expect(res.status).toBe(400);
      expect(await stored()).toEqual(before);
    });
  });

  describe('a delivery with its proof', () => {
    let photo: StopPhotoReply;
    let signature: StopPhotoReply;
    let code: string;

    beforeAll(async () => {
      const [row] = await server.app.db.query<{ delivery_code: string }>(
        'select delivery_code from stops where id = $1',
        [stop['WITH-CODE']],
      );
      code = row!.delivery_code;
    });

    it('stores a JPEG once, answering the same id when it is sent again', async () => {
      const before = await stored();
      photo = await uploaded(await upload(stop['WITH-CODE']!, TINY_JPEG));
      expect(photo).toEqual({
        photoId: expect.any(Number) as unknown as number,
        kind: 'photo',
        bytes: TINY_JPEG.byteLength,
      });
      const again = await uploaded(await upload(stop['WITH-CODE']!, TINY_JPEG));
      expect(again.photoId).toBe(photo.photoId);
      expect(await stored()).toEqual({ rows: before.rows + 1, blobs: before.blobs + 1 });
      signature = await uploaded(
        await upload(stop['WITH-CODE']!, TINY_PNG, {
          kind: 'signature',
          type: 'application/octet-stream',
          filename: 'signature',
        }),
      );
      expect(signature.kind).toBe('signature');
    });

    it('refuses a wrong delivery code, changing nothing', async () => {
      const id = stop['WITH-CODE']!;
      const wrong = code === '0000' ? '1111' : '0000';
      const res = await send('stop:delivered', {
        stopId: id,
        proof: { photoIds: [photo.photoId], code: wrong },
      });
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'invalid', message: 'the delivery code does not match' },
      });
      expect(await send('stop:delivered', { stopId: id })).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
      expect(await stopRow(id)).toMatchObject({ status: 'assigned', attempts: 0 });
      expect(await proofRows(id)).toHaveLength(0);
    });

    it("refuses a proof naming another stop's photo", async () => {
      const res = await send('stop:delivered', {
        stopId: stop['WITH-CODE'],
        proof: { photoIds: [photo.photoId + 1000], code },
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid' } });
    });

    it('records a delivery with photo, signature, recipient and the code', async () => {
      const id = stop['WITH-CODE']!;
      const res = await send('stop:delivered', {
        stopId: id,
        actionId: 'deliver-code-0001',
        proof: {
          recipientName: 'Carla',
          photoIds: [photo.photoId],
          signatureId: signature.photoId,
          code,
        },
      });
      expect(res).toEqual({ ok: true });
      expect(await proofRows(id)).toMatchObject([
        {
          outcome: 'delivered',
          recipient_name: 'Carla',
          code_verified: true,
          photo_ids: [photo.photoId],
          signature_id: signature.photoId,
        },
      ]);
      const [delivered] = await eventsOf(id, 'stop.delivered');
      expect(delivered!.data).toMatchObject({
        proof: { photos: 1, signature: true, recipientName: 'Carla', codeVerified: true },
      });
    });

    it('shows the proof to a signed-in console user, never to anyone else', async () => {
      const id = stop['WITH-CODE']!;
      const list = await server.request<StopProofList>('GET', `/api/v1/stops/${id}/proof`, {
        cookie: admin,
      });
      expect(list.status).toBe(200);
      expect(list.body.proofs).toMatchObject([
        {
          outcome: 'delivered',
          attempt: 1,
          courierId: courier.id,
          recipientName: 'Carla',
          codeVerified: true,
          lat: HUB.lat,
          lng: HUB.lng,
          distanceMeters: 0,
          farFromStop: false,
          reasonCode: null,
          photos: [
            { id: photo.photoId, kind: 'photo', url: `/api/v1/stop-photos/${photo.photoId}` },
            {
              id: signature.photoId,
              kind: 'signature',
              url: `/api/v1/stop-photos/${signature.photoId}`,
            },
          ],
        },
      ]);
      expect((await server.request('GET', `/api/v1/stops/${id}/proof`)).status).toBe(401);
    });

    it('serves an image with its own type to a console session only, privately cached', async () => {
      const path = `/api/v1/stop-photos/${photo.photoId}`;
      const res = await fetch(server.url + path, { headers: { cookie: admin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toMatch(/^private/);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(TINY_JPEG);
      const sig = await fetch(`${server.url}/api/v1/stop-photos/${signature.photoId}`, {
        headers: { cookie: admin },
      });
      // Stored as what its bytes are, whatever the phone declared.
      expect(sig.headers.get('content-type')).toBe('image/png');
      expect((await fetch(server.url + path)).status).toBe(401);
      const device = await fetch(server.url + path, {
        headers: { authorization: `Bearer ${courier.deviceToken}` },
      });
      expect(device.status).toBe(401);
      expect(
        (await server.request('GET', '/api/v1/stop-photos/999999', { cookie: admin })).status,
      ).toBe(404);
    });

    it("keeps a hub's proof from a user of another hub", async () => {
      const otherHub = (
        await server.request<{ id: number }>('POST', '/api/v1/hubs', {
          cookie: admin,
          body: { name: 'North', lat: 52.6, lng: 13.4 },
        })
      ).body.id;
      const user = { email: 'north@example.com', password: 'hub-desk-password' };
      await server.request('POST', '/api/v1/users', {
        cookie: admin,
        body: { ...user, name: 'Nora', role: 'dispatcher', hubId: otherHub },
      });
      const north = await server.login(user.email, user.password);
      const id = stop['WITH-CODE']!;
      expect(
        (await server.request('GET', `/api/v1/stops/${id}/proof`, { cookie: north })).status,
      ).toBe(404);
      const image = await server.request('GET', `/api/v1/stop-photos/${photo.photoId}`, {
        cookie: north,
      });
      expect(image.status).toBe(404);
      const since = Date.now() - 3600_000;
      const theirs = await server.request(
        'GET',
        `/api/v1/stop-proofs?hubId=${hubId}&since=${since}`,
        {
          cookie: north,
        },
      );
      expect(theirs.status).toBe(404);
      const own = await server.request<RecentProofList>(
        'GET',
        `/api/v1/stop-proofs?since=${since}`,
        {
          cookie: north,
        },
      );
      expect(own.body.proofs).toEqual([]);
    });

    it('lists the latest completions since a time, with their stops', async () => {
      const since = Date.now() - 3600_000;
      const res = await server.request<RecentProofList>(
        'GET',
        `/api/v1/stop-proofs?courierId=${courier.id}&since=${since}`,
        { cookie: admin },
      );
      expect(res.status).toBe(200);
      const ats = res.body.proofs.map((p) => p.proof.at);
      expect(ats).toEqual([...ats].sort((a, b) => b - a));
      expect(res.body.proofs[0]).toMatchObject({
        stop: { id: stop['WITH-CODE'], orderRef: 'WITH-CODE', status: 'delivered', hubId },
        proof: { outcome: 'delivered', recipientName: 'Carla' },
      });
      // A failed attempt stays listed whatever happened to its stop since.
      expect(res.body.proofs.find((p) => p.stop.id === stop['NOT-HOME'])).toMatchObject({
        proof: { outcome: 'failed', reasonCode: 'not_home' },
      });
      const later = await server.request<RecentProofList>(
        'GET',
        `/api/v1/stop-proofs?courierId=${courier.id}&since=${Date.now() + 60_000}`,
        { cookie: admin },
      );
      expect(later.body.proofs).toEqual([]);
      expect((await server.request('GET', `/api/v1/stop-proofs?since=${since}`)).status).toBe(401);
    });

    it('accepts a photo for a stop already delivered (a phone that was offline)', async () => {
      const late = await uploaded(
        await upload(stop['WITH-CODE']!, TINY_PNG, { type: 'image/png' }),
      );
      expect(late.kind).toBe('photo');
    });
  });
});
