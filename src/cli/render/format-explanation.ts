import type { AttemptExplanation, ExplainedEntry, RunExplanation } from '../../engine/context/explain-run.ts';
import type { ContextTrim, Json } from '../../spec/index.ts';
import { type Colors, formatCount } from './format.ts';

/** `brigade explain` for a terminal: each unit, what its agent was shown and what it did, in order. */
export function formatExplanation(explanation: RunExplanation, colors: Colors): string {
  const out: string[] = [];
  const simulated = explanation.dryRun ? ' · dry run (every model simulated)' : '';
  out.push(colors.bold(`Run ${explanation.runId} · ${explanation.playbook} · ${explanation.status}${simulated}`));
  for (const unit of explanation.units) {
    const item = unit.itemValue === undefined ? '' : ` (item ${inline(unit.itemValue)})`;
    const agents = [...new Set(unit.attempts.map((attempt) => attempt.agent))].join(', ');
    out.push('', colors.bold(`━━ ${unit.unit}${item} · ${agents} · ${unit.status}`));
    for (const attempt of unit.attempts) out.push(...formatAttempt(attempt, colors));
  }
  for (const step of explanation.steps) {
    out.push(
      '',
      colors.bold(`━━ ${step.step} · ${step.status}`) + (step.reason ? colors.dim(` (${step.reason})`) : ''),
    );
  }
  return `${out.join('\n')}\n`;
}

function formatAttempt(attempt: AttemptExplanation, colors: Colors): string[] {
  const served = attempt.servedBy && attempt.servedBy !== attempt.model ? ` (served by ${attempt.servedBy})` : '';
  const window =
    attempt.contextWindow === undefined ? 'window unknown' : `window ${formatCount(attempt.contextWindow)} tokens`;
  const out = [
    colors.cyan(
      attempt.agent === 'person' && attempt.model === ''
        ? `attempt ${attempt.attempt}: a person decides`
        : `attempt ${attempt.attempt}: agent ${attempt.agent} · model ${attempt.model}${served} · ${window}`,
    ),
  ];
  const label = (text: string) => `  ${colors.bold(text)}`;
  if (attempt.system !== undefined) {
    out.push(label('system') + colors.dim(attempt.tools ? ` · tools: ${attempt.tools.join(', ') || 'none'}` : ''));
    out.push(block(attempt.system, colors));
  }
  if (attempt.task !== undefined) out.push(label('task'), block(attempt.task, colors));
  for (const entry of attempt.entries) out.push(...formatEntry(entry, colors, label));
  const outcome = attempt.outcome;
  if (outcome.status === 'succeeded') out.push(label(colors.green('output')), block(text(outcome.output), colors));
  else if (outcome.status === 'failed') {
    out.push(
      label(colors.red(`failed → ${outcome.decision}`)),
      block(`${outcome.error.code}: ${outcome.error.message}`, colors),
    );
  } else out.push(label(colors.yellow('unfinished')));
  return out;
}

function formatEntry(entry: ExplainedEntry, colors: Colors, label: (text: string) => string): string[] {
  switch (entry.type) {
    case 'context': {
      const what =
        entry.source === 'steps'
          ? `outputs of ${(entry.steps ?? []).join(', ')}`
          : `new findings ${(entry.findingIds ?? []).join(', ') || '(none fit)'}`;
      const trim = entry.trim ? colors.yellow(` · ${describeTrim(entry.trim)}`) : '';
      return [label(`context before turn ${entry.turn + 1}: ${what}`) + trim, block(entry.text, colors)];
    }
    case 'model-turn': {
      const usage = `${formatCount(entry.usage.inputTokens)} in / ${formatCount(entry.usage.outputTokens)} out tokens`;
      const trim = entry.conversationTrim ? colors.yellow(` · ${describeTrim(entry.conversationTrim)}`) : '';
      const lines = [label(`model turn ${entry.turn + 1}`) + colors.dim(` · ${usage} · ${entry.finishReason}`) + trim];
      const answer = entry.object !== undefined ? text(entry.object) : entry.text;
      if (answer) lines.push(block(answer, colors));
      for (const call of entry.toolCalls)
        lines.push(`    → ${call.tool} ${JSON.stringify(call.input)} ${colors.dim(`(${call.id})`)}`);
      return lines;
    }
    case 'tool-result':
      return [
        label(`tool ${entry.tool}${entry.isError ? colors.red(' failed') : ''}`) + colors.dim(` (${entry.callId})`),
        block(text(entry.output), colors),
      ];
    case 'finding-share':
      return [
        label(`shared finding ${entry.finding.id} on ${entry.finding.topic}`),
        block(entry.finding.content, colors),
      ];
    case 'task':
      return [label(`next call's task (turn ${entry.turn + 1})`), block(entry.text, colors)];
    case 'approval': {
      const lines = [
        label(`asked a person (${entry.kind} ${entry.id}): ${entry.message}`) +
          colors.dim(` ${entry.digest.slice(0, 19)}`),
      ];
      if (entry.content !== undefined) lines.push(block(text(entry.content), colors));
      const decided = entry.decision;
      if (!decided) lines.push(label(colors.yellow('waiting for a decision')));
      else {
        const edited = decided.content === undefined ? '' : ' with changes';
        lines.push(
          label(`${decided.decision}${edited} by ${decided.by}${decided.comment ? `: ${decided.comment}` : ''}`),
        );
        if (decided.content !== undefined) lines.push(block(text(decided.content), colors));
      }
      return lines;
    }
  }
}

/** A trim in words: the rule, the tokens before and after against the budget, and what went. */
export function describeTrim(trim: ContextTrim): string {
  const what = trim.cutChars
    ? `cut ${Object.entries(trim.cutChars)
        .map(([unit, chars]) => `${formatCount(chars)} chars of ${unit}`)
        .join(', ')}`
    : trim.droppedFindingIds
      ? `left out ${trim.droppedFindingIds.join(', ')}`
      : `elided results of ${(trim.elidedCallIds ?? []).join(', ')}`;
  return `trimmed (${trim.rule}): ${formatCount(trim.beforeTokens)} → ${formatCount(trim.afterTokens)} tokens, budget ${formatCount(trim.budgetTokens)}; ${what}`;
}

function text(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function inline(value: Json): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
}

/** Text indented under its label, with a rule so a reader sees where it starts and ends. */
function block(value: string, colors: Colors): string {
  return value
    .trimEnd()
    .split('\n')
    .map((line) => `    ${colors.dim('│')} ${line}`)
    .join('\n');
}
