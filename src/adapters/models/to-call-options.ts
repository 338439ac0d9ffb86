import type {
  JSONSchema7,
  LanguageModelV4CallOptions,
  LanguageModelV4Message,
  LanguageModelV4ToolResultOutput,
  SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import type { Json, ModelMessage, ModelRequest, ToolResultPart } from '../../spec/index.ts';

/** Our provider-neutral request in the AI SDK's LanguageModelV4 call format. */
export function toCallOptions(
  request: ModelRequest,
  signal: AbortSignal,
  providerOptions: SharedV4ProviderOptions | undefined,
): LanguageModelV4CallOptions {
  const prompt: LanguageModelV4Message[] = [];
  if (request.system.trim()) prompt.push({ role: 'system', content: request.system });
  for (const message of request.messages) prompt.push(toPromptMessage(message));
  return {
    prompt,
    abortSignal: signal,
    ...(request.tools.length > 0
      ? {
          tools: request.tools.map((tool) => ({
            type: 'function' as const,
            name: tool.name,
            description: tool.description,
            inputSchema: tool.inputSchema as JSONSchema7,
          })),
          toolChoice: { type: 'auto' as const },
        }
      : {}),
    ...(request.outputSchema
      ? { responseFormat: { type: 'json' as const, schema: request.outputSchema as JSONSchema7, name: 'output' } }
      : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
    ...(providerOptions ? { providerOptions } : {}),
  };
}

function toPromptMessage(message: ModelMessage): LanguageModelV4Message {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: [{ type: 'text', text: message.content }] };
    case 'assistant':
      return {
        role: 'assistant',
        content: [
          ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
          ...message.toolCalls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.tool,
            input: call.input,
          })),
        ],
      };
    case 'tool':
      return {
        role: 'tool',
        content: message.results.map((result) => ({
          type: 'tool-result' as const,
          toolCallId: result.id,
          toolName: result.tool,
          output: toResultOutput(result),
        })),
      };
  }
}

// Strings go as text so the model reads them unquoted; anything else as JSON.
function toResultOutput(result: ToolResultPart): LanguageModelV4ToolResultOutput {
  const output: Json = result.output;
  if (typeof output === 'string') return { type: result.isError ? 'error-text' : 'text', value: output };
  return { type: result.isError ? 'error-json' : 'json', value: output };
}
