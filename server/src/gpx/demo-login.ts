import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileValidator } from '@dispatch/shared';
import Type from 'typebox';

/** The file the demo start writes into the data folder (see cli/demo-seed.ts). */
export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';

const Login = Type.Object({ email: Type.String({ minLength: 1 }), password: Type.String() });
const demoCredentialsValidator = compileValidator(
  Type.Object({ admin: Login }),
  DEMO_CREDENTIALS_FILE,
);

/**
 * The demo admin's login from `dataDir`, with the path it was read from; null when the demo has
 * never been started there. Throws when the file exists but is not what the demo writes.
 */
export function readDemoAdminLogin(
  dataDir: string,
): { email: string; password: string; path: string } | null {
  const path = join(dataDir, DEMO_CREDENTIALS_FILE);
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path} is not JSON: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const parsed = demoCredentialsValidator.parse(json);
  if (!parsed.ok)
    throw new Error(`${path} is not a demo credentials file: ${parsed.error.message}`);
  return { ...parsed.value.admin, path };
}
