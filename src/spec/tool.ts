import type { Json } from './json.ts';
import type { ToolDescriptor } from './model.ts';

/** Where a tool call runs and on whose behalf. */
export interface ToolContext {
  runId: string;
  unit: string;
  agent: string;
  signal: AbortSignal;
}

/** A tool's outcome: a failure is data the model gets to see, not an exception. */
export type ToolOutcome = { ok: true; output: Json } | { ok: false; error: string };

/** The port agents reach tools through (built-ins now; skills and connectors later). */
export interface ToolSource {
  /** Descriptors for these tool names; unknown names are left out (the loader already rejected them). */
  describe(names: readonly string[]): ToolDescriptor[];
  /** Names of every tool this source offers (for validation and did-you-mean). */
  names(): string[];
  call(name: string, input: Json, context: ToolContext): Promise<ToolOutcome>;
  /** True when this call must wait for a person's approval before it runs (it acts on the world). */
  requiresApproval(name: string, input: Json): boolean;
}
