// `npm run bench [-- --json] [-- scenario …]`: each scenario runs in its own process (clean memory
// figures), on a durable SQLite store (WAL, synchronous=FULL). Prints a table, or one JSON object
// per line with --json.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { scenarios } from './scenarios.ts';

const args = process.argv.slice(2);
const child = args.indexOf('--child');
if (child >= 0) {
  const name = args[child + 1]!;
  const result = await scenarios[name]!();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const json = args.includes('--json');
const chosen = args.filter((arg) => !arg.startsWith('--'));
const unknown = chosen.filter((name) => !scenarios[name]);
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
const names = chosen.length > 0 ? chosen : Object.keys(scenarios);
const machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? '?',
  date: new Date().toISOString(),
};
if (!json)
  console.log(
    `Brigade benchmarks · ${machine.date.slice(0, 10)} · Node ${machine.node} · ${machine.cpus} × ${machine.cpu}\n`,
  );

let failed = false;
for (const name of names) {
  const result = spawnSync(process.execPath, [import.meta.filename, '--child', name], { encoding: 'utf8' });
  if (result.status !== 0) {
    failed = true;
    console.error(`scenario ${name} failed:\n${result.stderr}`);
    continue;
  }
  const figures = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ ...figures, node: machine.node, cpus: machine.cpus, date: machine.date })}\n`,
    );
  } else {
    const { scenario, ...rest } = figures;
    console.log(
      `${String(scenario).padEnd(16)} ${Object.entries(rest)
        .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
        .join('  ')}`,
    );
  }
}
process.exit(failed ? 1 : 0);
