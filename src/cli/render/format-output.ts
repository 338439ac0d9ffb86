import type { Json } from '../../spec/index.ts';

interface SynthesisPart {
  text: string;
  steps?: string[];
  agents?: string[];
}

/**
 * A run's output for people: text as it is; a synthesis as its summary, then each part with where
 * it came from (steps and agents); anything else as indented JSON.
 */
export function formatOutput(output: Json | undefined): string {
  if (typeof output === 'string') return output;
  const synthesis = asSynthesis(output);
  if (synthesis) {
    const parts = synthesis.parts.map((part) => {
      const from = (part.steps ?? []).map((step, index) => `${step} (${part.agents?.[index] ?? '?'})`).join(', ');
      return `${part.text}${from ? `\n  — from ${from}` : ''}`;
    });
    return [synthesis.summary, ...parts].join('\n\n');
  }
  return JSON.stringify(output ?? null, null, 2);
}

function asSynthesis(output: Json | undefined): { summary: string; parts: SynthesisPart[] } | undefined {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return undefined;
  const { summary, parts } = output as { summary?: Json; parts?: Json };
  if (typeof summary !== 'string' || !Array.isArray(parts)) return undefined;
  if (
    !parts.every(
      (part) => typeof part === 'object' && part !== null && typeof (part as { text?: Json }).text === 'string',
    )
  )
    return undefined;
  return { summary, parts: parts as unknown as SynthesisPart[] };
}
