import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';

describe('the Prometheus scrape', () => {
  it('still answers, with the ingest buffer, while the database does not', async () => {
    const metrics = createMetrics();
    metrics.sources.bufferRows = () => 1234;
    metrics.sources.notificationQueue = () => Promise.resolve(7);
    expect(await metrics.registry.metrics()).toContain('dispatch_notification_queue_depth 7');

    metrics.sources.notificationQueue = () => Promise.reject(new Error('connect ECONNREFUSED'));
    const text = await metrics.registry.metrics();
    expect(text).toContain('dispatch_ingest_buffer_rows 1234');
    expect(text).toContain('dispatch_notification_queue_depth 7');
  });

  it('does not wait for a database that hangs', async () => {
    const metrics = createMetrics();
    metrics.sources.notificationQueue = () => new Promise<number>(() => {});
    expect(await metrics.registry.metrics()).toContain('dispatch_notification_queue_depth 0');
  });
});
