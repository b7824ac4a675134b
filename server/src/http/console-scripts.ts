import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** An inline `<script>` without a `src`: SvelteKit's bootstrap in each page it writes. */
const INLINE_SCRIPT = /<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/** The CSP hash sources (`sha256-…`) of the inline scripts in an HTML page. */
export function inlineScriptHashesOf(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const body = match[1] ?? '';
    if (body.trim() === '') continue;
    hashes.push(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
  }
  return hashes;
}

/**
 * The hashes of every inline script in the built console's pages (the folder's `.html` files,
 * not under `_app/`), read once at start so the policy allows exactly the build being served.
 */
export function consoleScriptHashes(webDir: string): string[] {
  if (!existsSync(webDir)) return [];
  const hashes = new Set<string>();
  const visit = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 4 && entry.name !== '_app') visit(path, depth + 1);
      } else if (entry.name.endsWith('.html')) {
        for (const h of inlineScriptHashesOf(readFileSync(path, 'utf8'))) hashes.add(h);
      }
    }
  };
  visit(webDir, 0);
  return [...hashes].sort();
}
