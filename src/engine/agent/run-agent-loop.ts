import type {
  AgentSpec,
  ApprovalState,
  Clock,
  FindingsSubscription,
  Json,
  JsonSchema,
  ModelGateway,
  ModelMessage,
  ModelResponse,
  RunId,
  StepContext,
  StepId,
  ToolResultPart,
  ToolSource,
  UnitState,
} from '../../spec/index.ts';
import { digestOf } from '../../spec/index.ts';
import { boardToolNames, boardTools, callBoardTool } from '../board/board-tools.ts';
import { contextWindowOf } from '../context/context-budget.ts';
import { fitConversation } from '../context/fit-conversation.ts';
import { showContext } from '../context/show-context.ts';
import { type AskRequest, approvalId } from '../people/create-decisions.ts';
import type { Journal } from '../run/create-journal.ts';
import { StepFailedError } from './step-failed-error.ts';

/** What the tool loop needs to run one attempt of an agent unit. */
export interface AgentLoopInput {
  runId: RunId;
  unit: UnitState;
  attempt: number;
  agent: AgentSpec;
  model: string;
  task: string;
  outputSchema?: JsonSchema;
  journal: Journal;
  /** The log position up to which this unit's inputs were written; it waits for them to be durable. */
  inputsSeq: number;
  /** Which findings of the board the agent is shown before its turns. */
  findings?: FindingsSubscription;
  /** Which upstream outputs the agent is shown before its first turn, and the context budget. */
  context?: StepContext;
  clock: Clock;
  models: ModelGateway;
  tools: ToolSource;
  signal: AbortSignal;
  onDelta?: (unit: string, text: string) => void;
  /** Asks a person (see UnitContext.ask): approval-gated tool calls wait on it. */
  ask(request: AskRequest): Promise<ApprovalState>;
  /** Throws when a budget does not allow another model call (see UnitContext.checkBudget). */
  checkBudget(): void;
  /**
   * The attempt's turn this loop starts at (default 0): a step that runs the loop several times in
   * one attempt (a planner's rounds) numbers the turns on, so each replays its own recorded turns.
   */
  firstTurn?: number;
}

/** The system prompt: who the agent is and how to answer. */
export function buildSystemPrompt(agent: AgentSpec, outputSchema?: JsonSchema): string {
  const parts = [`You are ${agent.name}: ${agent.role}.`, agent.instructions.trim()];
  if (outputSchema) parts.push('Answer with JSON only, matching the schema you are given.');
  return parts.filter(Boolean).join('\n\n');
}

/**
 * Runs the agent's tool loop for one attempt: model turn, tool calls, model turn … until the
 * model answers without tools or maxSteps is reached. Every model response and tool result is
 * an event before the loop goes on, so a resumed attempt replays recorded turns instead of
 * calling the model again; only the unrecorded call is made.
 *
 * The first model call of an attempt waits until the unit's inputs are durable, so a unit never
 * starts on inputs a crash could still take back (only in-flight units are ever redone); a tool
 * call waits for the whole log, its own call included, since it may act on the world. Later turns
 * need not wait: their responses land in the log after everything they were based on
 * (docs/decisions/0003-durability-and-group-commit.md).
 */
export async function runAgentLoop(input: AgentLoopInput): Promise<Json> {
  const { unit, agent, journal } = input;
  const where = {
    step: unit.step as StepId,
    attempt: input.attempt,
    ...(unit.item === undefined ? {} : { item: unit.item }),
  };
  const system = buildSystemPrompt(agent, input.outputSchema);
  const messages: ModelMessage[] = [];
  // The board's tools come with every agent; they act on the run's own board only.
  const toolDescriptors = [...input.tools.describe(agent.tools), ...boardTools];
  let startedDurably = false;
  const allowed = new Set(agent.tools);
  const callTool = async (call: { id: string; tool: string; input: Json }) => {
    await journal.durable(); // the call is on disk before the tool acts on the world
    input.signal.throwIfAborted();
    if (input.tools.requiresApproval(call.tool, call.input)) {
      const shown = { tool: call.tool, input: call.input };
      const approval = await input.ask({
        id: approvalId(unit.key, input.attempt, call.id),
        kind: 'tool',
        callId: call.id,
        message: `${agent.name} wants to call ${call.tool}`,
        content: shown,
        options: ['approve', 'reject'],
      });
      const response = approval.response!;
      const because = response.comment ? `: ${response.comment}` : '';
      if (response.decision !== 'approve') {
        return { ok: false, error: `${response.by} did not approve this call${because}` } as const;
      }
      // The approval binds to the arguments shown; anything else needs an approval of its own.
      if (approval.digest !== digestOf(shown)) {
        return { ok: false, error: 'the approved arguments differ from this call; ask again' } as const;
      }
    }
    return input.tools.call(call.tool, call.input, {
      runId: input.runId,
      unit: unit.key,
      agent: agent.name,
      signal: input.signal,
    });
  };

  const firstTurn = input.firstTurn ?? 0;
  for (let turn = firstTurn; turn < firstTurn + agent.maxSteps; turn++) {
    input.signal.throwIfAborted();
    let response: Pick<ModelResponse, 'text' | 'toolCalls' | 'object'> | undefined = unit.turns[turn];
    // System prompt, upstream outputs, task, teammates' new findings: recorded, or replayed on resume.
    const shown = showContext({ ...input, where, system, toolDescriptors }, turn, response !== undefined);
    messages.push(...shown.messages);
    if (!response) {
      if (!startedDurably) {
        await journal.durable(input.inputsSeq);
        startedDurably = true;
      }
      input.signal.throwIfAborted();
      input.checkBudget();
      const started = input.clock.now();
      const conversation = fitConversation(messages, {
        system: shown.system,
        tools: toolDescriptors,
        contextWindow: contextWindowOf(journal.state, input.model),
        maxOutputTokens: agent.maxOutputTokens,
      });
      const answer = await input.models.generate(
        {
          model: input.model,
          system: shown.system,
          messages: conversation.messages, // a snapshot: later turns add to the conversation
          tools: toolDescriptors,
          ...(input.outputSchema ? { outputSchema: input.outputSchema } : {}),
          ...(agent.temperature === undefined ? {} : { temperature: agent.temperature }),
          ...(agent.maxOutputTokens === undefined ? {} : { maxOutputTokens: agent.maxOutputTokens }),
          origin: { runId: input.runId, unit: unit.key, attempt: input.attempt, turn },
          ...(agent.simulate ? { simulate: agent.simulate } : {}),
        },
        {
          signal: input.signal,
          ...(input.onDelta ? { onDelta: (text: string) => input.onDelta?.(unit.key, text) } : {}),
        },
      );
      input.signal.throwIfAborted();
      journal.append({
        type: 'model-response',
        ...where,
        turn,
        model: input.model,
        servedBy: answer.servedBy,
        text: answer.text,
        toolCalls: answer.toolCalls,
        ...(answer.object === undefined ? {} : { object: answer.object }),
        finishReason: answer.finishReason,
        usage: answer.usage,
        costUsd: answer.costUsd,
        durationMs: input.clock.now() - started,
        ...(conversation.trim ? { conversationTrim: conversation.trim } : {}),
      });
      response = answer;
    }
    messages.push({ role: 'assistant', content: response.text, toolCalls: response.toolCalls });
    if (response.toolCalls.length === 0) {
      return response.object !== undefined ? response.object : response.text;
    }
    const recorded = unit.turns[turn]?.toolResults ?? {};
    const results = await Promise.all(
      response.toolCalls.map(async (call): Promise<ToolResultPart> => {
        const known = recorded[call.id];
        if (known) return { id: call.id, tool: call.tool, ...known };
        journal.append({ type: 'tool-call', ...where, turn, call });
        // Only the agent's own tools (and the board's) run, whatever the model asks for.
        const outcome = boardToolNames.has(call.tool)
          ? callBoardTool(
              call.tool,
              call.input,
              { id: call.id, unit, attempt: input.attempt, agent: agent.name },
              journal,
            )
          : allowed.has(call.tool)
            ? await callTool(call)
            : ({
                ok: false,
                error: `tool "${call.tool}" is not available to agent ${agent.name}; its tools are: ${agent.tools.join(', ') || 'none'}`,
              } as const);
        input.signal.throwIfAborted();
        const result = outcome.ok
          ? { output: outcome.output, isError: false }
          : { output: { error: outcome.error } as Json, isError: true };
        journal.append({ type: 'tool-result', ...where, turn, callId: call.id, tool: call.tool, ...result });
        return { id: call.id, tool: call.tool, ...result };
      }),
    );
    messages.push({ role: 'tool', results });
  }
  throw new StepFailedError({
    code: 'max-steps',
    message: `agent ${agent.name} used all ${agent.maxSteps} model turns without a final answer`,
    retryable: false,
  });
}
