import type { ApprovalState, RunState } from '../../spec/index.ts';
import { budgetLimits, pendingApprovals } from '../../spec/index.ts';
import type { Colors } from './format.ts';
import { preview } from './format.ts';

/** The commands that answer a pending approval. */
export function decisionCommands(runId: string, approval: ApprovalState): string[] {
  if (approval.kind === 'escalation') {
    return [
      `brigade decide ${runId} ${approval.id} provide --edit <file>`,
      `brigade decide ${runId} ${approval.id} retry`,
      `brigade decide ${runId} ${approval.id} skip`,
    ];
  }
  const edit = approval.options.includes('edit') ? ' [--edit <file>]' : '';
  return [`brigade approve ${runId} ${approval.id}${edit}`, `brigade reject ${runId} ${approval.id} [--comment …]`];
}

/** One pending approval: what is asked, what is shown, and how to answer. */
export function formatApproval(runId: string, approval: ApprovalState, colors: Colors, width = 100): string {
  const lines = [`${colors.bold(approval.id)} ${colors.dim(`(${approval.kind})`)} ${approval.message}`];
  if (approval.content !== undefined) {
    const shown = typeof approval.content === 'string' ? approval.content : JSON.stringify(approval.content);
    lines.push(`  ${colors.dim('shows:')} ${preview(shown, width - 10)}`);
  }
  lines.push(`  ${colors.dim(approval.digest.slice(0, 19))}`);
  for (const command of decisionCommands(runId, approval)) lines.push(`  ${colors.cyan(command)}`);
  return lines.join('\n');
}

/** Why a paused run waits, and what lets it go on. */
export function formatPause(state: RunState, colors: Colors): string {
  const runId = state.runId ?? '?';
  const pause = state.pause;
  if (!pause) return '';
  if (pause.reason === 'budget' && pause.limit) {
    const { scope, limit, used, max, step } = pause.limit;
    const words = budgetLimits[limit];
    const who = scope === 'run' ? 'the run' : `step ${pause.limit.unit ?? step}`;
    const raise =
      scope === 'run'
        ? `brigade resume ${runId} --budget ${words.name}=<more>`
        : `brigade resume ${runId} --step-budget ${step}:${words.name}=<more>`;
    return `${colors.yellow(`⏸ paused: ${who} reached its ${words.word} limit (${formatNumber(used)} of ${formatNumber(max)})`)}\n  raise it and go on: ${colors.cyan(raise)}\n`;
  }
  const pending = pendingApprovals(state);
  const head = colors.yellow(
    `⏸ paused: waiting for ${pending.length} ${pending.length === 1 ? 'decision' : 'decisions'} (the rest of the run is done or waits on them)`,
  );
  return `${head}\n${pending.map((approval) => formatApproval(runId, approval, colors)).join('\n')}\n`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(4);
}
