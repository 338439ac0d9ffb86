import { parseArgs } from 'node:util';
import { performerOf } from '../../engine/steps/step-kinds.ts';
import { openRunStore } from '../../runtime/open-run-store.ts';
import { asRunId, BrigadeError, foldRun } from '../../spec/index.ts';
import { serializeState } from '../../spec/serialize-state.ts';
import type { CliContext } from '../cli-context.ts';
import { formatCost, formatCount, formatDuration, padTo } from '../render/format.ts';
import { formatOutput } from '../render/format-output.ts';
import { formatPause } from '../render/format-pause.ts';
import { formatPlan, stepsInOrder } from '../render/format-plan.ts';
import { formatSummary, formatTimeline } from '../render/format-summary.ts';
import { formatRunHeader } from './watch-run.ts';

/** `brigade show <run>`: a run's steps, timeline, figures and output; `--json` adds the full event log. */
export async function showCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      events: { type: 'boolean', default: false },
      workspace: { type: 'string', short: 'w' },
    },
  });
  if (positionals.length !== 1)
    throw new BrigadeError('USAGE', 'brigade show takes one run id', { hint: 'find ids with `brigade runs`' });
  const store = openRunStore({ cwd: context.cwd, ...(values.workspace ? { workspace: values.workspace } : {}) });
  try {
    const runId = asRunId(positionals[0]!);
    const summary = store.get(runId);
    if (!summary) throw new BrigadeError('RUN_NOT_FOUND', `no run ${runId}`, { hint: 'list runs with `brigade runs`' });
    const events = store.read(runId);
    const state = foldRun(events);
    if (values.json) {
      context.stdout(`${JSON.stringify({ run: summary, state: serializeState(state), events }, null, 2)}\n`);
      return 0;
    }
    const { colors } = context;
    context.stdout(formatRunHeader(state, context, 'run'));
    context.stdout(
      colors.dim(
        `${padTo('UNIT', 20)} ${padTo('AGENT', 18)} ${padTo('MODEL', 24)} ${padTo('STATUS', 10)} TRY ${padTo('TIME', 7)} ${padTo('TOKENS', 9)} COST\n`,
      ),
    );
    for (const step of stepsInOrder(state)) {
      if (step.units.length === 0) {
        // A step that never started in a run that is over did not run (an earlier step failed, or it was cancelled).
        const status = step.status === 'pending' && state.status !== 'running' ? 'not run' : step.status;
        context.stdout(
          `${padTo(step.id, 20)} ${padTo(performerOf(state.playbook!.steps[step.id]!).agent, 18)} ${padTo('', 24)} ${status}${step.skipReason ? colors.dim(` (${step.skipReason})`) : ''}\n`,
        );
        continue;
      }
      for (const key of step.units) {
        const unit = state.units.get(key)!;
        // A unit stopped mid-attempt (cancelled) has no attempt end: its time is from its start to its stop.
        const spent =
          unit.busyMs ||
          (unit.endedAt !== undefined && unit.startedAt !== undefined ? unit.endedAt - unit.startedAt : 0);
        const time = spent ? formatDuration(spent) : '';
        const asked = [...state.approvals.values()].some((each) => each.unit === key && each.status === 'pending');
        const status = asked ? 'waiting' : unit.status;
        context.stdout(
          `${padTo(key, 20)} ${padTo(unit.agent ?? '', 18)} ${padTo(unit.model ?? '', 24)} ${padTo(status, 10)} ${padTo(String(unit.attempt), 3)} ${padTo(time, 7)} ${padTo(formatCount(unit.inputTokens + unit.outputTokens), 9)} ${formatCost(unit.costUsd)}\n`,
        );
        if (unit.error && unit.status !== 'succeeded')
          context.stdout(colors.red(`    ${unit.error.code}: ${unit.error.message}\n`));
      }
    }
    for (const plan of Object.values(state.plans)) context.stdout(`\n${formatPlan(state, plan, colors)}`);
    if (state.findings.length > 0) {
      context.stdout(`\n${colors.bold('Findings')}\n`);
      for (const finding of state.findings) {
        context.stdout(
          `  [${finding.id}] ${finding.agent} (${finding.unit}) on ${finding.topic}: ${finding.content}\n`,
        );
      }
    }
    const decided = [...state.approvals.values()].filter((approval) => approval.response);
    if (decided.length > 0) {
      context.stdout(`\n${colors.bold('Decisions')}\n`);
      for (const approval of decided) {
        const response = approval.response!;
        context.stdout(
          `  ${approval.id} (${approval.kind}): ${response.decision === 'provide' ? 'output provided' : response.decision}${response.content === undefined || response.decision === 'provide' ? '' : ' with changes'} by ${response.by}${response.comment ? ` — ${response.comment}` : ''}\n`,
        );
      }
    }
    if (state.status === 'paused') context.stdout(`\n${formatPause(state, colors)}`);
    const now = Date.now();
    context.stdout(
      `\n${formatTimeline(state, colors, now)}\n\n${formatSummary(state, colors, now, summary.status === 'running' && !summary.owner)}\n`,
    );
    if (values.events) {
      for (const event of events)
        context.stdout(
          `${colors.dim(String(event.seq).padStart(5))} ${event.type} ${JSON.stringify(event).slice(0, 160)}\n`,
        );
    }
    if (state.status === 'succeeded') {
      context.stdout(`\n${colors.bold('Output')}\n${formatOutput(state.output)}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
