import { performerOf } from '../../engine/steps/step-kinds.ts';
import type { RunEvent, RunState, StepState, UnitState, WaitReason } from '../../spec/index.ts';
import { budgetLimits, unitKey } from '../../spec/index.ts';
import { type Colors, formatCount, formatDuration, padTo, preview } from './format.ts';
import { stepsInOrder } from './format-plan.ts';

/** Where progress goes and how it may be drawn. */
export interface ProgressOptions {
  write: (text: string) => void;
  /** Redraw in place (a terminal) or print one line per change (a pipe, a CI log). */
  live: boolean;
  colors: Colors;
  now: () => number;
  columns?: number;
  rows?: number;
}

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Why a call waits, in a few words (the live view's status column). */
const waitLabels: Record<WaitReason, string> = {
  concurrency: 'wait: slot',
  'rate-limit': 'wait: rate',
  backoff: 'backoff',
};

/** Who works on a unit: the agent and its model (a person has none), and the attempt after the first. */
function describeWorker(agent: string | undefined, model: string | undefined, attempt: number): string {
  return [agent ?? '?', model, attempt > 1 ? `attempt ${attempt}` : ''].filter(Boolean).join(', ');
}

/** Why a call waits, as a line of the log. */
function waitLine(reason: WaitReason, key: string, expectedMs: number | undefined): string {
  switch (reason) {
    case 'concurrency':
      return `for a slot of ${key} (its concurrency limit)`;
    case 'rate-limit':
      return `for the rate limit of ${key}`;
    case 'backoff':
      return `for ${key} to back off${expectedMs === undefined ? '' : ` (${formatDuration(expectedMs)})`}`;
  }
}

/**
 * Shows a run while it goes: in a terminal, one line per step (and per running item of a fan-out)
 * redrawn ten times a second, so parallel steps are visibly side by side; elsewhere, a line per event.
 */
export function createProgressView(options: ProgressOptions) {
  const { colors } = options;
  const streamed = new Map<string, string>();
  let state: RunState | null = null;
  let drawn = 0;
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | null = null;

  function stepLines(step: StepState, current: RunState, width: number): string[] {
    const definition = current.playbook!.steps[step.id]!;
    const agent = performerOf(definition).agent;
    if (step.items && step.units.length > 1) {
      const units = step.units.map((key) => current.units.get(key)!);
      const done = units.filter((unit) => unit.status === 'succeeded' || unit.status === 'failed').length;
      const waiting = units.filter((unit) => unit.status === 'running' && unit.waiting);
      const reasons = [...new Set(waiting.map((unit) => unit.waiting!.reason))].join(', ');
      const held = waiting.length > 0 ? colors.yellow(` ${waiting.length} waiting for the model (${reasons})`) : '';
      const head = `${symbol(step.status)} ${padTo(step.id, 18)} ${padTo(agent, 18)} ${padTo(`${done}/${units.length} done`, 12)}${held}`;
      const running = units.filter((unit) => unit.status === 'running' || unit.status === 'retry-wait');
      return [head, ...running.slice(0, 8).map((unit) => unitLine(unit, `  ${unit.key}`, agent, width))];
    }
    const unit = step.units[0] ? current.units.get(step.units[0]) : undefined;
    if (!unit) {
      const label = colors.dim(
        step.status === 'skipped' ? 'skipped' : current.status === 'running' ? 'waiting' : 'not run',
      );
      return [`${symbol(step.status)} ${padTo(step.id, 18)} ${padTo(agent, 18)} ${label}`];
    }
    return [unitLine(unit, step.id, unit.agent ?? agent, width)];
  }

  function unitLine(unit: UnitState, label: string, agent: string, width: number): string {
    const elapsed = formatDuration((unit.endedAt ?? options.now()) - (unit.startedAt ?? options.now()));
    const tokens = unit.inputTokens + unit.outputTokens;
    const asked = waitingOn(unit);
    const waiting = unit.status === 'running' ? unit.waiting : undefined;
    const status = asked
      ? colors.yellow(
          padTo(asked.kind === 'tool' ? 'approve tool?' : asked.kind === 'escalation' ? 'escalated' : 'approval?', 12),
        )
      : waiting
        ? colors.yellow(padTo(waitLabel(waiting), 12))
        : padTo(
            unit.status === 'retry-wait'
              ? `retry #${unit.attempt + 1}`
              : unit.status === 'running' && unit.attempt > 1
                ? `running #${unit.attempt}`
                : unit.status,
            12,
          );
    const painted = unit.status === 'retry-wait' ? colors.yellow(status) : status;
    const mark = waiting || asked ? colors.yellow('⏸') : symbol(unit.status);
    const base = `${mark} ${padTo(label, 18)} ${padTo(agent, 18)} ${painted} ${padTo(elapsed, 7)} ${padTo(tokens ? `${formatCount(tokens)} tok` : '', 10)}`;
    const text = unit.status === 'running' ? streamed.get(unit.key) : undefined;
    const room = width - base.length - 3;
    if (!text || room <= 10) return base;
    const flat = text.replace(/\s+/g, ' ').trim();
    return `${base} ${colors.dim(flat.length > room ? `…${flat.slice(-(room - 1))}` : flat)}`;
  }

  /** The approval a unit waits for, if any. */
  function waitingOn(unit: UnitState) {
    if (unit.status !== 'running' && unit.status !== 'waiting') return undefined;
    for (const approval of state?.approvals.values() ?? []) {
      if (approval.unit === unit.key && approval.status === 'pending') return approval;
    }
    return undefined;
  }

  function waitLabel(waiting: NonNullable<UnitState['waiting']>): string {
    if (waiting.reason !== 'backoff') return waitLabels[waiting.reason];
    const left = (waiting.until ?? 0) - options.now();
    // Past the backoff it still waits, now behind the others: for what, the log does not say yet.
    if (left <= 0) return 'waiting';
    return `backoff ${(left / 1000).toFixed(left < 10_000 ? 1 : 0)}s`;
  }

  function symbol(status: string): string {
    switch (status) {
      case 'running':
        return colors.cyan(spinner[frame % spinner.length]!);
      case 'retry-wait':
        return colors.yellow('↻');
      case 'waiting':
        return colors.yellow('⏸');
      case 'succeeded':
        return colors.green('✓');
      case 'failed':
        return colors.red('✗');
      case 'skipped':
        return colors.dim('↷');
      case 'cancelled':
        return colors.yellow('■');
      default:
        return colors.dim('·');
    }
  }

  function draw(): void {
    if (!state?.playbook) return;
    frame++;
    const width = options.columns ?? 100;
    const lines = stepsInOrder(state).flatMap((step) => stepLines(step, state!, width));
    const limit = Math.max(3, (options.rows ?? 40) - 2);
    const visible =
      lines.length > limit ? [...lines.slice(0, limit - 1), colors.dim(`  … ${lines.length - limit + 1} more`)] : lines;
    // Back to the top of the last frame, redraw, and clear what is left below (a fan-out that
    // collapsed to one line leaves shorter frames).
    const up = drawn > 0 ? `\x1b[${drawn}A\r` : '';
    options.write(`${up}${visible.map((line) => `\x1b[2K${line.slice(0, width + 40)}`).join('\n')}\n\x1b[J`);
    drawn = visible.length;
  }

  function logLine(event: RunEvent, current: RunState): void {
    const time = colors.dim(new Date(event.at).toISOString().slice(11, 23));
    const key = 'step' in event && event.type !== 'step-items' && event.type !== 'step-skip' ? unitKey(event) : '';
    switch (event.type) {
      case 'step-start':
        options.write(
          `${time} ${colors.cyan('start')}  ${key} (${describeWorker(event.agent, event.model, event.attempt)})\n`,
        );
        return;
      case 'step-end': {
        const unit = current.units.get(key);
        const tokens = unit ? unit.inputTokens + unit.outputTokens : 0;
        options.write(
          `${time} ${colors.green('done')}   ${key} in ${formatDuration(event.durationMs)}, ${formatCount(tokens)} tokens\n`,
        );
        return;
      }
      case 'step-error':
        options.write(
          `${time} ${colors.red('error')}  ${key}: ${event.error.message} → ${event.decision}${event.retryInMs === undefined ? '' : ` in ${formatDuration(event.retryInMs)}`}\n`,
        );
        return;
      case 'step-skip':
        options.write(`${time} ${colors.dim('skip')}   ${event.step}: ${event.reason}\n`);
        return;
      case 'step-items':
        options.write(`${time} ${colors.cyan('fan-out')} ${event.step} over ${event.items.length} items\n`);
        return;
      case 'model-response':
        if (event.conversationTrim) {
          const elided = event.conversationTrim.elidedCallIds?.length ?? 0;
          options.write(
            `${time} ${colors.yellow('trim')}   ${key}: ${elided} older tool result${elided === 1 ? '' : 's'} elided to fit the context window\n`,
          );
        }
        return;
      case 'tool-call':
        options.write(`${time} ${colors.dim('tool')}   ${key} → ${event.call.tool}\n`);
        return;
      case 'slot-wait':
        options.write(
          `${time} ${colors.yellow('wait')}   ${key} ${waitLine(event.reason, event.key, event.expectedMs)}\n`,
        );
        return;
      case 'model-retry': {
        const backoff =
          event.backoffMs === undefined ? '' : `; ${event.key} backs off ${formatDuration(event.backoffMs)}`;
        const window = event.concurrency === undefined ? '' : `, at most ${event.concurrency} at once`;
        options.write(
          `${time} ${colors.yellow('retry')}  ${key}: ${event.error.message} → the call again in ${formatDuration(event.retryInMs)}${backoff}${window}\n`,
        );
        return;
      }
      case 'finding-share':
        options.write(
          `${time} ${colors.cyan('finding')} ${key} → [${event.finding.id}] ${event.finding.topic}: ${preview(event.finding.content, 60).trimEnd()}\n`,
        );
        return;
      case 'context-add': {
        const trimmed = event.trim ? colors.yellow(' (trimmed to fit the context budget)') : '';
        if (event.source === 'findings') {
          const ids = event.findingIds ?? [];
          options.write(
            `${time} ${colors.dim('sees')}   ${key} ← ${ids.length} new finding${ids.length === 1 ? '' : 's'} (${ids.join(', ')})${trimmed}\n`,
          );
        } else if (event.source === 'steps') {
          options.write(
            `${time} ${colors.dim('sees')}   ${key} ← outputs of ${(event.steps ?? []).join(', ')}${trimmed}\n`,
          );
        }
        return;
      }
      case 'tool-result':
        if (event.isError) options.write(`${time} ${colors.yellow('tool')}   ${key} ← ${event.tool} failed\n`);
        return;
      case 'plan-propose':
        if (event.problems.length > 0) {
          options.write(
            `${time} ${colors.yellow('plan')}   ${key} round ${event.round}: answer rejected (${event.problems.map((problem) => problem.code).join(', ')})\n`,
          );
        }
        return;
      case 'plan-accept': {
        const changes = [
          event.tasks.length > 0 ? `+${event.tasks.map((task) => `${task.id} (${task.agent})`).join(', ')}` : '',
          event.cancel.length > 0 ? `cancelled ${event.cancel.map((each) => each.id).join(', ')}` : '',
          event.release.length > 0 ? `runs ${event.release.join(', ')}` : '',
          event.done ? 'done' : '',
        ].filter(Boolean);
        options.write(`${time} ${colors.cyan('plan')}   ${key} round ${event.round}: ${changes.join('; ')}\n`);
        return;
      }
      case 'plan-end':
        options.write(
          `${time} ${colors.cyan('plan')}   ${key} ended (${event.reason}) after ${event.rounds} rounds, ${event.tasks} tasks\n`,
        );
        return;
      case 'run-resume':
        options.write(`${time} ${colors.yellow('resume')} ${event.reason}\n`);
        return;
      case 'run-cancel':
        options.write(`${time} ${colors.yellow('cancel')} ${event.reason}\n`);
        return;
      case 'approval-request':
        options.write(
          `${time} ${colors.yellow('ask')}    ${key} → ${event.request.id} (${event.request.kind}): ${preview(event.request.message, 60).trimEnd()}\n`,
        );
        return;
      case 'approval-response':
        options.write(
          `${time} ${colors.green('decided')} ${event.id}: ${event.decision} by ${event.by}${event.comment ? ` (${preview(event.comment, 40).trimEnd()})` : ''}\n`,
        );
        return;
      case 'run-pause':
        options.write(
          `${time} ${colors.yellow('pause')}  ${event.reason === 'approval' ? `waiting for ${event.waitingFor?.join(', ')}` : `budget: ${budgetLimits[event.limit?.limit ?? 'tokens'].name} limit reached`}\n`,
        );
        return;
      default:
        return;
    }
  }

  return {
    /** Follows a run: call with each event and the state after it. */
    onEvent(event: RunEvent, current: RunState): void {
      state = current;
      if (!options.live) logLine(event, current);
      if (event.type === 'step-end' || event.type === 'step-error') streamed.delete(unitKey(event));
    },
    onDelta(unit: string, text: string): void {
      const previous = streamed.get(unit) ?? '';
      streamed.set(unit, (previous + text).slice(-400));
    },
    /** Starts showing a run; in line mode, first says what is already running or waiting (begun before we watched). */
    start(current: RunState): void {
      state = current;
      if (options.live) {
        timer = setInterval(draw, 100);
        return;
      }
      const time = colors.dim(new Date(options.now()).toISOString().slice(11, 23));
      for (const unit of current.units.values()) {
        if (unit.status !== 'running') continue;
        options.write(
          `${time} ${colors.cyan('start')}  ${unit.key} (${describeWorker(unit.agent, unit.model, unit.attempt)})\n`,
        );
        // Already waiting for a slot of its model (calls wait on the model they are made to).
        const { waiting } = unit;
        if (waiting) {
          const left = waiting.until === undefined ? undefined : Math.max(0, waiting.until - options.now());
          options.write(
            `${time} ${colors.yellow('wait')}   ${unit.key} ${waitLine(waiting.reason, unit.model ?? '?', left)}\n`,
          );
        }
      }
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
      if (options.live) draw();
    },
  };
}
