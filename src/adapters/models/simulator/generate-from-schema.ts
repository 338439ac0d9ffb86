import type { Json, JsonSchema } from '../../../spec/index.ts';
import type { SeededRandom } from './seeded-random.ts';

type Schema = { [key: string]: Json };

interface Context {
  root: Schema;
  random: SeededRandom;
  /** A few words about the task, used in prose-like string fields so a demo reads sensibly. */
  topic: string;
  label: string;
  depth: number;
}

// Beyond this depth only required properties and minimum array lengths are produced (recursive schemas).
const maxDepth = 6;
const proseLabels = /summary|description|answer|text|result|content|message|title|reason|explanation|notes?$/i;

/**
 * A JSON value that conforms to `schema` (objects, arrays, enums, const, strings with common
 * formats, numbers, booleans, null, local `$ref`, allOf/anyOf/oneOf), chosen by `random`.
 * `pattern` is not honoured.
 */
export function generateFromSchema(schema: JsonSchema, random: SeededRandom, topic: string): Json {
  return generate(schema, { root: schema, random, topic, label: 'value', depth: 0 });
}

function generate(node: Json | undefined, context: Context): Json {
  if (!isSchema(node)) return node === false ? null : generateString({}, context);
  if ('const' in node) return node.const ?? null;
  if (Array.isArray(node.enum) && node.enum.length > 0) return context.random.pick(node.enum);
  if (typeof node.$ref === 'string') return generate(resolveRef(context.root, node.$ref), deeper(context));
  if (Array.isArray(node.allOf)) return generate(mergeAllOf(node, context.root), context);
  const branches = node.anyOf ?? node.oneOf;
  if (Array.isArray(branches) && branches.length > 0) {
    // The first non-null branch: any anyOf branch would do, and the first is the author's main case.
    const branch = branches.find((item) => !(isSchema(item) && item.type === 'null')) ?? branches[0];
    return generate(branch, deeper(context));
  }
  switch (typeOf(node)) {
    case 'object':
      return generateObject(node, context);
    case 'array':
      return generateArray(node, context);
    case 'integer':
      return generateNumber(node, context, true);
    case 'number':
      return generateNumber(node, context, false);
    case 'boolean':
      return context.random.next() < 0.5;
    case 'null':
      return null;
    default:
      return generateString(node, context);
  }
}

function generateObject(node: Schema, context: Context): Json {
  const properties = isSchema(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required.filter((key) => typeof key === 'string') : [];
  const keys = context.depth >= maxDepth ? required : [...new Set([...Object.keys(properties), ...required])];
  const object: { [key: string]: Json } = {};
  for (const key of keys) object[key] = generate(properties[key] ?? {}, { ...deeper(context), label: key });
  return object;
}

function generateArray(node: Schema, context: Context): Json {
  const minItems = numberOr(node.minItems, 0);
  const maxItems = numberOr(node.maxItems, Math.max(minItems, 3));
  const count =
    context.depth >= maxDepth ? minItems : context.random.integer(Math.min(Math.max(minItems, 1), maxItems), maxItems);
  const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
  const itemContext = { ...deeper(context), label: singular(context.label) };
  const items: Json[] = [];
  const seen = new Set<string>();
  // A few extra tries so uniqueItems can be met when choices are few.
  for (let attempt = 0; items.length < count && attempt < count * 4; attempt++) {
    const index = items.length;
    const item = generate(index < prefix.length ? prefix[index] : (node.items ?? {}), {
      ...itemContext,
      label: `${itemContext.label} ${index + 1}`,
    });
    const key = JSON.stringify(item);
    if (node.uniqueItems === true && seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}

function generateNumber(node: Schema, context: Context, integer: boolean): number {
  const step = integer ? 1 : 0.01;
  const exclusiveMin = node.exclusiveMinimum;
  const exclusiveMax = node.exclusiveMaximum;
  let min = numberOr(node.minimum, typeof exclusiveMin === 'number' ? exclusiveMin + step : 0);
  if (exclusiveMin === true) min += step;
  let max = numberOr(node.maximum, typeof exclusiveMax === 'number' ? exclusiveMax - step : Math.max(min, 0) + 100);
  if (exclusiveMax === true) max -= step;
  const multipleOf = typeof node.multipleOf === 'number' && node.multipleOf > 0 ? node.multipleOf : integer ? 1 : 0;
  if (multipleOf > 0) {
    const low = Math.ceil(min / multipleOf);
    const high = Math.max(low, Math.floor(max / multipleOf));
    return context.random.integer(low, high) * multipleOf;
  }
  const value = Math.round((min + context.random.next() * (max - min)) * 100) / 100;
  return Math.min(max, Math.max(min, value));
}

function generateString(node: Schema, context: Context): string {
  const { random } = context;
  const day = Date.UTC(2025, 0, 1) + random.integer(0, 364) * 86_400_000 + random.integer(0, 86_399) * 1000;
  let text: string;
  switch (node.format) {
    case 'date-time':
      return new Date(day).toISOString();
    case 'date':
      return new Date(day).toISOString().slice(0, 10);
    case 'time':
      return new Date(day).toISOString().slice(11, 19) + 'Z';
    case 'email':
      return `simulated-${random.hex(6)}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/simulated/${random.hex(8)}`;
    case 'uuid': {
      const hex = random.hex(32);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    }
    default:
      // Only top-level prose fields repeat the topic; deeper ones would read as noise.
      text =
        context.depth <= 1 && proseLabels.test(context.label)
          ? `[simulated] ${context.label}: ${context.topic}`
          : `simulated ${context.label} ${random.hex(4)}`;
  }
  const minLength = numberOr(node.minLength, 0);
  const maxLength = numberOr(node.maxLength, Number.POSITIVE_INFINITY);
  return text.padEnd(minLength, '.').slice(0, maxLength);
}

function typeOf(node: Schema): string {
  const { type } = node;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return String(type.find((item) => item !== 'null') ?? type[0] ?? 'string');
  if (isSchema(node.properties) || Array.isArray(node.required)) return 'object';
  if ('items' in node || 'prefixItems' in node) return 'array';
  if ('minimum' in node || 'maximum' in node) return 'number';
  return 'string';
}

function mergeAllOf(node: Schema, root: Schema): Schema {
  const { allOf, ...rest } = node;
  let merged: Schema = rest;
  for (const part of allOf as Json[]) {
    const schema = isSchema(part) && typeof part.$ref === 'string' ? resolveRef(root, part.$ref) : part;
    if (!isSchema(schema)) continue;
    merged = {
      ...merged,
      ...schema,
      properties: {
        ...(isSchema(merged.properties) ? merged.properties : {}),
        ...(isSchema(schema.properties) ? schema.properties : {}),
      },
      required: [
        ...(Array.isArray(merged.required) ? merged.required : []),
        ...(Array.isArray(schema.required) ? schema.required : []),
      ],
    };
  }
  return merged;
}

function resolveRef(root: Schema, ref: string): Json | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: Json | undefined = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  return node;
}

function isSchema(value: Json | undefined): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: Json | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function deeper(context: Context): Context {
  return { ...context, depth: context.depth + 1 };
}

function singular(label: string): string {
  return label.endsWith('s') && label.length > 3 ? label.slice(0, -1) : 'item';
}
