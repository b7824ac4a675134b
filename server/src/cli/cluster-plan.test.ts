import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLUSTER_DATABASE_URL,
  DEFAULT_REDIS_URL,
  databaseOf,
  nodeEnvironment,
  parseClusterArgs,
  planCluster,
  redactUrl,
  type ClusterOptions,
} from './cluster-plan';

function options(argv: string[], env: Record<string, string> = {}): ClusterOptions {
  const parsed = parseClusterArgs(argv, env);
  if (parsed === 'help') throw new Error('asked for help');
  return parsed;
}

describe('parseClusterArgs', () => {
  it('defaults to three nodes behind port 3000 with the simulator', () => {
    expect(options([])).toEqual({
      nodes: 3,
      port: 3000,
      sim: true,
      couriers: 100,
      stops: 1500,
      seed: 1,
    });
  });

  it('reads every flag', () => {
    const argv = '--nodes 2 --port 4000 --no-sim --couriers 5 --stops 50 --seed 7'.split(' ');
    expect(options(argv)).toEqual({
      nodes: 2,
      port: 4000,
      sim: false,
      couriers: 5,
      stops: 50,
      seed: 7,
    });
  });

  it("takes the balancer's port from PORT when --port is not given", () => {
    expect(options([], { PORT: '8080' }).port).toBe(8080);
  });

  it('refuses a count that is not a positive whole number', () => {
    expect(() => parseClusterArgs(['--nodes', '0'], {})).toThrow(/--nodes/);
    expect(() => parseClusterArgs(['--nodes', '1.5'], {})).toThrow(/--nodes/);
    expect(() => parseClusterArgs(['--stops', 'many'], {})).toThrow(/--stops/);
  });

  it('refuses more nodes than one machine is meant to run', () => {
    expect(() => parseClusterArgs(['--nodes', '33'], {})).toThrow(/at most 32/);
  });

  it('refuses an unknown flag', () => {
    expect(() => parseClusterArgs(['--nodez', '3'], {})).toThrow();
  });

  it('answers help', () => {
    expect(parseClusterArgs(['--help'], {})).toBe('help');
  });
});

describe('planCluster', () => {
  it('puts node i on port+i and OSMAND_PORT+i, named node-i', () => {
    const plan = planCluster({ nodes: 3, port: 3000 }, {});
    expect(plan.port).toBe(3000);
    expect(plan.osmandPort).toBe(5055);
    expect(plan.nodes.map((n) => [n.name, n.port, n.osmandPort, n.metricsPort])).toEqual([
      ['node-1', 3001, 5056, null],
      ['node-2', 3002, 5057, null],
      ['node-3', 3003, 5058, null],
    ]);
  });

  it('moves the OsmAnd ports with OSMAND_PORT and gives each node a metrics port of its own', () => {
    const plan = planCluster(
      { nodes: 2, port: 3000 },
      { OSMAND_PORT: '6000', METRICS_PORT: '9464' },
    );
    expect(plan.osmandPort).toBe(6000);
    expect(plan.nodes.map((n) => [n.osmandPort, n.metricsPort])).toEqual([
      [6001, 9465],
      [6002, 9466],
    ]);
  });

  it('defaults to a database, a Redis and a data folder of its own', () => {
    const plan = planCluster({ nodes: 1, port: 3000 }, {});
    expect(plan.databaseUrl).toBe(DEFAULT_CLUSTER_DATABASE_URL);
    expect(plan.redisUrl).toBe(DEFAULT_REDIS_URL);
    expect(plan.dataDir).toBe('.data/cluster');
  });

  it('uses DATABASE_URL, REDIS_URL and DATA_DIR when they are set', () => {
    const env = {
      DATABASE_URL: 'postgres://u@db:5432/x',
      REDIS_URL: 'redis://cache:6380',
      DATA_DIR: '/srv/data',
    };
    const plan = planCluster({ nodes: 1, port: 3000 }, env);
    expect([plan.databaseUrl, plan.redisUrl, plan.dataDir]).toEqual([
      env.DATABASE_URL,
      env.REDIS_URL,
      env.DATA_DIR,
    ]);
  });

  it('refuses ports that overlap', () => {
    expect(() => planCluster({ nodes: 3, port: 5054 }, {})).toThrow(/port 5055 is used twice/);
  });

  it('refuses ports past 65535', () => {
    expect(() => planCluster({ nodes: 2, port: 65534 }, {})).toThrow(/past 65535/);
  });
});

describe('nodeEnvironment', () => {
  const plan = planCluster({ nodes: 2, port: 3000 }, { REDIS_URL: 'redis://cache:6379' });

  it("sets the node's name, ports and the shared services over the cluster's environment", () => {
    const env = nodeEnvironment(plan, plan.nodes[1]!, {
      PORT: '3000',
      NODE_NAME: 'ignored',
      LEASE_TTL_S: '5',
    });
    expect(env).toMatchObject({
      NODE_NAME: 'node-2',
      PORT: '3002',
      OSMAND_PORT: '5057',
      DATABASE_URL: DEFAULT_CLUSTER_DATABASE_URL,
      REDIS_URL: 'redis://cache:6379',
      DATA_DIR: '.data/cluster',
      LEASE_TTL_S: '5',
      LOG_FORMAT: 'pretty',
    });
    expect(env.METRICS_PORT).toBeUndefined();
  });

  it('keeps a LOG_FORMAT that was asked for', () => {
    expect(nodeEnvironment(plan, plan.nodes[0]!, { LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
  });
});

describe('databaseOf', () => {
  it('names the database and the postgres database beside it, keeping credentials and options', () => {
    expect(
      databaseOf('postgres://me:secret@db.local:5433/dispatch_cluster?sslmode=require'),
    ).toEqual({
      name: 'dispatch_cluster',
      maintenanceUrl: 'postgres://me:secret@db.local:5433/postgres?sslmode=require',
    });
  });

  it('decodes an escaped database name', () => {
    expect(databaseOf('postgres://h/my%20db').name).toBe('my db');
  });

  it('refuses a URL without a database', () => {
    expect(() => databaseOf('postgres://h:5432/')).toThrow(/names no database/);
  });
});

describe('redactUrl', () => {
  it('hides a password', () => {
    expect(redactUrl('postgres://me:secret@h/db')).toBe('postgres://me:***@h/db');
  });

  it('leaves a URL without one as it is', () => {
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
