import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './request-hash';

describe('canonicalJson', () => {
  it('sorts every object’s keys, at every depth, and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('writes strings, numbers and booleans as JSON does', () => {
    expect(canonicalJson({ s: 'a"b\n', n: 1.5, t: true, e: 'é' })).toBe(
      JSON.stringify({ e: 'é', n: 1.5, s: 'a"b\n', t: true }),
    );
  });

  it('leaves out undefined fields, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('requestHash', () => {
  const order = {
    reference: 'A-1',
    customer: { name: 'Ana', email: 'ana@example.com' },
    lat: -20.5,
    lng: -54.6,
  };

  it('is the SHA-256 hex of the canonical JSON', () => {
    expect(requestHash(order)).toBe(
      createHash('sha256').update(canonicalJson(order)).digest('hex'),
    );
  });

  it('is the same for the same body with its fields in another order', () => {
    const reordered = {
      lng: -54.6,
      customer: { email: 'ana@example.com', name: 'Ana' },
      lat: -20.5,
      reference: 'A-1',
    };
    expect(requestHash(reordered)).toBe(requestHash(order));
  });

  it('differs when any value differs, however deep', () => {
    expect(requestHash({ ...order, customer: { ...order.customer, name: 'Ana ' } })).not.toBe(
      requestHash(order),
    );
    expect(requestHash({ ...order, lat: -20.50001 })).not.toBe(requestHash(order));
    expect(requestHash([1, 2])).not.toBe(requestHash([2, 1]));
  });
});
