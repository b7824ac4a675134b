import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';

let session: Session | null = null;

/** Starts V8's sampling profiler in this process (for the measured window only). */
export async function startCpuProfile(): Promise<void> {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
}

/** Stops the profiler and writes a `.cpuprofile` (open it in Chrome DevTools or speedscope). */
export async function stopCpuProfile(path: string): Promise<void> {
  if (!session) throw new Error('the profiler is not running');
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  session = null;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(profile));
}
