import { parseArgs } from 'node:util';
import type { CliContext } from '../cli-context.ts';
import { openCliRuntime } from '../open-cli-runtime.ts';

/** `brigade validate`: checks every file of the workspace before anything runs. */
export async function validateCommand(args: string[], context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { workspace: { type: 'string', short: 'w' }, json: { type: 'boolean', default: false } },
  });
  const runtime = await openCliRuntime(values, context);
  try {
    const workspace = await runtime.workspace();
    const agents = Object.keys(workspace.agents);
    const playbooks = Object.values(workspace.playbooks);
    if (values.json) {
      context.stdout(
        `${JSON.stringify({ ok: true, agents, playbooks: playbooks.map((playbook) => playbook.name), issues: [] }, null, 2)}\n`,
      );
      return 0;
    }
    context.stdout(
      `${context.colors.green('✓')} ${runtime.root} is valid: ${agents.length} agents, ${playbooks.length} playbooks\n`,
    );
    for (const playbook of playbooks) {
      const inputs = Object.keys(playbook.inputs);
      const steps = Object.keys(playbook.steps).length;
      context.stdout(
        `  ${context.colors.bold(playbook.name)} (${steps} step${steps === 1 ? '' : 's'}${inputs.length ? `; inputs: ${inputs.join(', ')}` : ''})${playbook.description ? ` — ${playbook.description}` : ''}\n`,
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
