import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BrigadeError } from '../../spec/index.ts';
import { scaffoldWorkspace } from '../../workspace/scaffold/scaffold-workspace.ts';
import type { CliContext } from '../cli-context.ts';

/** `brigade init [dir]`: writes a working marketing workspace to start from. */
export async function initCommand(args: string[], context: CliContext): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length > 1)
    throw new BrigadeError('USAGE', 'brigade init takes at most one folder', { hint: 'e.g. brigade init my-team' });
  const dir = resolve(context.cwd, positionals[0] ?? '.');
  const written = await scaffoldWorkspace(dir);
  const shown = positionals[0] ?? '.';
  // Called as `npm run brigade -- init` in a checkout, where there may be no `brigade` command: the
  // next commands run from the same folder, naming the workspace (npm must find the checkout).
  const viaNpm = context.env.npm_lifecycle_event === 'brigade';
  const workspace = viaNpm && shown !== '.' ? ` -w ${shown}` : '';
  const next = (command: string, comment: string) =>
    `  ${`${viaNpm ? 'npm run brigade --' : 'brigade'} ${command}${workspace}`.padEnd(36)}  # ${comment}`;
  context.stdout(
    [
      `${context.colors.green('✓')} created a Brigade workspace in ${dir} (${written.length} files)`,
      '',
      'Next:',
      ...(viaNpm || shown === '.' ? [] : [`  cd ${shown}`]),
      next('validate', 'check agents and playbooks'),
      next('run content-launch', 'run the sample playbook (simulated without an API key)'),
      `  ${'export OPENAI_API_KEY=…'.padEnd(36)}  # then runs use the real model`,
      '',
    ].join('\n'),
  );
  return 0;
}
