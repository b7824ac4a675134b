import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../server/src/db/client';
import { migrate } from '../../server/src/db/migrate';

/**
 * Builds one migrated embedded database and saves it as a tarball, so each integration test
 * server starts from a copy instead of running initdb (seconds each) again.
 */
export default async function setup(): Promise<() => void> {
  if (process.env.TEST_DATABASE_URL) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'dispatch-template-'));
  const db = await openDatabase({ dataDir: join(dir, 'db') });
  await migrate(db);
  await db.close();
  const pg = await PGlite.create(join(dir, 'db'));
  const tarball = await pg.dumpDataDir('none');
  await pg.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
  process.env.DISPATCH_PGLITE_TEMPLATE = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
