import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runReplayCli } from './run-replay-cli';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NO_TIMES_FILE = path.resolve(
  REPO_ROOT,
  '..',
  'shared',
  'data',
  'gpx',
  'cerknicko-without-times.gpx',
);
const HAS_DATA = existsSync(NO_TIMES_FILE);

describe('pnpm replay-gpx', () => {
  it.skipIf(!HAS_DATA)(
    `refuses a file without timestamps before connecting${HAS_DATA ? '' : ` (skipped: ${NO_TIMES_FILE} is absent)`}`,
    async () => {
      // Nothing listens on port 9: only reading the file can produce this answer.
      const run = await runReplayCli([
        NO_TIMES_FILE,
        '--courier',
        '1',
        '--token',
        't',
        '--server',
        'http://127.0.0.1:9',
      ]);
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        'replay-gpx: cerknicko-without-times.gpx has timestamps on only 5 of its 296 points ' +
          '(track 2 "ACTIVE LOG #2" has points without one); replay needs a recorded time per fix',
      );
    },
  );

  it('refuses a missing file with one line', async () => {
    const run = await runReplayCli(['no-such-track.gpx', '--courier', '1', '--token', 't']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('replay-gpx: cannot read no-such-track.gpx: no such file');
  });

  it('refuses bad flags with one line and status 2', async () => {
    const run = await runReplayCli(['t.gpx', '--courier', '1', '--speedup', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('replay-gpx: --speedup must be > 0, got 0 (see --help)');
  });

  it('prints its usage for --help', async () => {
    const run = await runReplayCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/pnpm replay-gpx FILE --courier ID/);
  });
});
