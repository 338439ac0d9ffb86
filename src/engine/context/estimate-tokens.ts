import type { ModelMessage, ToolDescriptor } from '../../spec/index.ts';

/**
 * Brigade's token estimate: one token per 4 characters, rounded up. It is what every budget and trim
 * is measured in, so the same text always counts the same, whatever the model's tokenizer says.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The estimate of one message: its text, its tool calls and tool results as JSON. */
export function estimateMessageTokens(message: ModelMessage): number {
  switch (message.role) {
    case 'user':
      return estimateTokens(message.content);
    case 'assistant':
      return (
        estimateTokens(message.content) +
        (message.toolCalls.length ? estimateTokens(JSON.stringify(message.toolCalls)) : 0)
      );
    case 'tool':
      return message.results.reduce((sum, result) => sum + estimateTokens(JSON.stringify(result.output) ?? ''), 0);
  }
}

/** The estimate of the tools offered to a model (names, descriptions and input schemas, as JSON). */
export function estimateToolTokens(tools: readonly ToolDescriptor[]): number {
  return tools.length ? estimateTokens(JSON.stringify(tools)) : 0;
}
