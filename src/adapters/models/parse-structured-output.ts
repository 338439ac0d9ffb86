import { z } from 'zod';
import type { Json, JsonSchema } from '../../spec/index.ts';

/** The parsed answer, or why it does not fit the schema. */
export type StructuredOutput = { ok: true; value: Json } | { ok: false; problem: string };

/**
 * Parses a model's JSON answer and checks it against the output schema. Tolerates a Markdown
 * code fence around the JSON (local models often add one).
 */
export function parseStructuredOutput(text: string, schema: JsonSchema): StructuredOutput {
  const body = text.trim().replace(/^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i, '$1');
  let value: Json;
  try {
    value = JSON.parse(body) as Json;
  } catch (error) {
    const excerpt = body.length > 80 ? `${body.slice(0, 79)}…` : body;
    return { ok: false, problem: `the answer is not JSON (${(error as Error).message}): ${JSON.stringify(excerpt)}` };
  }
  const validator = compile(schema);
  if (!validator) return { ok: true, value };
  const result = validator.safeParse(value);
  if (result.success) return { ok: true, value };
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, problem: `the answer does not match the output schema: ${issues.join('; ')}` };
}

const compiled = new WeakMap<JsonSchema, z.ZodType | null>();

// A schema zod cannot convert is not checked beyond being JSON, rather than failing every call.
function compile(schema: JsonSchema): z.ZodType | null {
  let validator = compiled.get(schema);
  if (validator === undefined) {
    try {
      validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    } catch {
      validator = null;
    }
    compiled.set(schema, validator);
  }
  return validator;
}
