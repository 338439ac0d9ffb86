import { parseArgs } from 'node:util';
import { openRunStore } from '../../runtime/open-run-store.ts';
import { foldRun, pendingApprovals } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { decisionCommands, formatApproval } from '../render/format-pause.ts';

/** `brigade inbox`: every decision people owe, across runs (paused or still running). */
export async function inboxCommand(args: string[], context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, workspace: { type: 'string', short: 'w' } },
  });
  const store = openRunStore({ cwd: context.cwd, ...(values.workspace ? { workspace: values.workspace } : {}) });
  try {
    const runs = [...store.list({ status: 'paused', limit: 1000 }), ...store.list({ status: 'running', limit: 1000 })];
    const items = runs.flatMap((run) => {
      const state = foldRun(store.read(run.id));
      return pendingApprovals(state).map((approval) => ({ run, playbook: run.playbook, approval }));
    });
    items.sort((a, b) => a.approval.requestedAt - b.approval.requestedAt);
    if (values.json) {
      const shown = items.map(({ run, playbook, approval }) => ({
        runId: run.id,
        playbook,
        runStatus: run.status,
        ...approval,
        commands: decisionCommands(run.id, approval),
      }));
      context.stdout(`${JSON.stringify(shown, null, 2)}\n`);
      return 0;
    }
    if (items.length === 0) {
      context.stdout('Nothing waits for you. Approval steps, gated tools and escalations show up here.\n');
      return 0;
    }
    let lastRun = '';
    for (const { run, playbook, approval } of items) {
      if (run.id !== lastRun) {
        context.stdout(`\n${context.colors.bold(playbook)} · ${run.id} ${context.colors.dim(`(${run.status})`)}\n`);
        lastRun = run.id;
      }
      context.stdout(`${formatApproval(run.id, approval, context.colors, context.columns)}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
