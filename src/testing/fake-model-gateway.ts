import { setTimeout as delay } from 'node:timers/promises';
import type { Json, ModelFault, ModelGateway, ModelRequest, ModelResponse, RateLimitInfo } from '../spec/index.ts';

/** One call the fake saw, with when it started and ended. */
export interface FakeCall {
  request: ModelRequest;
  startedAt: number;
  endedAt?: number;
}

/** How the fake answers one call: text, tool calls, an object, or a fault; after a delay. */
export interface FakeAnswer {
  text?: string;
  toolCalls?: Array<{ tool: string; input: Json }>;
  object?: Json;
  fault?: ModelFault;
  delayMs?: number;
  /** Hold the call open until this settles (e.g. until other calls have started too). */
  until?: Promise<unknown>;
  /** Rate limits "sent" with the answer: reported through onAccept as the call starts, and on the response. */
  rateLimit?: RateLimitInfo;
  /** Text streamed through onDelta before the answer (or the fault). */
  deltas?: string[];
}

/**
 * A ModelGateway for engine tests: answers from a script keyed by the request, records every
 * call, honours abort. Errors are thrown the way the real gateway throws them (an Error with `fault`).
 */
export function createFakeModelGateway(script: (request: ModelRequest) => FakeAnswer = () => ({})) {
  const calls: FakeCall[] = [];
  const gateway: ModelGateway = {
    describe: (model) => ({ model, servedBy: 'fake', simulated: true, reason: 'test' }),
    async generate(request, { signal, onDelta, onAccept }) {
      const call: FakeCall = { request, startedAt: Date.now() };
      calls.push(call);
      const answer = script(request);
      if (!answer.fault || answer.deltas) onAccept?.(answer.rateLimit);
      for (const delta of answer.deltas ?? []) onDelta?.(delta);
      try {
        if (answer.delayMs) await delay(answer.delayMs, undefined, { signal });
        if (answer.until) await abortable(answer.until, signal);
        signal.throwIfAborted();
      } catch (error) {
        call.endedAt = Date.now();
        throw Object.assign(new Error('aborted'), {
          fault: { code: 'cancelled', message: 'aborted', retryable: false },
          cause: error,
        });
      }
      call.endedAt = Date.now();
      if (answer.fault) throw Object.assign(new Error(answer.fault.message), { fault: answer.fault });
      const toolCalls = (answer.toolCalls ?? []).map((call, index) => ({
        id: `${request.origin.unit}-${request.origin.turn}-${index}`,
        ...call,
      }));
      const response: ModelResponse = {
        text: answer.text ?? `answer to ${request.origin.unit}`,
        toolCalls,
        finishReason: toolCalls.length > 0 ? 'tool-calls' : 'stop',
        usage: { inputTokens: 10, outputTokens: 5 },
        costUsd: 0.001,
        servedBy: 'fake',
      };
      if (answer.object !== undefined) response.object = answer.object;
      if (answer.rateLimit) response.rateLimit = answer.rateLimit;
      return response;
    },
  };
  return { gateway, calls };
}

function abortable(promise: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
