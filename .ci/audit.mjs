#!/usr/bin/env node
// The production dependencies' security audit for CI: runs `pnpm audit --prod --json` and fails on
// a high or critical advisory unless .ci/audit-allow.json lists it with a reviewed reason. It
// prints what it let through and why. When the registry's audit endpoint cannot be reached it
// fails, unless audit-allow.json holds an unexpired, reasoned waiver for that, which it prints.
//
//   node .ci/audit.mjs                    audit now
//   node .ci/audit.mjs --report r.json    judge a saved `pnpm audit --prod --json` output
//   options: --allow <file> (default .ci/audit-allow.json), --today YYYY-MM-DD
/* global console, process */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BLOCKING = new Set(['high', 'critical']);

const { values } = parseArgs({
  options: {
    report: { type: 'string' },
    allow: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), 'audit-allow.json'),
    },
    today: { type: 'string', default: new Date().toISOString().slice(0, 10) },
  },
});

/** @param {string} message */
function fail(message) {
  console.error(`audit: FAILED: ${message}`);
  process.exit(1);
}

/** @returns {{ advisories: Record<string, { package: string, reason: string, reviewed: string }>, unreachable?: { until: string, reason: string, reviewed: string } }} */
function readAllowList(path) {
  let list;
  try {
    list = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    fail(`cannot read the allow-list ${path}: ${err.message}`);
  }
  for (const [id, entry] of Object.entries(list.advisories ?? {})) {
    if (!entry.reason || !/^\d{4}-\d{2}-\d{2}$/.test(entry.reviewed ?? ''))
      fail(`allow-list entry ${id} needs a reason and a reviewed date (YYYY-MM-DD)`);
  }
  return { advisories: list.advisories ?? {}, unreachable: list.unreachable };
}

/** The audit's JSON, or why there is none. @returns {{ report?: any, problem?: string }} */
function runAudit() {
  const run = spawnSync('pnpm', ['audit', '--prod', '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.error) return { problem: `pnpm audit did not run: ${run.error.message}` };
  return parseReport(run.stdout, `${run.stderr}`.trim());
}

/** @param {string} text @param {string} stderr */
function parseReport(text, stderr = '') {
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    const said = `${text}\n${stderr}`.trim().split('\n').slice(0, 6).join(' | ');
    return { problem: `the audit endpoint gave no report (${said || 'no output'})` };
  }
  if (report?.error)
    return { problem: `the audit endpoint answered an error: ${JSON.stringify(report.error)}` };
  if (typeof report?.advisories !== 'object' || report.advisories === null)
    return { problem: 'the audit report has no advisories section' };
  return { report };
}

const allow = readAllowList(values.allow);
const { report, problem } = values.report
  ? parseReport(readFileSync(values.report, 'utf8'))
  : runAudit();

if (!report) {
  const waiver = allow.unreachable;
  if (waiver?.reason && waiver.until && values.today <= waiver.until) {
    console.log(`audit: NOT AUDITED: ${problem}`);
    console.log(
      `audit: waived until ${waiver.until} (reviewed ${waiver.reviewed}): ${waiver.reason}`,
    );
    process.exit(0);
  }
  fail(
    `${problem}. Production dependencies were not audited; fix the registry access ` +
      '(or record a dated waiver under "unreachable" in .ci/audit-allow.json).',
  );
}

const blocking = [];
const allowed = [];
const other = [];
for (const advisory of Object.values(report.advisories)) {
  const ids = [advisory.github_advisory_id, String(advisory.id), ...(advisory.cves ?? [])].filter(
    Boolean,
  );
  const entry = ids.map((id) => [id, allow.advisories[id]]).find(([, e]) => e);
  const line = `${advisory.severity} ${advisory.module_name} ${advisory.vulnerable_versions ?? ''}: ${advisory.title} (${ids[0]}, ${advisory.url ?? ''})`;
  if (!BLOCKING.has(advisory.severity)) other.push(line);
  else if (entry)
    allowed.push(`${line}\n    allowed (reviewed ${entry[1].reviewed}): ${entry[1].reason}`);
  else blocking.push(line);
}

const seen = new Set(
  Object.values(report.advisories).flatMap((a) => [
    a.github_advisory_id,
    String(a.id),
    ...(a.cves ?? []),
  ]),
);
for (const id of Object.keys(allow.advisories))
  if (!seen.has(id))
    console.log(`audit: allow-list entry ${id} no longer matches an advisory; remove it`);
for (const line of other) console.log(`audit: below high, not blocking: ${line}`);
for (const line of allowed) console.log(`audit: ${line}`);
if (blocking.length > 0) {
  for (const line of blocking) console.error(`audit: BLOCKING: ${line}`);
  fail(
    `${blocking.length} high or critical advisories in production dependencies: upgrade, or ` +
      'review each and add it to .ci/audit-allow.json with the reason',
  );
}
console.log(
  `audit: ok: no unreviewed high or critical advisory (${allowed.length} allowed, ${other.length} lower)`,
);
