import { setTimeout as sleep } from 'node:timers/promises';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { planSimulatedAnswer, type SimulatedAnswer, type SimulatorCall } from './plan-simulated-answer.ts';
import type { SeededRandom } from './seeded-random.ts';
import { createSimulatedFault } from './simulated-fault.ts';

export type { SimulatorCall } from './plan-simulated-answer.ts';

/** The providerOptions key that carries a `SimulatorCall`. */
export const simulatorOptionsKey = 'brigadeSimulator';

/**
 * A deterministic stand-in model, as a real LanguageModelV4 so it runs through the same code as
 * real providers. `modelId` is the full model string it stands in for (e.g. `openai:gpt-5-mini`).
 */
export function createSimulatorModel(
  modelId: string,
  defaults: { latencyMs: number | [number, number] },
): LanguageModelV4 {
  async function doStream(options: LanguageModelV4CallOptions) {
    const call = readCall(options);
    const answer = planSimulatedAnswer(modelId, options, call);
    const latencyMs = pickLatency(call.script.latencyMs ?? defaults.latencyMs, answer.random);
    const signal = options.abortSignal;
    if (answer.fault) {
      // Faults arrive like HTTP errors: before any output, after part of the latency.
      await pause(latencyMs / 4, signal);
      throw createSimulatedFault(answer.fault, modelId);
    }
    return { stream: streamOf(emit(modelId, answer, latencyMs, signal)) };
  }

  return {
    specificationVersion: 'v4',
    provider: 'simulator',
    modelId,
    supportedUrls: {},
    doStream,
    async doGenerate(options) {
      const { stream } = await doStream(options);
      const content: LanguageModelV4Content[] = [];
      let finish: { usage: LanguageModelV4Usage; finishReason: LanguageModelV4FinishReason } | undefined;
      let text = '';
      for await (const part of stream) {
        if (part.type === 'text-delta') text += part.delta;
        if (part.type === 'tool-call') content.push(part);
        if (part.type === 'finish') finish = part;
      }
      if (text) content.unshift({ type: 'text', text });
      return { content, finishReason: finish!.finishReason, usage: finish!.usage, warnings: [] };
    },
  };
}

function readCall(options: LanguageModelV4CallOptions): SimulatorCall {
  const raw = options.providerOptions?.[simulatorOptionsKey] as unknown as Partial<SimulatorCall> | undefined;
  return {
    origin: raw?.origin ?? { unit: '', attempt: 1, turn: 0 },
    script: raw?.script ?? {},
  };
}

/** The latency of one call: a fixed number, or a pick from `[min, max]` by the call's own random source. */
export function pickLatency(latency: number | [number, number], random: SeededRandom): number {
  if (typeof latency === 'number') return Math.max(0, latency);
  const [min, max] = latency;
  return random.integer(Math.max(0, Math.min(min, max)), Math.max(min, max));
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  if (ms >= 1) await sleep(Math.floor(ms), undefined, signal ? { signal } : {});
}

async function* emit(
  modelId: string,
  answer: SimulatedAnswer,
  latencyMs: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<LanguageModelV4StreamPart> {
  yield { type: 'stream-start', warnings: [] };
  yield { type: 'response-metadata', id: `sim-${answer.seed.slice(0, 12)}`, modelId };
  const chunks = splitWords(answer.text, 4);
  const slice = latencyMs / (chunks.length + 1);
  // Chunks are due at fixed offsets from the start, so timer drift does not add up over a call.
  const started = performance.now();
  const until = (offset: number) => pause(started + offset - performance.now(), signal);
  if (chunks.length > 0) {
    yield { type: 'text-start', id: 'text-0' };
    for (const [index, delta] of chunks.entries()) {
      await until(slice * (index + 1));
      yield { type: 'text-delta', id: 'text-0', delta };
    }
    yield { type: 'text-end', id: 'text-0' };
  }
  await until(latencyMs);
  for (const call of answer.toolCalls) {
    yield { type: 'tool-input-start', id: call.id, toolName: call.name };
    yield { type: 'tool-input-delta', id: call.id, delta: call.input };
    yield { type: 'tool-input-end', id: call.id };
    yield { type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.input };
  }
  const unified = answer.toolCalls.length > 0 ? 'tool-calls' : 'stop';
  yield {
    type: 'finish',
    finishReason: { unified, raw: unified },
    usage: {
      inputTokens: { total: answer.usage.input, noCache: answer.usage.input, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: answer.usage.output, text: answer.usage.output, reasoning: 0 },
    },
  };
}

function streamOf<T>(iterable: AsyncGenerator<T>): ReadableStream<T> {
  return new ReadableStream<T>({
    async pull(controller) {
      const next = await iterable.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterable.return(undefined);
    },
  });
}

function splitWords(text: string, pieces: number): string[] {
  if (!text) return [];
  // Words when there are enough of them (prose), else characters (JSON).
  const words = text.split(/(?<=\s)/).length >= pieces ? text.split(/(?<=\s)/) : [...text];
  const size = Math.ceil(words.length / pieces);
  const chunks: string[] = [];
  for (let start = 0; start < words.length; start += size) chunks.push(words.slice(start, start + size).join(''));
  return chunks;
}
