import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = path.join(REPO_ROOT, 'server', 'src', 'cli', 'replay-gpx.ts');

/**
 * Runs `pnpm replay-gpx` as its own process (for tests), with `dataDir` as DATA_DIR and no
 * login in its environment.
 */
export function runReplayCli(
  args: string[],
  dataDir = mkdtempSync(path.join(tmpdir(), 'replay-cli-')),
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
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
