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
  context.stdout(
    [
      `${context.colors.green('✓')} created a Brigade workspace in ${dir} (${written.length} files)`,
      '',
      'Next:',
      `  cd ${shown}`,
      '  brigade validate                  # check agents and playbooks',
      '  brigade run content-launch        # run the sample playbook (simulated without an API key)',
      '  export OPENAI_API_KEY=…           # then runs use the real model',
      '',
    ].join('\n'),
  );
  return 0;
}
