import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleWebPlugin } from './console-web';

describe('the built console', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'console-web-'));
  const http = Fastify();

  beforeAll(async () => {
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>shell</title>');
    mkdirSync(join(webDir, '_app'));
    writeFileSync(join(webDir, '_app', 'start.js'), 'export {};');
    await http.register(consoleWebPlugin, { webDir });
    await http.ready();
  });
  afterAll(async () => {
    await http.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('answers deep links of the client-side pages with the shell, the courier app’s included', async () => {
    for (const url of ['/driver/pair', '/driver', '/sla', '/t/abc']) {
      const res = await http.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>shell</title>');
    }
  });

  it('serves its files as they are, and no shell for an unknown API path', async () => {
    const asset = await http.inject({ method: 'GET', url: '/_app/start.js' });
    expect(asset.body).toBe('export {};');
    expect((await http.inject({ method: 'GET', url: '/api/v1/nowhere' })).statusCode).toBe(404);
  });
});
