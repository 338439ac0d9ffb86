import type { CompiledStep } from '../../spec/index.ts';
import { createLimiter, type Limiter, type Slot } from './create-limiter.ts';

/** The slots every attempt of a run takes before it runs. */
export interface RunSlots {
  /** Takes, in a fixed order (no deadlock), every slot an attempt needs; resolves with their release. */
  acquire(step: CompiledStep, model: string, signal: AbortSignal): Promise<() => void>;
}

/**
 * Slots for one run: its fan-outs' caps and its own cap wait in limiters of their own (all their
 * waiters are alike, so a long fan-out queue costs O(1) per release), then the process-wide
 * limiter's global and per-model slots.
 */
export function createRunSlots(options: {
  shared: Limiter;
  limits: { global: number; models: Record<string, number> };
  runConcurrency: number | undefined;
}): RunSlots {
  const runLimiter = createLimiter();
  const stepLimiters = new Map<string, Limiter>();

  return {
    async acquire(step, model, signal) {
      const releases: Array<() => void> = [];
      const releaseAll = () => {
        for (const release of releases.reverse()) release();
      };
      try {
        if (step.forEach?.concurrency !== undefined) {
          const limiter = stepLimiters.get(step.id) ?? createLimiter();
          stepLimiters.set(step.id, limiter);
          releases.push(await limiter.acquire([{ key: step.id, limit: step.forEach.concurrency }], signal));
        }
        if (options.runConcurrency !== undefined) {
          releases.push(await runLimiter.acquire([{ key: 'run', limit: options.runConcurrency }], signal));
        }
        const shared: Slot[] = [{ key: 'global', limit: options.limits.global }];
        const modelLimit = options.limits.models[model];
        if (modelLimit !== undefined) shared.push({ key: `model:${model}`, limit: modelLimit });
        releases.push(await options.shared.acquire(shared, signal));
        return releaseAll;
      } catch (error) {
        releaseAll();
        throw error;
      }
    },
  };
}
