import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One chunk of Vite's client manifest (`.vite/manifest.json`), the fields read here. */
export interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/**
 * The SvelteKit nodes a route loads (root layout first, then its layouts, then its page), read
 * from the router's dictionary in the generated `app.js` (`"/t/[token]": [13]`, or
 * `"/driver": [4,[2]]` with layouts, `[,2]` where a level has none, `~7` for a node with a server
 * load); null when the route is not there.
 */
export function routeNodes(generatedApp: string, routeId: string): number[] | null {
  const key = `${JSON.stringify(routeId)}:`;
  const at = generatedApp.indexOf(key);
  if (at < 0) return null;
  const open = generatedApp.indexOf('[', at + key.length);
  let depth = 0;
  let close = open;
  for (; close < generatedApp.length; close++) {
    if (generatedApp[close] === '[') depth++;
    if (generatedApp[close] === ']' && --depth === 0) break;
  }
  // Sparse entries (`[,2]`) become nulls and `~7` becomes 7, so that the literal reads as JSON.
  const literal = generatedApp
    .slice(open, close + 1)
    .replace(/~/g, '')
    .replace(/(?<=[[,])\s*(?=[,\]])/g, 'null');
  const [page, layouts = []] = JSON.parse(literal) as [number, (number | null)[]?];
  return [0, ...layouts.filter((n): n is number => n !== null), page];
}

/** The generated router of a build (`.svelte-kit/generated/client-optimized/app.js`). */
export function generatedApp(kitDir: string): string {
  return readFileSync(join(kitDir, 'generated/client-optimized/app.js'), 'utf8');
}

/**
 * Every file a page loads before it runs: the entries and nodes named, with the chunks they
 * import statically and their CSS. Dynamic imports (loaded later, like a map library) are not
 * followed.
 */
export function staticClosure(manifest: Manifest, keys: readonly string[]): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`not in the manifest: ${key}`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const key of keys) visit(key);
  return [...files].sort();
}

/** The manifest keys of the client's entries (`entry/start`, `entry/app`) and of nodes by index. */
export function entryKeys(manifest: Manifest, nodes: readonly number[]): string[] {
  const keys = Object.entries(manifest);
  const named = (name: string) => {
    const found = keys.find(([, chunk]) => chunk.isEntry && chunk.name === name);
    if (!found) throw new Error(`no ${name} in the manifest`);
    return found[0];
  };
  return [named('entry/start'), named('entry/app'), ...nodes.map((n) => named(`nodes/${n}`))];
}

export interface SizedFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** A route's static files in a build, with their sizes raw and gzipped, the largest first. */
export function measureRoute(kitDir: string, routeId: string): SizedFile[] {
  const client = join(kitDir, 'output/client');
  const manifest = JSON.parse(
    readFileSync(join(client, '.vite/manifest.json'), 'utf8'),
  ) as Manifest;
  const nodes = routeNodes(generatedApp(kitDir), routeId);
  if (!nodes) throw new Error(`the build has no route ${routeId}`);
  return staticClosure(manifest, entryKeys(manifest, nodes))
    .map((file) => {
      const content = readFileSync(join(client, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}
