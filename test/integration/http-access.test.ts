import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/test-server';

const TOKEN = 'metrics-scrape-token-123';

describe('metrics and the API document, by default', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server?.stop());

  it('serves /metrics to this machine', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/dispatch_pings_received_total/);
  });

  it('refuses /metrics that came through a proxy', async () => {
    const res = await server.request('GET', '/metrics', {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(res).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });

  it('serves /docs and /docs/json to signed-in users only', async () => {
    expect(await server.request('GET', '/docs/json')).toMatchObject({
      status: 401,
      body: { code: 'unauthorized' },
    });
    expect((await server.request('GET', '/docs')).status).toBe(401);
    const cookie = await server.login();
    const doc = await server.request<{ paths: Record<string, unknown> }>('GET', '/docs/json', {
      cookie,
    });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/stops/import');
    expect((await server.request('GET', '/docs', { cookie })).status).toBe(200);
  });

  it('sends the security headers on API answers, without HSTS over plain HTTP', async () => {
    const res = await server.request('GET', '/healthz');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('metrics with METRICS_TOKEN, docs with DOCS_PUBLIC, HSTS with an https PUBLIC_URL', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({
      METRICS_TOKEN: TOKEN,
      DOCS_PUBLIC: true,
      PUBLIC_URL: 'https://dispatch.example.com',
    });
  });
  afterAll(() => server?.stop());

  it('asks every scraper for the token, this machine included', async () => {
    expect(await server.request('GET', '/metrics')).toMatchObject({
      status: 401,
      body: { code: 'unauthorized' },
    });
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' },
    });
    expect(res.status).toBe(200);
  });

  it('serves the API document to anyone', async () => {
    expect((await server.request('GET', '/docs/json')).status).toBe(200);
  });

  it('sends HSTS', async () => {
    const res = await server.request('GET', '/healthz');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});

describe('metrics on a separate listener (METRICS_PORT)', () => {
  let server: TestServer;
  let metricsUrl: string;

  beforeAll(async () => {
    server = await TestServer.start({ METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' });
    metricsUrl = `${server.metricsUrl}/metrics`;
  });
  afterAll(() => server?.stop());

  it('serves /metrics there, to whoever reaches it', async () => {
    const res = await fetch(metricsUrl, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/dispatch_process_/);
  });

  it('no longer serves /metrics on the main port', async () => {
    expect((await server.request('GET', '/metrics')).status).toBe(404);
  });
});
