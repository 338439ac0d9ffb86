import type { RunState } from '../../spec/index.ts';

/** The most output a call reserves room for when the agent sets no `max_output_tokens`. */
export const defaultReservedOutputTokens = 4_096;

/**
 * The room kept for the model's answer: the agent's `maxOutputTokens`, else a quarter of the window
 * up to 4,096 tokens.
 */
export function reservedOutputTokens(contextWindow: number, maxOutputTokens: number | undefined): number {
  return maxOutputTokens ?? Math.min(defaultReservedOutputTokens, Math.floor(contextWindow / 4));
}

/** What a context budget is computed from. */
export interface BudgetInput {
  /** The model's context window, when known. */
  contextWindow?: number;
  /** The step's `context.maxTokens`. */
  maxTokens?: number;
  /** Estimated tokens of what is always sent: system prompt, tools, task. */
  fixedTokens: number;
  /** The agent's `maxOutputTokens`. */
  maxOutputTokens?: number;
}

/**
 * How many estimated tokens the chosen context of one model call may take: the smaller of the step's
 * `context.maxTokens` and the model's window minus the system prompt, tools, task and the room for the
 * answer (never below 0). Undefined when neither bound is known: nothing is trimmed.
 */
export function contextBudgetFor(input: BudgetInput): number | undefined {
  const window =
    input.contextWindow === undefined
      ? undefined
      : Math.max(
          0,
          input.contextWindow - input.fixedTokens - reservedOutputTokens(input.contextWindow, input.maxOutputTokens),
        );
  if (window === undefined) return input.maxTokens;
  return input.maxTokens === undefined ? window : Math.min(input.maxTokens, window);
}

/** The context window of a model as recorded when the run started (`run-start` models), if known. */
export function contextWindowOf(state: RunState, model: string): number | undefined {
  return state.models.find((info) => info.model === model)?.contextWindow;
}
