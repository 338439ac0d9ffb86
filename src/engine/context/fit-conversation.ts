import type { ContextTrim, ModelMessage, ToolDescriptor } from '../../spec/index.ts';
import { reservedOutputTokens } from './context-budget.ts';
import { formatThousands } from './cut-outputs.ts';
import { estimateMessageTokens, estimateTokens, estimateToolTokens } from './estimate-tokens.ts';

/** What a conversation must fit in. */
export interface ConversationLimits {
  system: string;
  tools: readonly ToolDescriptor[];
  /** The model's context window; without one, nothing is cut. */
  contextWindow?: number;
  maxOutputTokens?: number;
}

/** The marker a model sees instead of an elided tool result. */
export function elisionMarker(chars: number): string {
  return `[tool result elided to fit the context window: ${formatThousands(chars)} characters; call the tool again if you need it]`;
}

/**
 * Each message's estimate, kept: an agent's conversation grows by a turn at a time and is measured
 * before every call, so each message is measured once (messages are never changed in place).
 */
const messageTokens = new WeakMap<ModelMessage, number>();
function tokensOf(message: ModelMessage): number {
  let tokens = messageTokens.get(message);
  if (tokens === undefined) {
    tokens = estimateMessageTokens(message);
    messageTokens.set(message, tokens);
  }
  return tokens;
}

/**
 * The conversation of one model call, cut to the model's window (minus the room for its answer) by the
 * `elide-tool-results` rule: the oldest tool results are replaced by a marker, one by one, until it
 * fits. The opening messages (context, task) and the latest turn's tool results are never cut. The
 * messages given are not changed; the same conversation always gives the same cut.
 */
export function fitConversation(
  messages: readonly ModelMessage[],
  limits: ConversationLimits,
): { messages: ModelMessage[]; trim?: ContextTrim } {
  if (limits.contextWindow === undefined) return { messages: [...messages] };
  const budgetTokens = Math.max(
    0,
    limits.contextWindow - reservedOutputTokens(limits.contextWindow, limits.maxOutputTokens),
  );
  const fixed = estimateTokens(limits.system) + estimateToolTokens(limits.tools);
  const beforeTokens = messages.reduce((sum, message) => sum + tokensOf(message), fixed);
  if (beforeTokens <= budgetTokens) return { messages: [...messages] };

  const fitted = [...messages];
  const lastTool = fitted.findLastIndex((message) => message.role === 'tool');
  const elidedCallIds: string[] = [];
  let tokens = beforeTokens;
  for (let index = 0; index < lastTool && tokens > budgetTokens; index++) {
    const message = fitted[index]!;
    if (message.role !== 'tool') continue;
    const results = [...message.results];
    for (let at = 0; at < results.length && tokens > budgetTokens; at++) {
      const result = results[at]!;
      const output = JSON.stringify(result.output) ?? '';
      const marker = elisionMarker(output.length);
      const saved = estimateTokens(output) - estimateTokens(JSON.stringify(marker));
      if (saved <= 0) continue;
      results[at] = { ...result, output: marker };
      elidedCallIds.push(result.id);
      tokens -= saved;
    }
    fitted[index] = { role: 'tool', results };
  }
  if (elidedCallIds.length === 0) return { messages: fitted };
  return {
    messages: fitted,
    trim: { rule: 'elide-tool-results', budgetTokens, beforeTokens, afterTokens: tokens, elidedCallIds },
  };
}
