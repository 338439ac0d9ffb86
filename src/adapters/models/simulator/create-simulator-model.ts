import { setTimeout as sleep } from 'node:timers/promises';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { APICallError } from '@ai-sdk/provider';
import type { SimulatedProvider } from './create-simulated-provider.ts';
import {
  planSimulatedAnswer,
  type SimulatedAnswer,
  type SimulatorCall,
  scriptedFault,
} from './plan-simulated-answer.ts';
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
  defaults: { latencyMs: number | [number, number]; provider?: SimulatedProvider },
): LanguageModelV4 {
  async function doStream(options: LanguageModelV4CallOptions) {
    const call = readCall(options);
    // Like a remote model, the simulator composes its answer when the answer's first part is due,
    // not when the call is made (a fan-out's calls all go out first). Only what decides the call
    // itself needs it up front: a scripted fault, a latency drawn from a range, a provider's limits.
    let planned: SimulatedAnswer | undefined;
    const plan = () => {
      planned ??= planSimulatedAnswer(modelId, options, call);
      return planned;
    };
    const latency = call.script.latencyMs ?? defaults.latencyMs;
    const latencyMs = typeof latency === 'number' ? Math.max(0, latency) : pickLatency(latency, plan().random);
    const signal = options.abortSignal;
    const fault = scriptedFault(call);
    if (fault) {
      // Faults arrive like HTTP errors: before any output, after part of the latency.
      await pause(latencyMs / 4, signal);
      throw createSimulatedFault(fault, modelId);
    }
    // Only a rate-limited provider needs the answer's size now (the call is skipped without one).
    const admission = defaults.provider?.admit(plan().usage.input + plan().usage.output, latencyMs);
    if (admission && !admission.ok) {
      // A refusal comes back fast, as from a real API: a round trip, not the answer's latency.
      await pause(Math.min(20, latencyMs / 4), signal);
      throw refusal(admission, modelId);
    }
    const release = admission?.release;
    const stream = emit(modelId, plan, latencyMs, signal, release);
    return { stream, ...(admission ? { response: { headers: admission.headers } } : {}) };
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

/**
 * The simulated answer as a stream: the response opens when the first part is due (a fifth of the
 * latency), then each text part goes out at its offset from the start of the call (measured from
 * the start, so nothing drifts) and the answer finishes at the latency. One timer at a time: the
 * next part is scheduled when one goes out, so a call costs one timer to start, and a hundred
 * parallel calls stay cheap.
 */
function emit(
  modelId: string,
  plan: () => SimulatedAnswer,
  latencyMs: number,
  signal: AbortSignal | undefined,
  onEnd: (() => void) | undefined,
): ReadableStream<LanguageModelV4StreamPart> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    onEnd?.();
  };
  return new ReadableStream<LanguageModelV4StreamPart>(
    {
      start(controller) {
        const begun = performance.now();
        let answer: SimulatedAnswer | undefined;
        let chunks: string[] = [];
        let slice = 0;
        let sent = 0;
        let closed = false;
        const abort = () => {
          stop();
          if (closed) return;
          closed = true;
          controller.error(signal?.reason);
        };
        if (signal?.aborted) {
          abort();
          return;
        }
        signal?.addEventListener('abort', abort, { once: true });
        const open = (): SimulatedAnswer => {
          const planned = plan();
          chunks = splitWords(planned.text, 4);
          slice = latencyMs / (chunks.length + 1);
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'response-metadata', id: `sim-${planned.seed.slice(0, 12)}`, modelId });
          if (chunks.length > 0) controller.enqueue({ type: 'text-start', id: 'text-0' });
          return planned;
        };
        const finish = (planned: SimulatedAnswer) => {
          closed = true;
          if (chunks.length > 0) controller.enqueue({ type: 'text-end', id: 'text-0' });
          for (const call of planned.toolCalls) {
            controller.enqueue({ type: 'tool-input-start', id: call.id, toolName: call.name });
            controller.enqueue({ type: 'tool-input-delta', id: call.id, delta: call.input });
            controller.enqueue({ type: 'tool-input-end', id: call.id });
            controller.enqueue({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.input });
          }
          const unified = planned.toolCalls.length > 0 ? 'tool-calls' : 'stop';
          const { usage } = planned;
          controller.enqueue({
            type: 'finish',
            finishReason: { unified, raw: unified },
            usage: {
              inputTokens: { total: usage.input, noCache: usage.input, cacheRead: 0, cacheWrite: 0 },
              outputTokens: { total: usage.output, text: usage.output, reasoning: 0 },
            },
          });
          stop();
          signal?.removeEventListener('abort', abort);
          controller.close();
        };
        // Pushes every part that is due, then waits for the next one. Parts due within a millisecond
        // go out at once: a timer would wait a whole millisecond.
        const pushDue = () => {
          timer = undefined;
          if (closed) return;
          const elapsed = () => performance.now() - begun;
          if (!answer) {
            const opensAt = latencyMs / 5;
            if (opensAt - elapsed() >= 1) {
              timer = setTimeout(pushDue, opensAt - elapsed());
              return;
            }
            try {
              answer = open();
            } catch (error) {
              // Composing the answer failed (a schema it cannot meet): the stream fails, as a call would.
              closed = true;
              stop();
              signal?.removeEventListener('abort', abort);
              controller.error(error);
              return;
            }
          }
          for (;;) {
            const last = sent === chunks.length;
            const wait = (last ? latencyMs : slice * (sent + 1)) - elapsed();
            if (wait >= 1) {
              timer = setTimeout(pushDue, wait);
              return;
            }
            if (last) return finish(answer);
            controller.enqueue({ type: 'text-delta', id: 'text-0', delta: chunks[sent]! });
            sent++;
          }
        };
        pushDue();
      },
      cancel: stop,
    },
    { highWaterMark: 64 },
  );
}

function refusal(admission: Extract<ReturnType<SimulatedProvider['admit']>, { ok: false }>, modelId: string) {
  const error = { type: admission.type, message: admission.message };
  return new APICallError({
    message: `${admission.message} (simulated)`,
    url: `simulator://${modelId}`,
    requestBodyValues: {},
    statusCode: admission.status,
    responseHeaders: admission.headers,
    responseBody: JSON.stringify({ error }),
    data: { error },
    isRetryable: true,
  });
}

/** Cuts text into about `pieces` chunks at spaces (prose), or anywhere when there are too few spaces (JSON). */
function splitWords(text: string, pieces: number): string[] {
  if (!text) return [];
  const size = Math.ceil(text.length / pieces);
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const space = text.indexOf(' ', end);
    if (end < text.length && space !== -1 && space - end < size) end = space + 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}
