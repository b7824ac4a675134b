import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');

let options: ICruiseOptions;
const scratch: string[] = [];

beforeAll(async () => {
  options = await extractDepcruiseOptions(CONFIG);
});

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

async function cruiseIn(baseDir: string, entries: string[]): Promise<ICruiseResult> {
  const { tsConfig: _tsConfig, ...rest } = options;
  const result = await cruise(entries, { ...rest, baseDir, validate: true });
  return result.output as ICruiseResult;
}

const broken = (result: ICruiseResult) =>
  [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();

/**
 * A small tree laid out like the server, plus `files` (path → source), cruised with the
 * project's own rules. Packages resolve from the repository's node_modules.
 */
async function cruiseTree(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'layering-'));
  scratch.push(dir);
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tree: Record<string, string> = {
    'server/src/db/client.ts': 'export const db = 1;\n',
    'server/src/simulator/fleet.ts': 'export const fleet = 1;\n',
    'server/src/fleet/fleet-state.ts': 'export const state = 1;\n',
    'server/src/detect/engine.ts':
      "import { state } from '../fleet/fleet-state';\nexport const engine = state;\n",
    'server/src/alerts/alert-service.ts':
      "import { db } from '../db/client';\nexport const alerts = db;\n",
    'server/src/app.ts':
      "import { alerts } from './alerts/alert-service';\nimport { engine } from './detect/engine';\nexport const app = alerts + engine;\n",
    'server/src/main.ts': "import { app } from './app';\nexport const main = app;\n",
    'test/helpers/factory.ts': 'export const factory = 1;\n',
    ...files,
  };
  for (const [path, source] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return broken(await cruiseIn(dir, ['server/src']));
}

describe('the layering rules', () => {
  it('hold for the repository as it is', async () => {
    const result = await cruiseIn(REPO, ['server/src', 'shared/src']);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(200);
  });

  it("keep the server's entry free of simulator, CLI and test modules", async () => {
    const result = await cruiseIn(REPO, ['server/src/main.ts']);
    const reached = result.modules.map((m) => m.source);
    expect(reached).toContain('server/src/app.ts');
    expect(reached.filter((m) => /^(server\/src\/(simulator|cli)\/|test\/)/.test(m))).toEqual([]);
  });

  it('pass a tree laid out as they want', async () => {
    expect(await cruiseTree({})).toEqual([]);
  });

  it('refuse a pure folder importing the database', async () => {
    expect(
      await cruiseTree({
        'server/src/fleet/roster.ts': "import { db } from '../db/client';\nexport const r = db;\n",
      }),
    ).toEqual(['pure-folder-reaches-io']);
  });

  it('refuse a pure folder reaching the database through another module', async () => {
    expect(
      await cruiseTree({
        'server/src/detect/rules.ts':
          "import { alerts } from '../alerts/alert-service';\nexport const r = alerts;\n",
      }),
    ).toEqual(['pure-folder-reaches-io']);
  });

  it('refuse a pure folder importing Fastify or Socket.IO', async () => {
    expect(
      await cruiseTree({
        'server/src/eta/eta-service.ts':
          "import Fastify from 'fastify';\nimport { Server } from 'socket.io';\nexport const x = [Fastify, Server];\n",
      }),
    ).toEqual(['pure-folder-reaches-io']);
  });

  it('refuse capability folders importing each other in a circle', async () => {
    expect(
      await cruiseTree({
        'server/src/fleet/fleet-state.ts':
          "import { tick } from '../detect/loop';\nexport const state = tick;\n",
        'server/src/detect/loop.ts': 'export const tick = 1;\n',
      }),
    ).toEqual(['capability-folder-cycle']);
  });

  it("refuse the server's entry reaching the simulator", async () => {
    expect(
      await cruiseTree({
        'server/src/main.ts':
          "import { app } from './app';\nimport { fleet } from './simulator/fleet';\nexport const main = app + fleet;\n",
      }),
    ).toEqual(['product-imports-simulator', 'server-entry-reaches-tools']);
  });

  it('refuse product code importing test helpers', async () => {
    expect(
      await cruiseTree({
        'server/src/alerts/escalation.ts':
          "import { factory } from '../../../test/helpers/factory';\nexport const e = factory;\n",
      }),
    ).toEqual(['product-imports-tests']);
  });

  it('refuse a capability reaching for the composition root', async () => {
    expect(
      await cruiseTree({
        'server/src/alerts/routes.ts': "import { app } from '../app';\nexport const r = app;\n",
      }),
    ).toEqual(['capability-imports-composition-root']);
  });
});
