// The whole test suite: typecheck, lint, dependency direction, then every test file.
// `npm test` runs this (through scripts/bootstrap.mjs, on Node 24); .ci/run calls `npm test`.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name: string) => resolve(root, 'node_modules', '.bin', name);
const only = process.argv.slice(2);

const stages: Array<[string, string, string[]]> = [
  ['typecheck', bin('tsc'), ['-p', '.']],
  ['typecheck web app', bin('tsc'), ['-p', 'web']],
  ['lint', bin('biome'), ['check', '.']],
  ['dependencies', process.execPath, ['scripts/check-deps.ts']],
  [
    'tests',
    process.execPath,
    [
      '--test',
      '--test-concurrency=2',
      '--test-timeout=300000',
      ...(only.length ? only : ['src/**/*.test.ts', 'test/**/*.test.ts']),
    ],
  ],
];

for (const [name, command, args] of stages) {
  if (only.length > 0 && name !== 'tests') continue;
  process.stderr.write(`\n── ${name} ─────────────────────────────\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${name} failed (exit ${result.status ?? result.signal}); later stages were not run.\n`);
    process.exit(result.status ?? 1);
  }
}
process.stderr.write('\n✓ all stages passed\n');
