import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS_FILE, readDemoAdminLogin } from './demo-login';

function dataDirWith(content: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'demo-login-'));
  if (content !== null) writeFileSync(join(dir, DEMO_CREDENTIALS_FILE), content);
  return dir;
}

describe('readDemoAdminLogin', () => {
  it('reads the admin login the demo start wrote, with where it came from', () => {
    const dir = dataDirWith(
      JSON.stringify({
        admin: { email: 'admin@demo.local', password: 'pw1' },
        dispatcher: { email: 'dispatcher@demo.local', password: 'pw2' },
        supervisor: { email: 'supervisor@demo.local', password: 'pw3' },
      }),
    );
    expect(readDemoAdminLogin(dir)).toEqual({
      email: 'admin@demo.local',
      password: 'pw1',
      path: join(dir, DEMO_CREDENTIALS_FILE),
    });
  });

  it('is null when the demo was never started in that folder', () => {
    expect(readDemoAdminLogin(dataDirWith(null))).toBeNull();
  });

  it('refuses a file that is not JSON', () => {
    expect(() => readDemoAdminLogin(dataDirWith('admin=x'))).toThrow(/is not JSON/);
  });

  it('refuses a file without an admin login', () => {
    expect(() => readDemoAdminLogin(dataDirWith('{"dispatcher":{}}'))).toThrow(
      /is not a demo credentials file/,
    );
  });
});
