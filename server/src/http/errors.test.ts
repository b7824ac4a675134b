import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHttpServer } from './http-server';

describe('refusals before a route is found', () => {
  let http: FastifyInstance;

  beforeAll(async () => {
    http = await createHttpServer({ level: 'silent', format: 'json' });
    http.get('/items/:id', async () => ({ ok: true }));
    http.get('/overflow', async () => {
      throw Object.assign(new Error('value "9007199254740994" is out of range for type integer'), {
        code: '22003',
      });
    });
    await http.ready();
  });
  afterAll(() => http.close());

  it('answers a URL whose percent-encoding is not UTF-8 with a typed 400', async () => {
    const res = await http.inject({ method: 'GET', url: '/items/%ED%A0%80' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'invalid',
      message: 'the URL is not valid (malformed percent-encoding)',
    });
  });

  it('answers a path parameter over the length limit with a typed 414', async () => {
    const res = await http.inject({ method: 'GET', url: `/items/${'9'.repeat(200)}` });
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ code: 'invalid', message: 'a part of the URL is too long' });
  });

  it('answers a value the database cannot store (an integer overflow) with a typed 400', async () => {
    const res = await http.inject({ method: 'GET', url: '/overflow' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid' });
  });
});
