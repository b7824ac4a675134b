import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = path.join(REPO_ROOT, 'server', 'src', 'cli', 'replay-gpx.ts');
const NO_TIMES_FILE = path.resolve(
  REPO_ROOT,
  '..',
  'shared',
  'data',
  'gpx',
  'cerknicko-without-times.gpx',
);
const HAS_DATA = existsSync(NO_TIMES_FILE);

/** Runs `pnpm replay-gpx` as its own process, with no credentials in its environment. */
function runCli(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'replay-cli-')),
  };
  for (const name of ['DISPATCH_EMAIL', 'DISPATCH_PASSWORD', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'])
    delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: REPO_ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('pnpm replay-gpx', () => {
  it.skipIf(!HAS_DATA)(
    `refuses a file without timestamps before connecting${HAS_DATA ? '' : ` (skipped: ${NO_TIMES_FILE} is absent)`}`,
    async () => {
      // Nothing listens on port 9: only reading the file can produce this answer.
      const run = await runCli([
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
    const run = await runCli(['no-such-track.gpx', '--courier', '1', '--token', 't']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('replay-gpx: cannot read no-such-track.gpx: no such file');
  });

  it('refuses bad flags with one line and status 2', async () => {
    const run = await runCli(['t.gpx', '--courier', '1', '--speedup', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('replay-gpx: --speedup must be > 0, got 0 (see --help)');
  });

  it('prints its usage for --help', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/pnpm replay-gpx FILE --courier ID/);
  });
});
