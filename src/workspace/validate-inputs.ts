import type { CompiledPlaybook, Issue, Json, JsonSchema } from '../spec/index.ts';
import { checkInputValue, type InputDeclaration } from './check-input-value.ts';
import { didYouMean } from './did-you-mean.ts';

/** Inputs ready for a run, or what is wrong with them. */
export type ValidateInputsResult = { ok: true; inputs: Record<string, Json> } | { ok: false; issues: Issue[] };

const inputFile = '--input';

/**
 * Checks run inputs against a playbook's declarations. Strings (as `--input k=v` gives them) are
 * coerced to the declared type: numbers, booleans, JSON for arrays and objects, and comma lists
 * for arrays. Defaults fill what is missing; an input without a default is required.
 *
 * @example validateInputs(playbook, { topic: 'AI agents', segments: 'founders,agencies' })
 */
export function validateInputs(
  playbook: CompiledPlaybook,
  raw: Readonly<Record<string, string | Json>>,
): ValidateInputsResult {
  const issues: Issue[] = [];
  const inputs: Record<string, Json> = {};
  const declared = Object.keys(playbook.inputs);
  for (const name of Object.keys(raw)) {
    if (Object.hasOwn(playbook.inputs, name)) continue;
    const hint =
      didYouMean(name, declared) ??
      (declared.length > 0 ? `inputs: ${declared.join(', ')}` : `${playbook.name} takes no inputs`);
    issues.push({
      file: inputFile,
      path: name,
      message: `unknown input "${name}" for playbook ${playbook.name}`,
      hint,
    });
  }
  for (const [name, schema] of Object.entries(playbook.inputs)) {
    const declaration = schema as unknown as InputDeclaration;
    if (!Object.hasOwn(raw, name) || raw[name] === undefined) {
      if (Object.hasOwn(schema, 'default')) inputs[name] = structuredClone(schema.default as Json);
      else
        issues.push({
          file: inputFile,
          path: name,
          message: `missing required input "${name}"`,
          hint: example(name, schema),
        });
      continue;
    }
    const given = raw[name] as string | Json;
    const coerced = typeof given === 'string' ? coerce(declaration, given) : { value: given };
    if ('error' in coerced) {
      issues.push({ file: inputFile, path: name, message: coerced.error, hint: example(name, schema) });
      continue;
    }
    // A required text given as nothing but spaces is as good as missing.
    if (typeof coerced.value === 'string' && coerced.value.trim() === '' && !Object.hasOwn(schema, 'default')) {
      issues.push({
        file: inputFile,
        path: name,
        message: `required input "${name}" is empty`,
        hint: example(name, schema),
      });
      continue;
    }
    const problem = checkInputValue(declaration, coerced.value);
    if (problem) {
      issues.push({ file: inputFile, path: name, message: problem, hint: example(name, schema) });
      continue;
    }
    inputs[name] = coerced.value;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, inputs };
}

/** Turns command-line text into the declared type; text that cannot be read is an error. */
function coerce(declaration: InputDeclaration, text: string): { value: Json } | { error: string } {
  switch (declaration.type) {
    case 'string':
      return { value: text };
    case 'number':
    case 'integer':
    case 'boolean': {
      const value = scalar(declaration.type, text.trim());
      return value === undefined
        ? {
            error: `expected ${declaration.type === 'integer' ? 'an integer' : `a ${declaration.type}`}, got "${text}"`,
          }
        : { value };
    }
    case 'object':
      return parseJson(text, 'a JSON object such as {"key": "value"}');
    case 'array': {
      if (text.trim().startsWith('[')) return parseJson(text, 'a JSON array such as ["a", "b"]');
      const parts = text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      const type = declaration.items?.type ?? 'string';
      if (type === 'string') return { value: parts };
      if (type === 'array' || type === 'object') return { error: 'expected a JSON array, e.g. [{"a": 1}]' };
      const values: Json[] = [];
      for (const part of parts) {
        const value = scalar(type, part);
        if (value === undefined)
          return { error: `"${part}" is not ${type === 'integer' ? 'an integer' : `a ${type}`}` };
        values.push(value);
      }
      return { value: values };
    }
  }
}

function scalar(type: 'number' | 'integer' | 'boolean', text: string): Json | undefined {
  if (type === 'boolean') {
    const lower = text.toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(lower)) return true;
    if (['false', 'no', 'off', '0'].includes(lower)) return false;
    return undefined;
  }
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return type === 'integer' && !Number.isInteger(value) ? undefined : value;
}

function parseJson(text: string, expected: string): { value: Json } | { error: string } {
  try {
    return { value: JSON.parse(text) as Json };
  } catch {
    return { error: `expected ${expected}, got text that is not valid JSON` };
  }
}

function example(name: string, schema: JsonSchema): string {
  const sample: Record<string, string> = {
    string: 'some text',
    number: '42',
    integer: '3',
    boolean: 'true',
    array: 'a,b,c',
    object: '{"key":"value"}',
  };
  const type = String(schema.type);
  const itemType = (schema.items as JsonSchema | undefined)?.type;
  const list: Record<string, string> = {
    number: '1,2,3',
    integer: '1,2,3',
    boolean: 'true,false',
    array: '[[1],[2]]',
    object: '[{"key":"value"}]',
  };
  const value = Array.isArray(schema.enum)
    ? String(schema.enum[0])
    : type === 'array'
      ? (list[String(itemType)] ?? 'a,b,c')
      : (sample[type] ?? 'value');
  return `pass --input ${name}=${value.includes(' ') || value.includes('"') ? `'${value}'` : value}`;
}
