import { describe, expect, it } from 'vitest';
import { clusterBanner, portSchemeLines } from './cluster-banner';
import { planCluster } from './cluster-plan';

const plan = planCluster(
  { nodes: 2, port: 3000 },
  { DATABASE_URL: 'postgres://me:secret@127.0.0.1:5432/dispatch_cluster' },
);
const credentials = {
  admin: { email: 'admin@demo.local', password: 'a-pass' },
  dispatcher: { email: 'dispatcher@demo.local', password: 'd-pass' },
  supervisor: { email: 'supervisor@demo.local', password: 's-pass' },
};

describe('portSchemeLines', () => {
  it("names the balancers' ports, the nodes' ranges and the services without passwords", () => {
    const text = portSchemeLines(plan, '127.0.0.1').join('\n');
    expect(text).toContain('http://127.0.0.1:3000/ and OsmAnd 127.0.0.1:5055');
    expect(text).toContain(
      'node-1..node-2 on ports 3000+i (3001..3002), OsmAnd 5055+i (5056..5057)',
    );
    expect(text).toContain('postgres://me:***@127.0.0.1:5432/dispatch_cluster');
    expect(text).not.toContain('secret');
  });
});

describe('clusterBanner', () => {
  it("lists the console behind the balancer, each node's URL and pid, and the sign-ins", () => {
    const text = clusterBanner({
      plan,
      host: '127.0.0.1',
      pids: new Map([
        ['node-1', 101],
        ['node-2', 102],
      ]),
      credentials,
      simulatorRunning: true,
    });
    expect(text).toContain('Console        http://127.0.0.1:3000/');
    expect(text).toMatch(/node-1 +http:\/\/127\.0\.0\.1:3001\/ +OsmAnd 5056 +pid 101/);
    expect(text).toMatch(/node-2 +http:\/\/127\.0\.0\.1:3002\/ +OsmAnd 5057 +pid 102/);
    expect(text).toContain('admin@demo.local  a-pass');
    expect(text).toContain('Simulator      running against http://127.0.0.1:3000');
  });

  it('says where sign-ins would be when the demo was seeded elsewhere', () => {
    const text = clusterBanner({
      plan,
      host: '127.0.0.1',
      pids: new Map(),
      credentials: null,
      simulatorRunning: false,
    });
    expect(text).toContain('no demo sign-ins in .data/cluster');
    expect(text).toContain('Simulator      not started');
  });
});
