import type { LanguageModelV4FinishReason, LanguageModelV4StreamPart } from '@ai-sdk/provider';

/** What a model stream said, before it is checked and priced. */
export interface StreamOutcome {
  text: string;
  toolCalls: Array<{ id: string; tool: string; input: string }>;
  finishReason: LanguageModelV4FinishReason['unified'];
  usage: { inputTokens: number | undefined; outputTokens: number | undefined };
}

/**
 * Why reading a stream failed: the provider sent an error part (`error-part`), or the stream
 * broke or ended without finishing (`cut`). `partialOutput` tells whether output was already streamed.
 */
export class StreamFailure extends Error {
  readonly kind: 'error-part' | 'cut';
  readonly partialOutput: boolean;
  constructor(kind: 'error-part' | 'cut', partialOutput: boolean, cause: unknown) {
    super(`model stream failed (${kind})`, { cause });
    this.name = 'StreamFailure';
    this.kind = kind;
    this.partialOutput = partialOutput;
  }
}

// The openai-compatible provider reports a stream that stops early this way instead of as `interrupted`.
const endedWithoutFinish = /ended without a finish reason/i;

/** Reads a LanguageModelV4 stream to its end, passing text deltas to `onDelta` as they arrive. */
export async function readModelStream(
  stream: ReadableStream<LanguageModelV4StreamPart>,
  onDelta: ((text: string) => void) | undefined,
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = {
    text: '',
    toolCalls: [],
    finishReason: 'other',
    usage: { inputTokens: undefined, outputTokens: undefined },
  };
  let partialOutput = false;
  let finished = false;
  // A reader loop, not `for await`: the async iterator adds a promise round trip per part.
  const reader = stream.getReader();
  let ended = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        ended = true;
        break;
      }
      const part = next.value;
      switch (part.type) {
        case 'text-delta':
          partialOutput = true;
          outcome.text += part.delta;
          onDelta?.(part.delta);
          break;
        case 'tool-input-start':
        case 'reasoning-start':
          partialOutput = true;
          break;
        case 'tool-call':
          partialOutput = true;
          if (!part.providerExecuted)
            outcome.toolCalls.push({ id: part.toolCallId, tool: part.toolName, input: part.input });
          break;
        case 'error': {
          const kind = endedWithoutFinish.test(errorMessage(part.error)) ? 'cut' : 'error-part';
          throw new StreamFailure(kind, partialOutput, part.error);
        }
        case 'finish':
          finished = true;
          outcome.finishReason = part.finishReason.unified;
          outcome.usage = { inputTokens: part.usage.inputTokens.total, outputTokens: part.usage.outputTokens.total };
          break;
      }
    }
  } catch (error) {
    if (error instanceof StreamFailure) throw error;
    throw new StreamFailure('cut', partialOutput, error);
  } finally {
    // Leaving early (an error part, a throw) cancels the stream, which aborts the request behind it.
    if (!ended) void reader.cancel().catch(() => {});
  }
  if (!finished || outcome.finishReason === 'interrupted') {
    throw new StreamFailure('cut', partialOutput, new Error('the stream ended before the model finished'));
  }
  if (outcome.finishReason === 'error') {
    throw new StreamFailure('error-part', partialOutput, new Error('the response ended with an error'));
  }
  return outcome;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : '';
}
