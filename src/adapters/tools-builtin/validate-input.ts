import type { Json, JsonSchema } from '../../spec/json.ts';

/**
 * Checks a value against the small JSON Schema subset the built-in tools use: `type`, `enum`,
 * `required`, `properties`, `additionalProperties`, `minimum`, `minLength`. Returns one message per
 * problem (empty when valid), each naming the field so a model can fix its call.
 */
export function validateInput(value: Json, schema: JsonSchema, path = ''): string[] {
  const where = path === '' ? 'input' : `\`${path}\``;
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((type) => hasType(value, type))) {
    return [`${where} must be ${types.map((type) => article(String(type))).join(' or ')}, got ${describe(value)}`];
  }
  const issues: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    issues.push(`${where} must be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`);
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) {
    issues.push(`${where} must be at least ${schema.minimum}`);
  }
  if (typeof value === 'string' && typeof schema.minLength === 'number' && value.length < schema.minLength) {
    issues.push(schema.minLength === 1 ? `${where} must not be empty` : `${where} is too short`);
  }
  if (isObject(value)) issues.push(...validateObject(value, schema, path));
  return issues;
}

function validateObject(value: { [key: string]: Json }, schema: JsonSchema, path: string): string[] {
  const issues: string[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const name of required) {
    if (typeof name === 'string' && value[name] === undefined) issues.push(`\`${join(path, name)}\` is required`);
  }
  for (const [name, field] of Object.entries(value)) {
    const fieldSchema = properties[name];
    if (isObject(fieldSchema)) {
      issues.push(...validateInput(field, fieldSchema, join(path, name)));
    } else if (schema.additionalProperties === false) {
      const known = Object.keys(properties);
      issues.push(`unknown field \`${join(path, name)}\`${known.length > 0 ? ` (expected: ${known.join(', ')})` : ''}`);
    } else if (isObject(schema.additionalProperties)) {
      issues.push(...validateInput(field, schema.additionalProperties, join(path, name)));
    }
  }
  return issues;
}

function hasType(value: Json, type: Json): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return false;
  }
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
