import type {
  ApprovalRequest,
  ContextSource,
  ContextTrim,
  Decision,
  Finding,
  Json,
  RunEvent,
  RunStatus,
  StepFailure,
  StepId,
  StepStatus,
  ToolCall,
  UnitStatus,
  Usage,
} from '../../spec/index.ts';
import { foldRun, unitKey } from '../../spec/index.ts';

/** A run told unit by unit from its log alone: what every agent was shown, and what it did. */
export interface RunExplanation {
  runId: string;
  playbook: string;
  status: RunStatus;
  dryRun: boolean;
  /** Steps that ran no agent: skipped, or never started. */
  steps: Array<{ step: string; status: StepStatus | 'not run'; reason?: string }>;
  /** Units in the order they first started. */
  units: UnitExplanation[];
}

/** One unit: a step, or one item of a `for_each` step. */
export interface UnitExplanation {
  unit: string;
  step: string;
  item?: number;
  /** The element of the `for_each` list this unit worked on. */
  itemValue?: Json;
  status: UnitStatus;
  attempts: AttemptExplanation[];
}

/** One attempt: who ran it, what it was told, and everything that happened, in log order. */
export interface AttemptExplanation {
  attempt: number;
  agent: string;
  model: string;
  /** Who answered (`simulator` when simulated), from the run's models or the first model response. */
  servedBy?: string;
  contextWindow?: number;
  system?: string;
  /** The tools offered to the model. */
  tools?: string[];
  task?: string;
  entries: ExplainedEntry[];
  outcome:
    | { status: 'succeeded'; output: Json }
    | { status: 'failed'; error: StepFailure; decision: 'retry' | 'fallback' | 'continue' | 'escalate' | 'fail' }
    | { status: 'unfinished' };
}

/** What happened during an attempt besides its system prompt and task. */
export type ExplainedEntry =
  | {
      type: 'context';
      turn: number;
      source: Exclude<ContextSource, 'system' | 'task'>;
      text: string;
      steps?: string[];
      findingIds?: string[];
      trim?: ContextTrim;
    }
  | {
      type: 'model-turn';
      turn: number;
      text: string;
      toolCalls: ToolCall[];
      object?: Json;
      finishReason: string;
      usage: Usage;
      conversationTrim?: ContextTrim;
    }
  | { type: 'tool-result'; turn: number; callId: string; tool: string; output: Json; isError: boolean }
  | { type: 'finding-share'; finding: Finding }
  /** A later call within the same attempt (a planner's next round or repair) and its own task. */
  | { type: 'task'; turn: number; text: string }
  | {
      type: 'approval';
      /** What a person was asked, shown and offered, and what they decided (absent while pending). */
      id: string;
      kind: ApprovalRequest['kind'];
      message: string;
      content?: Json;
      digest: string;
      decision?: { decision: Decision; by: string; comment?: string; content?: Json };
    };

/**
 * Explains a run from its events: per unit and attempt, the agent and model, the system prompt, the
 * task, every context shown (trimmed or not), every model turn, tool result and shared finding, and
 * how the attempt ended. Nothing but the log is read, so an old run explains the same way forever.
 */
export function explainRun(events: readonly RunEvent[]): RunExplanation {
  const state = foldRun(events);
  const units = new Map<string, UnitExplanation>();
  const attemptOf = (event: { step: StepId; item?: number; attempt: number }) =>
    units.get(unitKey(event))?.attempts.find((each) => each.attempt === event.attempt);
  const models = new Map(state.models.map((info) => [info.model, info]));

  for (const event of events) {
    switch (event.type) {
      case 'step-start': {
        const key = unitKey(event);
        let unit = units.get(key);
        if (!unit) {
          const items = state.steps[event.step]?.items;
          unit = {
            unit: key,
            step: event.step,
            ...(event.item === undefined ? {} : { item: event.item, itemValue: items?.[event.item] ?? null }),
            status: state.units.get(key)?.status ?? 'pending',
            attempts: [],
          };
          units.set(key, unit);
        }
        const info = models.get(event.model);
        unit.attempts.push({
          attempt: event.attempt,
          agent: event.agent,
          model: event.model,
          ...(info ? { servedBy: info.servedBy } : {}),
          ...(info?.contextWindow === undefined ? {} : { contextWindow: info.contextWindow }),
          entries: [],
          outcome: { status: 'unfinished' },
        });
        break;
      }
      case 'context-add': {
        const attempt = attemptOf(event);
        if (!attempt) break;
        if (event.source === 'system') {
          attempt.system = event.text;
          if (event.tools) attempt.tools = event.tools;
        } else if (event.source === 'task') {
          if (attempt.task === undefined) attempt.task = event.text;
          else attempt.entries.push({ type: 'task', turn: event.turn, text: event.text });
        } else {
          attempt.entries.push({
            type: 'context',
            turn: event.turn,
            source: event.source,
            text: event.text,
            ...(event.steps ? { steps: event.steps } : {}),
            ...(event.findingIds ? { findingIds: event.findingIds } : {}),
            ...(event.trim ? { trim: event.trim } : {}),
          });
        }
        break;
      }
      case 'model-response': {
        const attempt = attemptOf(event);
        if (!attempt) break;
        attempt.servedBy ??= event.servedBy;
        attempt.entries.push({
          type: 'model-turn',
          turn: event.turn,
          text: event.text,
          toolCalls: event.toolCalls,
          ...(event.object === undefined ? {} : { object: event.object }),
          finishReason: event.finishReason,
          usage: event.usage,
          ...(event.conversationTrim ? { conversationTrim: event.conversationTrim } : {}),
        });
        break;
      }
      case 'tool-result':
        attemptOf(event)?.entries.push({
          type: 'tool-result',
          turn: event.turn,
          callId: event.callId,
          tool: event.tool,
          output: event.output,
          isError: event.isError,
        });
        break;
      case 'finding-share':
        attemptOf(event)?.entries.push({ type: 'finding-share', finding: event.finding });
        break;
      case 'approval-request':
        attemptOf(event)?.entries.push({
          type: 'approval',
          id: event.request.id,
          kind: event.request.kind,
          message: event.request.message,
          ...(event.request.content === undefined ? {} : { content: event.request.content }),
          digest: event.request.digest,
        });
        break;
      case 'approval-response': {
        const asked = state.approvals.get(event.id);
        const attempt = asked ? attemptOf(asked) : undefined;
        const entry = attempt?.entries.find((each) => each.type === 'approval' && each.id === event.id);
        if (entry?.type === 'approval') {
          entry.decision = {
            decision: event.decision,
            by: event.by,
            ...(event.comment === undefined ? {} : { comment: event.comment }),
            ...(event.content === undefined ? {} : { content: event.content }),
          };
        }
        break;
      }
      case 'step-end': {
        const attempt = attemptOf(event);
        if (attempt) attempt.outcome = { status: 'succeeded', output: event.output };
        break;
      }
      case 'step-error': {
        const attempt = attemptOf(event);
        if (attempt) attempt.outcome = { status: 'failed', error: event.error, decision: event.decision };
        break;
      }
      default:
        break;
    }
  }

  const steps: RunExplanation['steps'] = [];
  for (const step of Object.values(state.steps)) {
    if (step.units.some((key) => units.has(key))) continue;
    if (step.status === 'skipped') steps.push({ step: step.id, status: 'skipped', reason: step.skipReason ?? '' });
    else if (step.status === 'pending')
      steps.push({ step: step.id, status: state.status === 'running' ? 'pending' : 'not run' });
    else if (step.units.length === 0) steps.push({ step: step.id, status: step.status });
  }
  return {
    runId: state.runId ?? '',
    playbook: state.playbook?.name ?? '',
    status: state.status,
    dryRun: state.dryRun,
    steps,
    units: [...units.values()].map((unit) => ({ ...unit, attempts: unit.attempts.map(inReadingOrder) })),
  };
}

/** The attempt's fields in the order a reader wants them (who, what it was told, what happened). */
function inReadingOrder(attempt: AttemptExplanation): AttemptExplanation {
  const { attempt: number, agent, model, servedBy, contextWindow, system, tools, task, entries, outcome } = attempt;
  return {
    attempt: number,
    agent,
    model,
    ...(servedBy === undefined ? {} : { servedBy }),
    ...(contextWindow === undefined ? {} : { contextWindow }),
    ...(system === undefined ? {} : { system }),
    ...(tools === undefined ? {} : { tools }),
    ...(task === undefined ? {} : { task }),
    entries,
    outcome,
  };
}
