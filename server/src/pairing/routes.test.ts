import { describe, expect, it } from 'vitest';
import type { Guard } from '../auth/guard';
import { loadConfig } from '../config';
import { createHttpServer } from '../http/http-server';
import type { PairingService } from './pairing-service';
import { pairingRoutes } from './routes';

const dispatcher = {
  id: 3,
  email: 'd@example.com',
  name: 'D',
  role: 'dispatcher',
  hubId: 1,
} as const;

/** The route over a service that always makes the same code, signed in as a dispatcher. */
async function serverWith(publicUrl: string | null) {
  const http = await createHttpServer({ level: 'silent', format: 'json' });
  const signedIn = async (request: { user: unknown }) => {
    request.user = dispatcher;
  };
  const guard = { require: () => signedIn, console: signedIn } as unknown as Guard;
  const pairing: Pick<PairingService, 'createCode'> = {
    createCode: async () => ({ code: 'ABCDEFGHJK', expiresAt: 1_000 }),
  };
  await http.register(pairingRoutes, { pairing, guard, publicUrl });
  await http.ready();
  return http;
}

describe('the pairing link', () => {
  it('starts with PUBLIC_URL when it is set', async () => {
    const http = await serverWith('https://dispatch.example.com');
    const res = await http.inject({ method: 'POST', url: '/api/v1/couriers/7/pairing' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      code: 'ABCDEFGHJK',
      url: 'https://dispatch.example.com/driver/pair#ABCDEFGHJK',
      expiresAt: 1_000,
    });
    await http.close();
  });

  it('otherwise points where the console reached the server', async () => {
    const http = await serverWith(null);
    const res = await http.inject({
      method: 'POST',
      url: '/api/v1/couriers/7/pairing',
      headers: { host: '192.168.1.20:3000' },
    });
    expect(res.json()).toMatchObject({ url: 'http://192.168.1.20:3000/driver/pair#ABCDEFGHJK' });
    await http.close();
  });
});

describe('PUBLIC_URL', () => {
  it('is optional and takes an http(s) origin', () => {
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'http://192.168.1.20:3000' }).PUBLIC_URL).toBe(
      'http://192.168.1.20:3000',
    );
    expect(loadConfig({ PUBLIC_URL: 'https://dispatch.example.com/' }).PUBLIC_URL).toBe(
      'https://dispatch.example.com/',
    );
  });

  it('refuses anything else, naming the setting', () => {
    for (const bad of ['192.168.1.20:3000', 'ftp://example.com', 'https://example.com/app?x=1'])
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
  });
});
