// Builds the web app (web/) into web/dist with Vite, which `brigade serve` serves.
// `--if-stale`: only when its sources changed since the last build (a digest in web/dist/.sources).
// scripts/bootstrap.mjs calls it that way before every npm script, so a clean clone just works.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const web = join(root, 'web');
const stampFile = join(web, 'dist', '.sources');

/** Every file the bundle is made from: the app, and the parts of src/ it imports. */
function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') yield* sources(path);
    } else yield path;
  }
}

export function sourceDigest(): string {
  const hash = createHash('sha256');
  const dirs = [web, join(root, 'src', 'spec'), join(root, 'src', 'server', 'client')];
  const files = [...dirs.flatMap((dir) => [...sources(dir)]), join(root, 'src', 'server', 'api-types.ts')];
  for (const file of files.sort()) hash.update(relative(root, file)).update('\0').update(readFileSync(file));
  hash.update(readFileSync(join(root, 'package-lock.json')));
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const digest = sourceDigest();
if (ifStale && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) process.exit(0);

process.stderr.write('brigade: building the web app (vite) …\n');
const started = performance.now();
const { build } = await import('vite');
await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
writeFileSync(stampFile, digest);
process.stderr.write(`brigade: web app built in ${((performance.now() - started) / 1000).toFixed(1)} s (web/dist)\n`);
