import type { Clock, ModelFault, ModelGateway, RateLimitInfo, RunId, StepId, WaitReason } from '../../spec/index.ts';
import type { Journal } from '../run/create-journal.ts';
import type { Governor } from './create-governor.ts';

/** The unit an attempt's model calls belong to, and how urgent its step is. */
export interface GovernedUnit {
  runId: RunId;
  where: { step: StepId; item?: number; attempt: number };
  /** From the graph: steps on the critical path go first (see remainingPathOf). */
  priority: number;
}

/** Rough token count of a request: 4 characters a token for the prompt, plus what the answer may use. */
export function estimateTokens(request: Parameters<ModelGateway['generate']>[0]): number {
  const prompt = request.system.length + JSON.stringify(request.messages).length + JSON.stringify(request.tools).length;
  return Math.ceil(prompt / 4) + (request.maxOutputTokens ?? defaultOutputTokens);
}

/** What an answer is assumed to take when the agent sets no max_output_tokens (corrected by the reported usage). */
const defaultOutputTokens = 512;

/**
 * The model gateway as one unit's attempt sees it: every call first takes a slot from the governor
 * (around the call, not the attempt), tells it what the provider said, and is made again at the call
 * level when the governor says so (429, overload, 5xx; never a final fault, never after part of the
 * answer was streamed). Waits and retries are recorded in the run's log: `slot-wait` when a call
 * has to wait (and when a backoff begins), `slot-grant` when it goes out after waiting, `model-retry`.
 */
export function governModels(
  models: ModelGateway,
  options: { governor: Governor; journal: Journal; clock: Clock; unit: GovernedUnit },
): ModelGateway {
  const { governor, journal, clock, unit } = options;
  return {
    describe: (model) => models.describe(model),
    async generate(request, generateOptions) {
      const { signal } = generateOptions;
      const turn = request.origin.turn;
      const key = request.model;
      // Asked at every look at the queue while the call waits: the request does not change, so once.
      let estimate: number | undefined;
      const tokens = () => {
        estimate ??= estimateTokens(request);
        return estimate;
      };
      let seq: number | undefined;
      for (let retries = 0; ; retries++) {
        let waitedFrom: number | undefined;
        const onWait = (reason: WaitReason, expectedMs?: number) => {
          waitedFrom ??= clock.now();
          journal.append({
            type: 'slot-wait',
            ...unit.where,
            turn,
            key,
            reason,
            ...(expectedMs === undefined ? {} : { expectedMs }),
          });
        };
        const lease = await governor.acquire(
          { key, run: unit.runId, priority: unit.priority, tokens, onWait, ...(seq === undefined ? {} : { seq }) },
          signal,
        );
        seq = lease.seq;
        if (waitedFrom !== undefined) {
          journal.append({ type: 'slot-grant', ...unit.where, turn, key, waitedMs: clock.now() - waitedFrom });
        }
        try {
          const response = await models.generate(request, {
            ...generateOptions,
            onAccept: (rateLimit: RateLimitInfo | undefined) => {
              lease.accept(rateLimit);
              generateOptions.onAccept?.(rateLimit);
            },
          });
          lease.succeed({ usage: response.usage, ...(response.rateLimit ? { rateLimit: response.rateLimit } : {}) });
          return response;
        } catch (error) {
          const fault = faultOf(error);
          if (!fault || signal.aborted) {
            lease.release();
            throw error;
          }
          const verdict = lease.fail(fault, retries);
          if (!verdict.retry) throw error;
          journal.append({
            type: 'model-retry',
            ...unit.where,
            turn,
            key,
            error: { code: fault.code, message: fault.message, retryable: fault.retryable },
            retryInMs: verdict.retryInMs,
            ...(verdict.backoffMs === undefined ? {} : { backoffMs: verdict.backoffMs }),
            ...(verdict.concurrency === undefined ? {} : { concurrency: verdict.concurrency }),
          });
          // Capacity faults wait behind the key's backoff in acquire; transient ones wait here first.
          if (verdict.delayMs > 0) await clock.sleep(verdict.delayMs, signal);
        }
      }
    },
  };
}

function faultOf(error: unknown): ModelFault | undefined {
  const fault = (error as { fault?: ModelFault } | null)?.fault;
  return fault && typeof fault.code === 'string' ? fault : undefined;
}
