import type { z } from 'zod';
import type { Issue } from '../spec/index.ts';
import { article, describeValue } from './describe-value.ts';
import { didYouMean } from './did-you-mean.ts';
import { type FieldPath, issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import { explanationOf, fieldsOf } from './schema-explanations.ts';

export { describeValue } from './describe-value.ts';

type ZodIssue = z.core.$ZodIssue;

/** Just enough of zod's internal definition to find the fields an object allows. */
interface SchemaDefinition {
  type: string;
  shape?: Record<string, SchemaNode>;
  valueType?: SchemaNode;
  element?: SchemaNode;
  innerType?: SchemaNode;
  options?: SchemaNode[];
  items?: SchemaNode[];
  in?: SchemaNode;
}
interface SchemaNode {
  _zod: { def: SchemaDefinition };
}

/** zod's type names in the words the rest of the messages use (`describeValue`). */
const typeNames: Record<string, string> = { int: 'integer', object: 'mapping', record: 'mapping', array: 'list' };

/** Issue codes about the value itself (not a field inside it), where a schema's own words apply. */
const valueCodes: ReadonlySet<string> = new Set(['invalid_type', 'invalid_value', 'invalid_format', 'invalid_union']);

/**
 * Turns zod's issues into workspace issues that name the file, line, column and field, with
 * friendlier messages and a did-you-mean for unknown fields and values.
 */
export function issuesFromZod(
  issues: readonly ZodIssue[],
  schema: z.ZodType,
  source: YamlSource,
  data: unknown,
): Issue[] {
  const result: Issue[] = [];
  const visit = (issue: ZodIssue, base: FieldPath): void => {
    const path = [...base, ...(issue.path as Array<string | number>)];
    const value = valueAt(data, path);
    if (valueCodes.has(issue.code) && value !== undefined) {
      const explain = explanationOf(schemaAt(schema as unknown as SchemaNode, path) as z.ZodType | undefined);
      if (explain) {
        const { message, hint } = explain(value, path.at(-1));
        result.push(issueAt(source, path, message, hint));
        return;
      }
    }
    switch (issue.code) {
      case 'unrecognized_keys': {
        const custom = fieldsOf(schemaAt(schema as unknown as SchemaNode, path) as z.ZodType | undefined);
        const allowed = custom?.(value) ?? fieldsAt(schema as unknown as SchemaNode, path) ?? [];
        for (const key of issue.keys) {
          const hint =
            didYouMean(key, allowed) ?? (allowed.length > 0 ? `allowed fields: ${allowed.join(', ')}` : undefined);
          result.push(issueAt(source, [...path, key], `unknown field "${key}"`, hint, { key: true }));
        }
        return;
      }
      case 'invalid_union': {
        const branch = matchingBranch(issue.errors);
        if (branch) for (const inner of branch) visit(inner, path);
        else result.push(issueAt(source, path, friendlyMessage(issue, value)));
        return;
      }
      case 'invalid_key': {
        const inner = issue.issues[0];
        const message = inner && !isDefaultMessage(inner.message) ? inner.message : 'invalid name';
        result.push(
          issueAt(source, path, `invalid name "${String(path.at(-1))}": ${message}`, undefined, { key: true }),
        );
        return;
      }
      case 'invalid_value': {
        const options = issue.values.map(String);
        const hint = typeof value === 'string' ? didYouMean(value, options) : undefined;
        result.push(
          issueAt(source, path, `expected one of ${options.map((option) => `"${option}"`).join(', ')}`, hint),
        );
        return;
      }
      default:
        if (issue.code === 'invalid_type' && value === undefined) {
          result.push(issueAt(source, path, `missing required field "${String(path.at(-1))}"`));
          return;
        }
        result.push(issueAt(source, path, friendlyMessage(issue, value)));
    }
  };
  for (const issue of issues) visit(issue, []);
  return result;
}

/** The union branch whose type matched (its problems lie deeper), if exactly that can be told. */
function matchingBranch(branches: readonly ZodIssue[][]): ZodIssue[] | undefined {
  const typed = branches.filter(
    (branch) => !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
  );
  if (typed.length === 0) return undefined;
  return typed.reduce((best, branch) => (branch.length < best.length ? branch : best));
}

function friendlyMessage(issue: ZodIssue, value: unknown): string {
  if (!isDefaultMessage(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(typeNames[issue.expected] ?? issue.expected)}, found ${describeValue(value)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} item${issue.maximum === 1 ? '' : 's'}`;
      return `must be at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

function isDefaultMessage(message: string): boolean {
  return /^(Invalid|Too small|Too big|Unrecognized)/.test(message);
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** The schema that checks the value at `path` (for a union, the first option that has the path). */
function schemaAt(schema: SchemaNode, path: FieldPath): SchemaNode | undefined {
  const definition = schema._zod.def;
  if (path.length === 0) return schema;
  if (definition.innerType) return schemaAt(definition.innerType, path);
  if (definition.in) return schemaAt(definition.in, path);
  if (definition.options) {
    for (const option of definition.options) {
      const found = schemaAt(option, path);
      if (found) return found;
    }
    return undefined;
  }
  const [head, ...rest] = path;
  const child =
    definition.type === 'object'
      ? definition.shape && Object.hasOwn(definition.shape, String(head))
        ? definition.shape[String(head)]
        : undefined
      : definition.type === 'record'
        ? definition.valueType
        : definition.type === 'array'
          ? definition.element
          : definition.items?.[Number(head)];
  return child ? schemaAt(child, rest) : undefined;
}

/** Field names an object schema allows at a path, for did-you-mean on unknown fields. */
function fieldsAt(schema: SchemaNode, path: FieldPath): string[] | undefined {
  const definition = schema._zod.def;
  if (definition.innerType) return fieldsAt(definition.innerType, path);
  if (definition.in) return fieldsAt(definition.in, path);
  if (definition.options) {
    for (const option of definition.options) {
      const found = fieldsAt(option, path);
      if (found) return found;
    }
    return undefined;
  }
  if (definition.type === 'object' && definition.shape) {
    if (path.length === 0) return Object.keys(definition.shape);
    const child = definition.shape[String(path[0])];
    return child ? fieldsAt(child, path.slice(1)) : undefined;
  }
  if (path.length === 0) return undefined;
  const child =
    definition.type === 'record'
      ? definition.valueType
      : definition.type === 'array'
        ? definition.element
        : definition.items?.[Number(path[0])];
  return child ? fieldsAt(child, path.slice(1)) : undefined;
}
