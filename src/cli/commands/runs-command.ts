import { parseArgs } from 'node:util';
import { openRunStore } from '../../runtime/open-run-store.ts';
import { BrigadeError, type RunStatus } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { formatDuration, padTo } from '../render/format.ts';

const statuses = ['running', 'paused', 'succeeded', 'failed', 'cancelled'] as const;

/** `brigade runs`: recent runs, newest first; `--json` for scripts. */
export async function runsCommand(args: string[], context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      status: { type: 'string' },
      limit: { type: 'string', default: '20' },
      workspace: { type: 'string', short: 'w' },
    },
  });
  const status = values.status as RunStatus | undefined;
  if (status && !statuses.includes(status)) {
    throw new BrigadeError('USAGE', `--status "${values.status}" is not a run status`, {
      hint: `one of ${statuses.join(', ')}`,
    });
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new BrigadeError('USAGE', '--limit takes a positive whole number');
  const store = openRunStore({ cwd: context.cwd, ...(values.workspace ? { workspace: values.workspace } : {}) });
  try {
    const runs = store.list({ ...(status ? { status } : {}), limit });
    if (values.json) {
      context.stdout(`${JSON.stringify(runs, null, 2)}\n`);
      return 0;
    }
    if (runs.length === 0) {
      context.stdout(
        status
          ? `No ${status} runs. See them all with \`brigade runs\`.\n`
          : 'No runs yet. Start one with `brigade run <playbook>` (see `brigade validate` for the playbooks).\n',
      );
      return 0;
    }
    context.stdout(
      `${context.colors.dim(`${padTo('RUN', 16)} ${padTo('PLAYBOOK', 22)} ${padTo('STATUS', 10)} ${padTo('STARTED', 20)} TOOK`)}\n`,
    );
    for (const run of runs) {
      const interrupted = run.status === 'running' && !run.owner ? ' (interrupted: brigade resume)' : '';
      const took = run.endedAt ? formatDuration(run.endedAt - run.startedAt) : '';
      context.stdout(
        `${padTo(run.id, 16)} ${padTo(run.playbook, 22)} ${padTo(run.status, 10)} ${padTo(new Date(run.startedAt).toISOString().slice(0, 19).replace('T', ' '), 20)} ${took}${interrupted}\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
