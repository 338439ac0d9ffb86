import { z } from 'zod';
import { describeValue } from './describe-value.ts';
import { durationPattern } from './duration.ts';
import { explainInvalid } from './schema-explanations.ts';

/** Names of agents, steps, inputs and providers: safe in templates, file names and URLs. */
export const identifierPattern = /^(?!(?:__proto__|constructor|prototype)$)[A-Za-z_][A-Za-z0-9_-]*$/;

/** What a name may look like, in words for messages. */
export const identifierRule = 'use letters, digits, "_" and "-", starting with a letter or "_"';

export const identifierSchema = z.string().regex(identifierPattern, { error: identifierRule });

/** `provider:model`, e.g. `openai:gpt-5-mini`, `ollama:qwen3`, `simulator:default`. */
export const modelSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+:\S+$/, { error: 'expected "provider:model", e.g. "openai:gpt-5-mini"' })
  .describe('A model as "provider:model", e.g. "openai:gpt-5-mini", "ollama:qwen3" or "simulator:default".');

export const durationSchema = explainInvalid(
  z
    .string()
    .regex(durationPattern, { error: 'expected a duration such as "500ms", "30s", "2m" or "1h"' })
    .describe('A duration: a number and a unit (ms, s, m, h), e.g. "30s".'),
  (value, field) => ({
    message: `expected a duration with a unit, found ${describeValue(value)}`,
    hint: `e.g. ${typeof field === 'string' ? field : 'timeout'}: 30s (ms, s, m, h)`,
  }),
);

export const latencySchema = z
  .union(
    [
      z.int().min(0),
      z
        .tuple([z.int().min(0), z.int().min(0)])
        .refine(([min, max]) => min <= max, { error: 'the first number (min) must not exceed the second (max)' }),
    ],
    { error: 'expected milliseconds, or [min, max] milliseconds' },
  )
  .describe('Simulated latency in ms, fixed or drawn from [min, max].');

/** Any JSON value; one shared instance so exported schemas define it once. */
export const jsonValueSchema = z.json().meta({ id: 'JsonValue' });

/** A JSON Schema object, as written in `output_schema:`. */
export const jsonSchemaObjectSchema = z
  .record(z.string(), jsonValueSchema)
  .describe('A JSON Schema (draft 2020-12) the answer must match.');
