import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../.ci/audit.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ci-audit-'));

/** An advisory as `pnpm audit --json` reports it. */
const advisory = (id: number, ghsa: string, severity: string, module = 'some-lib') => ({
  id,
  github_advisory_id: ghsa,
  module_name: module,
  severity,
  title: `a ${severity} problem`,
  url: `https://github.com/advisories/${ghsa}`,
  vulnerable_versions: '<2.0.0',
  cves: [],
});

/** Runs the gate on a saved report (or a raw text) and an allow-list; exit code and output. */
function judge(report: unknown, allow: unknown, today = '2026-12-04') {
  const reportPath = join(dir, `report-${Math.random()}.json`);
  const allowPath = join(dir, `allow-${Math.random()}.json`);
  writeFileSync(reportPath, typeof report === 'string' ? report : JSON.stringify(report));
  writeFileSync(allowPath, JSON.stringify(allow));
  const run = spawnSync(
    process.execPath,
    [SCRIPT, '--report', reportPath, '--allow', allowPath, '--today', today],
    { encoding: 'utf8' },
  );
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

const reviewed = (reason: string) => ({ package: 'some-lib', reason, reviewed: '2026-12-01' });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CI dependency audit', () => {
  it('passes a report with nothing high or critical, naming the lower ones', () => {
    const result = judge({ advisories: { 1: advisory(1, 'GHSA-aaaa', 'moderate') } }, {});
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/below high, not blocking: moderate some-lib/);
  });

  it('fails on a high advisory nobody reviewed, naming it', () => {
    const result = judge({ advisories: { 2: advisory(2, 'GHSA-bbbb', 'high') } }, {});
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/BLOCKING: high some-lib .*GHSA-bbbb/);
  });

  it('lets a reviewed critical advisory through and prints why', () => {
    const result = judge(
      { advisories: { 3: advisory(3, 'GHSA-cccc', 'critical') } },
      { advisories: { 'GHSA-cccc': reviewed('only the CLI uses the affected parser') } },
    );
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/allowed \(reviewed 2026-12-01\): only the CLI uses/);
  });

  it('points out allow-list entries that match no advisory any more', () => {
    const result = judge({ advisories: {} }, { advisories: { 'GHSA-dddd': reviewed('old') } });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/GHSA-dddd no longer matches/);
  });

  it('refuses an allow-list entry without a reason', () => {
    const result = judge(
      { advisories: {} },
      { advisories: { 'GHSA-eeee': { package: 'x', reviewed: '2026-12-01' } } },
    );
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/GHSA-eeee needs a reason/);
  });

  it('fails when the audit endpoint gave no report', () => {
    const result = judge('ERR_PNPM_AUDIT_BAD_RESPONSE responded with 405', {});
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/not audited/i);
  });

  it('passes an unreachable endpoint only under a dated waiver, and fails once it expires', () => {
    const allow = {
      advisories: {},
      unreachable: { until: '2027-01-15', reviewed: '2026-12-04', reason: 'mirror answers 405' },
    };
    const within = judge('no json', allow, '2027-01-15');
    expect(within.code).toBe(0);
    expect(within.out).toMatch(/NOT AUDITED.*\n.*waived until 2027-01-15.*mirror answers 405/);
    expect(judge('no json', allow, '2027-01-16').code).toBe(1);
  });
});
