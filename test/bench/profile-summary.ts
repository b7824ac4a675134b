import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cell, markdownTable } from './table';

/** The parts of a V8 `.cpuprofile` (as written by `node --cpu-prof`) that a summary needs. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script lives, coarsely: a package name, a source folder, or node itself. */
function moduleOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite’s Postgres)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const src = /\/(server|shared)\/src\/([^/]+)/.exec(url);
  return src ? `${src[1]}/${src[2]}` : url.replace(/^.*\//, '');
}

/** Self time per function and per module of one profile, as markdown tables. */
export function summarizeCpuProfile(path: string, top: number): string[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByFunction = new Map<string, number>();
  const selfByModule = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? `${url.replace(/^.*?(node_modules|server\/src|shared\/src)/, '$1')}:${lineNumber + 1}`
      : '';
    const fn = `${functionName || '(anonymous)'} ${where}`.trim();
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + micros);
    const mod = moduleOf(url);
    selfByModule.set(mod, (selfByModule.get(mod) ?? 0) + micros);
  });
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => [name, cell(micros / 1000), `${cell((micros / total) * 100, 1)} %`]);
  return [
    `\n### CPU profile ${path} (${cell(total / 1e6, 1)} s sampled)\n`,
    markdownTable(['module (self time)', 'ms', 'share'], rows(selfByModule, 15)),
    '',
    markdownTable(['function (self time)', 'ms', 'share'], rows(selfByFunction, top)),
  ];
}

/** Summaries of every `.cpuprofile` in `dir`. */
export function summarizeCpuProfiles(dir: string, top: number): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .flatMap((f) => summarizeCpuProfile(join(dir, f), top));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of summarizeCpuProfiles(process.argv[2] ?? '.', Number(process.argv[3] ?? 30)))
    console.log(line);
}
