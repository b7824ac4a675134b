import type { StopProofView } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { ProofViewer } from './proof-viewer.svelte';

const proof = (id: number): StopProofView => ({
  id,
  outcome: 'delivered',
  attempt: 1,
  at: 1000,
  courierId: 4,
  recipientName: 'Carla',
  note: null,
  reasonCode: null,
  codeVerified: false,
  lat: 52.5,
  lng: 13.4,
  distanceMeters: 3,
  farFromStop: false,
  photos: [],
});
const subject = (id: number) => ({ id, label: `A-${id}`, lat: 52.5, lng: 13.4 });

/** A loader whose answers the test releases one by one. */
function controlledLoader() {
  const calls: {
    stopId: number;
    resolve: (p: StopProofView[]) => void;
    reject: (e: Error) => void;
  }[] = [];
  const load = (stopId: number) =>
    new Promise<StopProofView[]>((resolve, reject) => calls.push({ stopId, resolve, reject }));
  return { load, calls };
}

describe('ProofViewer', () => {
  it('shows the stop at once and its proofs once they arrive', async () => {
    const { load, calls } = controlledLoader();
    const viewer = new ProofViewer(load);
    const opened = viewer.open(subject(7));
    expect(viewer.subject?.id).toBe(7);
    expect(viewer.loading).toBe(true);
    calls[0]!.resolve([proof(1)]);
    await opened;
    expect(viewer.loading).toBe(false);
    expect(viewer.proofs.map((p) => p.id)).toEqual([1]);
  });

  it('keeps the later stop when an earlier answer comes last', async () => {
    const { load, calls } = controlledLoader();
    const viewer = new ProofViewer(load);
    const first = viewer.open(subject(1));
    const second = viewer.open(subject(2));
    calls[1]!.resolve([proof(20)]);
    await second;
    calls[0]!.resolve([proof(10)]);
    await first;
    expect(viewer.subject?.id).toBe(2);
    expect(viewer.proofs.map((p) => p.id)).toEqual([20]);
  });

  it('says why the proof could not be loaded', async () => {
    const { load, calls } = controlledLoader();
    const viewer = new ProofViewer(load);
    const opened = viewer.open(subject(3));
    calls[0]!.reject(new Error('this belongs to another hub than yours'));
    await opened;
    expect(viewer.error).toBe('this belongs to another hub than yours');
    expect(viewer.loading).toBe(false);
  });

  it('forgets everything on close, ignoring an answer still on its way', async () => {
    const { load, calls } = controlledLoader();
    const viewer = new ProofViewer(load);
    const opened = viewer.open(subject(3));
    viewer.close();
    calls[0]!.resolve([proof(1)]);
    await opened;
    expect(viewer.subject).toBeNull();
    expect(viewer.proofs).toEqual([]);
    expect(viewer.loading).toBe(false);
  });
});
