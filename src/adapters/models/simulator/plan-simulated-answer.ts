import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { Json, JsonSchema, SimulatorScript } from '../../../spec/index.ts';
import { generateFromSchema } from './generate-from-schema.ts';
import { createSeededRandom, hashParts, type SeededRandom } from './seeded-random.ts';
import { simulatePlan } from './simulate-plan.ts';

/** Where a simulated call comes from and what its script says; travels in providerOptions. */
export interface SimulatorCall {
  origin: { unit: string; attempt: number; turn: number };
  script: SimulatorScript;
}

/** What the simulator will answer to one call. */
export interface SimulatedAnswer {
  seed: string;
  random: SeededRandom;
  text: string;
  toolCalls: Array<{ id: string; name: string; input: string }>;
  usage: { input: number; output: number };
}

/** The error a call fails with when its script says so: while its attempt is within `fail.times`. */
export function scriptedFault(call: SimulatorCall): NonNullable<SimulatorScript['fail']>['error'] | undefined {
  const { fail } = call.script;
  return fail && call.origin.attempt <= fail.times ? fail.error : undefined;
}

/**
 * Decides a simulated answer from the prompt, the unit and the attempt: the same request always
 * gets the same answer. Scripted tool calls come first (one entry per turn), then the final answer.
 */
export function planSimulatedAnswer(
  modelId: string,
  options: LanguageModelV4CallOptions,
  call: SimulatorCall,
): SimulatedAnswer {
  const { script, origin } = call;
  // Each message is serialized once, for the seed and for the prompt's size.
  const system: string[] = [];
  const conversation: string[] = [];
  let promptChars = 1 + options.prompt.length; // the brackets and commas of the prompt as JSON
  for (const message of options.prompt) {
    const json = JSON.stringify(message);
    promptChars += json.length;
    if (message.role === 'system') system.push(message.content);
    else conversation.push(json);
  }
  const seed = hashParts([
    modelId,
    system.join('\n'),
    `[${conversation.join(',')}]`,
    origin.unit,
    String(origin.attempt),
  ]);
  const random = createSeededRandom(seed);
  const inputTokens = Math.ceil(promptChars / 4);
  const base = { seed, random };

  const scripted = script.loop ? loopCall(script, options, random) : (script.toolCalls?.[origin.turn] ?? []);
  if (scripted.length > 0) {
    const toolCalls = scripted.map((item, index) => ({
      id: `sim_${seed.slice(0, 8)}_${origin.turn}_${index}`,
      name: item.tool,
      input: JSON.stringify(item.input ?? {}),
    }));
    const output = toolCalls.reduce((sum, item) => sum + item.name.length + item.input.length, 0);
    return { ...base, text: '', toolCalls, usage: { input: inputTokens, output: Math.ceil(output / 4) } };
  }

  const text = finalText(modelId, options, script, random, seed);
  return { ...base, text, toolCalls: [], usage: { input: inputTokens, output: Math.ceil(text.length / 4) } };
}

// `loop` calls the first scripted tool, or else the first offered tool, on every turn.
function loopCall(script: SimulatorScript, options: LanguageModelV4CallOptions, random: SeededRandom) {
  const first = script.toolCalls?.find((turn) => turn.length > 0)?.[0];
  if (first) return [first];
  const tool = options.tools?.find((item) => item.type === 'function');
  if (!tool) return [];
  return [{ tool: tool.name, input: generateFromSchema(tool.inputSchema as JsonSchema, random, 'loop') }];
}

function finalText(
  modelId: string,
  options: LanguageModelV4CallOptions,
  script: SimulatorScript,
  random: SeededRandom,
  seed: string,
): string {
  const task = shorten(firstUserText(options.prompt), 100);
  if (options.responseFormat?.type === 'json') {
    const schema = (options.responseFormat.schema ?? {
      type: 'object',
      properties: { summary: { type: 'string' } },
    }) as JsonSchema;
    const object: Json =
      script.output !== undefined
        ? script.output
        : script.planning
          ? simulatePlan(schema, script.planning, random, goalOf(options.prompt))
          : generateFromSchema(schema, random, task);
    return JSON.stringify(object);
  }
  if (typeof script.output === 'string') return script.output;
  if (script.output !== undefined) return JSON.stringify(script.output);
  const toolNames = options.prompt.flatMap((message) =>
    message.role === 'tool'
      ? message.content.flatMap((part) => (part.type === 'tool-result' ? [part.toolName] : []))
      : [],
  );
  const opener = random.pick(['Here is a simulated answer to', 'A simulated take on', 'Simulated result for']);
  const sentences = [`[simulated ${modelId}] ${opener} the task "${task}".`];
  if (toolNames.length > 0) {
    const plural = toolNames.length === 1 ? '' : 's';
    sentences.push(`It drew on ${toolNames.length} tool result${plural} (${[...new Set(toolNames)].join(', ')}).`);
  }
  sentences.push(`No real model was called; this text stands in for one (sim ${seed.slice(0, 6)}).`);
  return sentences.join(' ');
}

function firstUserText(prompt: LanguageModelV4Prompt): string {
  for (const message of prompt) {
    if (message.role !== 'user') continue;
    const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join(' ');
    if (text.trim()) return text;
  }
  return 'no task given';
}

// A planner's prompt opens with `Goal: …`; its first line is what a made-up plan is about.
function goalOf(prompt: LanguageModelV4Prompt): string {
  const first = firstUserText(prompt)
    .split('\n')[0]!
    .replace(/^Goal:\s*/, '');
  return shorten(first, 80);
}

function shorten(text: string, max: number): string {
  // Only the start can show: whitespace is collapsed in the whole text only when its start is mostly whitespace.
  const headLength = max + 20;
  let line = collapse(text.length > headLength ? text.slice(0, headLength) : text);
  if (line.length <= max && text.length > headLength) line = collapse(text);
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function collapse(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?:;,]+$/, '');
}
