import { afterAll, describe, expect, it } from 'vitest';
import { markdownTable } from '../bench/table';
import { eventually } from '../helpers/test-server';
import { jsonDifferences } from './chaos-checks';
import {
  CHAOS_SERVER_ENV,
  ChaosServer,
  chaosRng,
  chaosSeed,
  embeddedDatabase,
  postgresDatabase,
  type ChaosDatabase,
} from './chaos-world';
import type { LearnedSpeedsSnapshot } from '../../server/src/eta/learned-speeds-snapshot';
import { BUSY_HUB, seedWorld } from './console-user';
import { phonesFor, type CourierPhone } from './courier-phone';

/** How long the phones move in each of the two stretches. */
const LEARN_MS = Number(process.env.CHAOS_LEARN_MS ?? 20_000);
const TICK_MS = 250;
/** The learned speeds as `EtaService` saves them. */
const SPEEDS_MODEL = 'learned_speeds';
/**
 * Numbers within this share of the larger are equal. Fixes are learned again in the order they
 * were received; live, batches committed at once (PostgreSQL commits several concurrently) are
 * learned in the order their commits finish, which is not stored. Seen: a millionth at most.
 */
const RELATIVE_TOLERANCE = 1e-4;
const SEED = chaosSeed();

interface SavedModel {
  data: string;
  /** `updated_at` as the database prints it, to the microsecond. */
  savedAt: string;
}

const rows: string[][] = [];

/**
 * What the ETA model learned survives a crash: the server saves its learned speeds now and then
 * and, at start, learns again from the fixes stored since. Phones move while the server runs, it
 * is stopped (saving what it learned: "the save"), started, and the phones move again; stopped
 * once more, it saves the live model. Then the database is put back as a crash would have left
 * it, the save in place and the later fixes stored, and the server started and stopped again:
 * the model it saves, the save plus the fixes learned again, must be the live one.
 */
describe('the learned speeds across a crash', () => {
  afterAll(() => {
    if (rows.length === 0) return;
    console.log(
      `\nthe learned speeds across a crash (CHAOS_SEED=${SEED})\n` +
        markdownTable(
          ['database', 'fixes learned again', 'speed entries', 'couriers paced', 'differences'],
          rows,
        ),
    );
  });

  it('are learned again as they were live on the embedded database', async () => {
    await learnedAgain(await embeddedDatabase());
  }, 300_000);

  it('are learned again as they were live on PostgreSQL', async (context) => {
    const db = await postgresDatabase();
    if ('skip' in db) {
      console.log(`learned speeds across a crash on PostgreSQL skipped: ${db.skip}`);
      context.skip();
      return;
    }
    await learnedAgain(db);
  }, 300_000);
});

/** A copy of `list` in the order of `key`. */
function sortedBy<T>(list: readonly T[], key: (item: T) => string): T[] {
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * A saved model with its lists in one order: they come in the order cells and couriers were
 * last seen, which only decides what goes first when a list is full, not what was learned.
 */
function canonical(model: LearnedSpeedsSnapshot): LearnedSpeedsSnapshot {
  const { courierPace: pace, streetCircuity: streets } = model;
  return {
    ...model,
    entries: sortedBy(model.entries, (e) => `${e.vehicle ?? ''} ${e.cell} ${e.bucket}`),
    ...(pace && {
      courierPace: {
        groups: sortedBy(pace.groups, (g) => g.group),
        couriers: sortedBy(pace.couriers, (c) => String(c.courierId).padStart(12, '0')),
      },
    }),
    ...(streets && {
      streetCircuity: {
        ...streets,
        areas: sortedBy(streets.areas, (a) => a.area),
        ...(streets.levels && { levels: sortedBy(streets.levels, (l) => l.vehicle) }),
      },
    }),
  };
}

async function savedModel(db: ChaosDatabase): Promise<SavedModel> {
  const database = await db.open();
  try {
    const [row] = await database.query<SavedModel>(
      'select data::text as data, updated_at::text as "savedAt" from model_state where name = $1',
      [SPEEDS_MODEL],
    );
    if (!row) throw new Error('no learned speeds were saved');
    return row;
  } finally {
    await database.close();
  }
}

/** Puts back a save, with its time, and counts the fixes stored after it. */
async function rewindTo(db: ChaosDatabase, save: SavedModel): Promise<number> {
  const database = await db.open();
  try {
    await database.query(
      'update model_state set data = $2::jsonb, updated_at = $3::timestamptz where name = $1',
      [SPEEDS_MODEL, save.data, save.savedAt],
    );
    const [row] = await database.query<{ n: number }>(
      'select count(*)::int as n from pings where received_at >= $1::timestamptz and flag is null',
      [save.savedAt],
    );
    return row!.n;
  } finally {
    await database.close();
  }
}

async function move(phones: CourierPhone[], ms: number): Promise<void> {
  const timer = setInterval(() => phones.forEach((p) => p.tick()), TICK_MS);
  await new Promise((r) => setTimeout(r, ms));
  clearInterval(timer);
  await Promise.all(phones.map((p) => p.flush(Date.now() + 30_000)));
  expect(phones.every((p) => p.unacked === 0)).toBe(true);
}

async function reconnected(phones: CourierPhone[]): Promise<void> {
  await eventually(
    () => (phones.every((p) => p.connected) ? true : undefined),
    30_000,
    'every phone reconnected',
  );
}

async function learnedAgain(db: ChaosDatabase): Promise<void> {
  const rng = chaosRng(SEED, `learning ${db.label}`);
  const server = await ChaosServer.create({ ...db.env, ...CHAOS_SERVER_ENV });
  const phones: CourierPhone[] = [];
  try {
    const cookie = await (await server.start()).login();
    const world = await seedWorld(server, cookie, rng.fork('world'), BUSY_HUB);
    phones.push(...phonesFor(world, server.url, rng, { ackTimeoutMs: 4000, actionChance: 0 }));
    await move(phones, LEARN_MS);
    await server.stop();
    const save = await savedModel(db);

    await server.start();
    await reconnected(phones);
    await move(phones, LEARN_MS);
    await server.stop();
    const live = await savedModel(db);

    // As a crash after the save would have left it; the phones send nothing meanwhile.
    const replayed = await rewindTo(db, save);
    await server.start();
    await server.stop();
    const again = await savedModel(db);

    const liveModel = canonical(JSON.parse(live.data) as LearnedSpeedsSnapshot);
    const saveModel = canonical(JSON.parse(save.data) as LearnedSpeedsSnapshot);
    const againModel = canonical(JSON.parse(again.data) as LearnedSpeedsSnapshot);
    const differences = jsonDifferences(liveModel, againModel, RELATIVE_TOLERANCE);
    rows.push([
      db.label,
      String(replayed),
      String(liveModel.entries.length),
      String(liveModel.courierPace?.couriers.length ?? 0),
      String(differences.length),
    ]);
    expect(replayed).toBeGreaterThan(0);
    // The save must differ from the live model, or the check below shows nothing.
    expect(jsonDifferences(saveModel, liveModel, RELATIVE_TOLERANCE)).not.toEqual([]);
    expect(differences).toEqual([]);
  } finally {
    for (const p of phones) p.close();
    await server.kill();
    await db.drop();
  }
}
