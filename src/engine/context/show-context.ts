import type {
  AgentSpec,
  ContextSource,
  FindingsSubscription,
  ModelMessage,
  RunEventBody,
  StepContext,
  StepId,
  ToolDescriptor,
  UnitState,
} from '../../spec/index.ts';
import { digestFor } from '../board/board-tools.ts';
import type { Journal } from '../run/create-journal.ts';
import { contextBudgetFor, contextWindowOf } from './context-budget.ts';
import { describeUpstream } from './describe-upstream.ts';
import { estimateTokens, estimateToolTokens } from './estimate-tokens.ts';

/** What deciding an agent's context needs: who it is, what it would be told, what it subscribed to. */
export interface ContextInput {
  journal: Journal;
  unit: UnitState;
  where: { step: StepId; attempt: number; item?: number };
  agent: AgentSpec;
  model: string;
  /** The system prompt and task of a new attempt; on resume the recorded ones are used instead. */
  system: string;
  task: string;
  /** The tools offered to the model. */
  toolDescriptors: readonly ToolDescriptor[];
  context?: StepContext;
  findings?: FindingsSubscription;
  /** The turn this loop starts at (a planner's later rounds go on numbering within the attempt). */
  firstTurn?: number;
}

/** A `context-add` event without where and when. */
type ContextBody = Omit<Extract<RunEventBody, { type: 'context-add' }>, 'type' | 'turn' | 'step' | 'attempt' | 'item'>;

/** What the model is shown before one turn: the system prompt and the user messages this turn adds. */
export interface ShownContext {
  system: string;
  messages: ModelMessage[];
}

/**
 * Decides and records what an agent is shown before a model turn, then returns it from the log.
 * Before the first turn of a loop (turn 0 of an attempt, or a planner's later call): its system prompt, its task, the outputs of `context.steps`. Before
 * every turn not yet answered: its teammates' new findings. Each is a `context-add` event; a recorded
 * one is replayed, never rebuilt, so a resumed turn sees exactly what the original did. The chosen
 * context (upstream outputs, findings) is cut to the budget of `contextBudgetFor` (docs/architecture.md,
 * "Context").
 */
export function showContext(input: ContextInput, turn: number, answered: boolean): ShownContext {
  const { journal, unit } = input;
  const first = input.firstTurn ?? 0;
  const recorded = (source: ContextSource, at = turn) =>
    unit.contexts[at]?.find((context) => context.source === source)?.text;
  const add = (body: ContextBody) => journal.append({ type: 'context-add', ...input.where, turn, ...body });
  const contextWindow = contextWindowOf(journal.state, input.model);
  const maxTokens = input.context?.maxTokens;
  // Measured only when there is a bound: a run without one pays nothing per turn.
  const budget = () =>
    contextWindow === undefined && maxTokens === undefined
      ? undefined
      : contextBudgetFor({
          fixedTokens:
            estimateTokens(recorded('system', first) ?? input.system) +
            estimateToolTokens(input.toolDescriptors) +
            estimateTokens(recorded('task', first) ?? input.task),
          ...optional('contextWindow', contextWindow),
          ...optional('maxTokens', maxTokens),
          ...optional('maxOutputTokens', input.agent.maxOutputTokens),
        });

  const wantsFindings = !answered && recorded('findings') === undefined;
  let digest: ReturnType<typeof digestFor>;
  let digestDone = false;
  if (turn === first) {
    if (recorded('system') === undefined) {
      add({ source: 'system', text: input.system, tools: input.toolDescriptors.map((tool) => tool.name) });
    }
    if (recorded('task') === undefined) add({ source: 'task', text: input.task });
    const steps = input.context?.steps ?? [];
    if (steps.length > 0 && recorded('steps') === undefined) {
      // Findings are short and live: before turn 0 they may take up to half the budget, the outputs the rest.
      const total = budget();
      if (wantsFindings) {
        digest = digestFor(
          journal.state,
          unit,
          input.findings,
          total === undefined ? undefined : Math.floor(total / 2),
        );
        digestDone = true;
      }
      const room = total === undefined ? undefined : total - estimateTokens(digest?.text ?? '');
      const upstream = describeUpstream(journal.state, steps, room);
      add({ source: 'steps', text: upstream.text, steps: [...steps], ...optional('trim', upstream.trim) });
    }
  }
  // Teammates' findings are looked at only for a turn still to be asked; a recorded turn keeps what it saw.
  if (wantsFindings && !digestDone) {
    const total = budget();
    const room = total === undefined ? undefined : Math.max(0, total - estimateTokens(recorded('steps') ?? ''));
    digest = digestFor(journal.state, unit, input.findings, room);
  }
  if (digest) add({ source: 'findings', ...digest });
  return {
    system: recorded('system', first) ?? input.system,
    messages: (unit.contexts[turn] ?? [])
      .filter((context) => context.source !== 'system')
      .map((context) => ({ role: 'user', content: context.text })),
  };
}

/** `{ key: value }`, or nothing when the value is undefined (the log keeps no undefined fields). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
