import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createHttpServer } from './http-server';

/** A server logging JSON lines into an array, with one route. */
async function serverLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const http = await createHttpServer({
    level,
    format: 'json',
    stream: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  http.get('/ping', async () => ({ ok: true }));
  await http.ready();
  return { http, lines };
}

describe('request logging', () => {
  it('writes one line per request at debug level, with method, path, status and time', async () => {
    const { http, lines } = await serverLoggingAt('debug');
    await http.inject({ method: 'GET', url: '/ping' });
    await http.inject({ method: 'GET', url: '/nowhere' });
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ level: 20, method: 'GET', url: '/ping', status: 200 });
    expect(requests[1]).toMatchObject({ url: '/nowhere', status: 404 });
    expect(typeof requests[0]!.ms).toBe('number');
    expect(lines.filter((l) => l.msg === 'incoming request')).toEqual([]);
    await http.close();
  });

  it('writes nothing per request at info level', async () => {
    const { http, lines } = await serverLoggingAt('info');
    await http.inject({ method: 'GET', url: '/ping' });
    expect(lines.filter((l) => l.reqId !== undefined)).toEqual([]);
    await http.close();
  });
});

describe('LOG_FORMAT', () => {
  it('is JSON unless set, and takes pretty', () => {
    expect(loadConfig({}).LOG_FORMAT).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
  });

  it('refuses a format it does not know, naming the setting', () => {
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});
