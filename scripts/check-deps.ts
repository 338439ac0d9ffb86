// Keeps the direction of imports true (docs/architecture.md):
//   spec <- engine <- workspace <- runtime <- server <- cli ;  spec <- adapters/* <- runtime
// and keeps the engine pure: no node:*, no packages, no clock, env, network or randomness.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

/** Which layers a layer may import (besides itself). */
const allowed: Record<string, string[]> = {
  spec: [],
  engine: ['spec'],
  workspace: ['spec', 'engine'],
  adapters: ['spec'],
  runtime: ['spec', 'engine', 'workspace', 'adapters'],
  server: ['spec', 'engine', 'workspace', 'runtime'],
  cli: ['spec', 'engine', 'workspace', 'runtime', 'server'],
  testing: ['spec', 'engine', 'workspace', 'adapters', 'runtime'],
};
const pure = new Set(['spec', 'engine']);
const impure = [
  /\bDate\.now\(/,
  /\bprocess\.env\b/,
  /\bfetch\(/,
  /\bMath\.random\(/,
  /\bsetTimeout\(/,
  /\bsetInterval\(/,
];

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** Layer of a file: top folder under src/, and for adapters the adapter's own folder. */
function layerOf(path: string): { layer: string; unit: string } {
  const parts = relative(src, path).split(sep);
  const layer = parts[0]!;
  return { layer, unit: layer === 'adapters' ? `adapters/${parts[1]}` : layer };
}

const problems: string[] = [];
for (const file of files(src)) {
  const isTest = file.endsWith('.test.ts');
  const { layer, unit } = layerOf(file);
  const text = readFileSync(file, 'utf8');
  const where = relative(root, file);
  for (const match of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const specifier = match[1]!;
    if (specifier.startsWith('.')) {
      const target = layerOf(resolve(dirname(file), specifier));
      if (target.unit === unit) continue;
      if (isTest && target.layer === 'testing') continue;
      if (layer === 'adapters' && target.layer === 'adapters') {
        problems.push(`${where}: an adapter imports another adapter (${specifier})`);
      } else if (!allowed[layer]?.includes(target.layer)) {
        problems.push(`${where}: ${layer} must not import ${target.layer} (${specifier})`);
      }
    } else if (pure.has(layer) && !isTest) {
      problems.push(`${where}: ${layer} is pure and must not import "${specifier}"`);
    }
  }
  if (pure.has(layer) && !isTest) {
    for (const pattern of impure) {
      if (pattern.test(text))
        problems.push(`${where}: ${layer} is pure; use a port instead of ${pattern.source.replace(/\\/g, '')}`);
    }
  }
}

// The web app (web/src) runs in a browser: besides its own files it may use the pure spec, the typed
// API client and the API's types, and a few browser packages; never the engine, runtime or server.
const web = join(root, 'web', 'src');
const webMayImport = [join(src, 'spec') + sep, join(src, 'server', 'client') + sep];
const webMayImportFiles = [join(src, 'server', 'api-types.ts'), join(src, 'server', 'api-error.ts')];
const webPackages = /^(react|react-dom|react\/.*|react-dom\/.*|@xyflow\/react|yaml)$/;
function* webFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* webFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}
for (const file of webFiles(web)) {
  const text = readFileSync(file, 'utf8');
  const where = relative(root, file);
  for (const match of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const specifier = match[1]!;
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier);
      const ok =
        target.startsWith(web + sep) ||
        webMayImport.some((prefix) => target.startsWith(prefix)) ||
        webMayImportFiles.includes(target);
      if (!ok) problems.push(`${where}: the web app must not import ${relative(root, target)}`);
    } else if (!webPackages.test(specifier)) {
      problems.push(`${where}: the web app imports "${specifier}", which is not one of its packages`);
    }
  }
}

if (problems.length > 0) {
  console.error(`dependency check: ${problems.length} problem(s)\n${problems.map((line) => `  ${line}`).join('\n')}`);
  process.exit(1);
}
console.log(
  'dependency check: imports point one way; spec and engine are pure; the web app uses only spec and the API client',
);
