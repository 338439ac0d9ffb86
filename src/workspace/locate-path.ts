import { isAlias, isMap, isPair, isScalar, isSeq, type Node, Scalar } from 'yaml';
import type { Issue } from '../spec/index.ts';
import type { YamlSource } from './parse-safe-yaml.ts';

/** A field path inside a file: keys and list indexes, e.g. `['steps', 'draft', 'needs', 0]`. */
export type FieldPath = ReadonlyArray<string | number>;

/** How to point at a field: at its key (`agent:`) or its value, and where inside a one-line text value. */
export interface LocateOptions {
  key?: boolean;
  /** Character offset inside a string value, e.g. of a bad `{{ expr }}`. */
  offset?: number;
}

/** `steps.draft.needs[0]`: how issues print a field path. */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text;
}

/**
 * The 1-based line and column of a field. When the field is missing, the deepest part of the path
 * that exists is used, so a missing `task` points at its step.
 */
export function locatePath(
  source: YamlSource,
  path: FieldPath,
  options: LocateOptions = {},
): { line: number; column: number } | undefined {
  let node: unknown = source.document.contents;
  let anchor: Node | undefined = isMap(node) || isSeq(node) ? (node as Node) : undefined;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(source.document);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return positionOf(source, anchor);
      keyNode = pair.key as Node;
      anchor = keyNode;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      keyNode = undefined;
      node = node.items[segment];
      anchor = node as Node;
    } else {
      return positionOf(source, anchor);
    }
  }
  if (options.key && keyNode) return positionOf(source, keyNode);
  if (!node || !(node as Node).range) return positionOf(source, anchor);
  const position = positionOf(source, node as Node);
  if (position && options.offset !== undefined) position.column += offsetWithin(source, node as Node, options.offset);
  return position;
}

/** An issue about a field, located in its file. */
export function issueAt(
  source: YamlSource,
  path: FieldPath,
  message: string,
  hint?: string,
  options?: LocateOptions,
): Issue {
  const issue: Issue = { file: source.file, ...locatePath(source, path, options), path: formatPath(path), message };
  if (hint) issue.hint = hint;
  return issue;
}

function positionOf(source: YamlSource, node: Node | undefined): { line: number; column: number } | undefined {
  if (!node?.range) return undefined;
  const position = source.lineCounter.linePos(node.range[0]);
  return { line: position.line, column: position.col };
}

/** Columns to add for an offset into a one-line scalar whose source text is its value verbatim. */
function offsetWithin(source: YamlSource, node: Node, offset: number): number {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return 0;
  const raw = source.text.slice(node.range[0], node.range[1]);
  if (raw.includes('\n')) return 0;
  if (node.type === Scalar.PLAIN && raw === node.value) return offset;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  if (quoted && raw.slice(1, -1) === node.value) return offset + 1;
  return 0;
}
