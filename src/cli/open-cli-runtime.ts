import { openRuntime, type Runtime } from '../runtime/open-runtime.ts';
import type { CliContext } from './cli-context.ts';
import { parseLatency } from './parse-latency.ts';

/** The runtime a command works on: `--workspace` (or the nearest workspace), the env, and `--sim-latency` if given. */
export function openCliRuntime(
  values: { workspace?: string | undefined; 'sim-latency'?: string | undefined },
  context: CliContext,
): Promise<Runtime> {
  return openRuntime({
    cwd: context.cwd,
    ...(values.workspace ? { workspace: values.workspace } : {}),
    env: context.env,
    ...(values['sim-latency'] ? { simulatorLatencyMs: parseLatency(values['sim-latency']) } : {}),
  });
}
