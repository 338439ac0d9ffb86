import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  Scalar,
  type YAMLError,
} from 'yaml';
import type { Issue } from '../spec/index.ts';
import { type FieldPath, formatPath } from './locate-path.ts';
import { describeYamlProblem } from './yaml-problems.ts';

/** Limits every workspace file is held to, so a hostile file cannot exhaust memory or time. */
export const yamlLimits = { maxBytes: 1024 * 1024, maxAliasCount: 100, maxDepth: 64 } as const;

/** A parsed YAML file with what is needed to point issues at lines and columns. */
export interface YamlSource {
  /** Path relative to the workspace root, as issues name it. */
  file: string;
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/**
 * The result of reading one workspace file. `readable` means the file gave a mapping whose other
 * parts can still be checked; `issues` may be non-empty even then (a duplicate key, a tag, a
 * second document), and the parts they are about are left out of `value` and listed in `unreadable`.
 */
export type YamlParseResult =
  | { readable: true; value: Record<string, unknown>; source: YamlSource; issues: Issue[]; unreadable: FieldPath[] }
  | { readable: false; issues: Issue[] };

const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Tags whose values are JSON; others (!!binary, !!set, !!timestamp, …) would give non-JSON values. */
const plainTags: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);
/**
 * Problems of the `yaml` package after which the rest of the document is still what the author
 * wrote, so checking goes on. Duplicate keys, complex keys and tags are found (and named) by
 * `checkStructure` instead of taken from the package.
 */
const recoverable: ReadonlySet<string> = new Set([
  'DUPLICATE_KEY',
  'NON_STRING_KEY',
  'TAG_RESOLVE_FAILED',
  'MULTIPLE_DOCS',
  'BAD_DIRECTIVE',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_TAGS',
  'ALIAS_PROPS',
]);
const foundByStructure: ReadonlySet<string> = new Set(['DUPLICATE_KEY', 'NON_STRING_KEY', 'TAG_RESOLVE_FAILED']);

/**
 * Parses YAML text that must hold one mapping, refusing what could hurt: files over 1 MiB,
 * alias bombs, keys that reach prototypes, and nesting deeper than 64 levels. Syntax errors make
 * the file unreadable; problems confined to one value (a duplicate key, a tag, a bad alias) are
 * reported and that value is left out, so the rest of the file can still be checked.
 */
export function parseSafeYaml(text: string, file: string): YamlParseResult {
  if (text.length > yamlLimits.maxBytes) return { readable: false, issues: [tooLarge(file)] };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    stringKeys: true,
    merge: false,
    version: '1.2',
    schema: 'core',
  });
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  const problems: YAMLError[] = [...document.errors, ...document.warnings];
  const fatal = problems.some((problem) => !recoverable.has(problem.code));
  const parserIssues = problems
    .filter((problem) => !foundByStructure.has(problem.code))
    .map((problem): Issue => {
      const { message, hint } = describeYamlProblem(problem.code, problem.message, text, problem.pos[0], file);
      return { file, ...at(problem.pos[0]), path: '', message, ...(hint ? { hint } : {}) };
    });
  const source: YamlSource = { file, text, document, lineCounter };
  const contents = document.contents;
  if (fatal) return { readable: false, issues: sortByPosition([...parserIssues, ...checkStructure(source).issues]) };
  if (!isMap(contents)) {
    const found = contents === null ? 'an empty file' : isSeq(contents) ? 'a list' : 'a single value';
    const issue: Issue = {
      file,
      ...at(contents?.range?.[0] ?? 0),
      path: '',
      message: `expected a mapping of fields, found ${found}`,
    };
    return { readable: false, issues: sortByPosition([...parserIssues, issue]) };
  }
  const structure = checkStructure(source);
  const issues = sortByPosition([...parserIssues, ...structure.issues]);
  if (!structure.complete) return { readable: false, issues };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: yamlLimits.maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    issues.push({
      file,
      path: '',
      message: `aliases expand too much (limit: ${yamlLimits.maxAliasCount} alias expansions)`,
      hint: 'write the values out, or use fewer aliases',
    });
    return { readable: false, issues };
  }
  if (depthOf(value) > yamlLimits.maxDepth) {
    issues.push({
      file,
      path: '',
      message: `nesting is deeper than ${yamlLimits.maxDepth} levels once aliases are expanded`,
      hint: 'write the values out, or use fewer aliases',
    });
    return { readable: false, issues };
  }
  return { readable: true, value: value as Record<string, unknown>, source, issues, unreadable: structure.unreadable };
}

/** The issue for a file over the size limit. */
export function tooLarge(file: string): Issue {
  return {
    file,
    path: '',
    message: `file is larger than ${yamlLimits.maxBytes / 1024 / 1024} MiB`,
    hint: 'split it, or move long text into knowledge files',
  };
}

/** A long path cut to its first segments, e.g. `a[0][0][0]…`, so a message stays readable. */
export function shortPath(path: FieldPath, keep = 4): string {
  return path.length > keep ? `${formatPath(path.slice(0, keep))}…` : formatPath(path);
}

interface StructureCheck {
  issues: Issue[];
  /** Paths of values left out of the document (replaced by null or removed). */
  unreadable: FieldPath[];
  /** False when the walk stopped early (nesting too deep): nothing more can be read. */
  complete: boolean;
}

/**
 * Walks the syntax tree in document order (without following aliases) for forbidden, complex
 * and duplicate keys, tags, aliases with no anchor before them, unquoted `{{` values, and depth.
 * It repairs the document as it goes so the rest can be read: a later duplicate key, a forbidden
 * or complex key is removed; a tagged value, a dangling alias or an unquoted template becomes null.
 */
function checkStructure(source: YamlSource): StructureCheck {
  const issues: Issue[] = [];
  const unreadable: FieldPath[] = [];
  const position = (node: { range?: [number, number, number] | null | undefined } | null | undefined) => {
    const linePos = source.lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line: linePos.line, column: linePos.col };
  };
  const report = (node: unknown, path: FieldPath | string, message: string, hint?: string) => {
    issues.push({
      file: source.file,
      ...position(node as Node),
      path: typeof path === 'string' ? path : formatPath(path),
      message,
      ...(hint ? { hint } : {}),
    });
  };
  const anchors = new Set<string>();
  /** Replaces a child value by null; returns false for the root, which cannot be replaced. */
  type Replace = (() => void) | undefined;
  const stack: Array<{ node: unknown; depth: number; path: FieldPath; replace: Replace }> = [
    { node: source.document.contents, depth: 1, path: [], replace: undefined },
  ];
  while (stack.length > 0) {
    const { node, depth, path, replace } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const problem = valueProblem(source, node as Node, anchors);
    if (problem) {
      // A tag is pointed at where it is written, before the value.
      const at = problem.offset === undefined ? node : { range: [problem.offset, problem.offset, problem.offset] };
      report(at, path, problem.message, problem.hint);
      if (!replace) return { issues, unreadable, complete: false };
      replace();
      unreadable.push(path);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.add(anchor);
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > yamlLimits.maxDepth) {
      // The path can be 60 `[0]`s long; a few segments (and the line) are enough to find it.
      report(
        node,
        shortPath(path),
        `nesting is deeper than ${yamlLimits.maxDepth} levels`,
        'workspace files need only a few levels of lists and mappings; flatten this value',
      );
      return { issues, unreadable, complete: false };
    }
    const children: Array<{ node: unknown; depth: number; path: FieldPath; replace: Replace }> = [];
    if (isSeq(node)) {
      node.items.forEach((item, index) => {
        children.push({
          node: item,
          depth: depth + 1,
          path: [...path, index],
          replace: () => {
            node.items[index] = new Scalar(null);
          },
        });
      });
    } else {
      const seen = new Map<string, Node>();
      const kept: unknown[] = [];
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key as Node | null;
        if (!isScalar(key) || isAlias(key)) {
          report(key ?? node, path, 'keys must be plain names, not lists or mappings', 'write the key as plain text');
          continue;
        }
        if (key.tag !== undefined && !plainTags.has(key.tag)) {
          report(key, path, ...tagProblem(key.tag));
          continue;
        }
        if (key.anchor) anchors.add(key.anchor);
        const name = String(key.value);
        const keyPath = [...path, name];
        if (forbiddenKeys.has(name)) {
          report(
            key,
            keyPath,
            `the key "${name}" is not allowed`,
            'rename it; __proto__, constructor and prototype are reserved',
          );
          continue;
        }
        const first = seen.get(name);
        if (first) {
          report(
            key,
            keyPath,
            `"${name}" appears twice in the same mapping (first on line ${position(first).line})`,
            `keep one "${name}" and delete the other`,
          );
          continue;
        }
        seen.set(name, key);
        kept.push(item);
        children.push({
          node: item.value,
          depth: depth + 1,
          path: keyPath,
          replace: () => {
            item.value = new Scalar(null);
          },
        });
      }
      node.items = kept as typeof node.items;
    }
    // Reversed, so the stack pops children in document order (aliases need their anchor first).
    for (const child of children.reverse()) stack.push(child);
  }
  return { issues, unreadable, complete: true };
}

/** Why a value cannot be read as written, or undefined when it can (its children aside). */
function valueProblem(
  source: YamlSource,
  node: Node,
  anchors: ReadonlySet<string>,
): { message: string; hint?: string; offset?: number } | undefined {
  if (isAlias(node)) {
    if (anchors.has(node.source)) return undefined;
    return {
      message: `*${node.source} refers to no &${node.source} above it`,
      hint: `mark the value to reuse with &${node.source} before this line, or write the value out`,
    };
  }
  const tag = (node as { tag?: string }).tag;
  if (tag !== undefined && !plainTags.has(tag)) {
    const [message, hint] = tagProblem(tag);
    return { message, hint, offset: tagOffset(source.text, tag, node.range?.[0]) };
  }
  if (isMap(node) && node.range && source.text.startsWith('{{', node.range[0])) {
    return {
      message: 'a value that starts with "{{" must be in quotes, or YAML reads it as a mapping',
      hint: 'put the whole value in quotes, e.g. task: "{{ inputs.topic }}"',
    };
  }
  return undefined;
}

/** Where the tag of a value starting at `start` is written, when it is on the same line. */
function tagOffset(text: string, tag: string, start: number | undefined): number | undefined {
  if (start === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const at = text.slice(lineStart, start).lastIndexOf(tag.replace('tag:yaml.org,2002:', '!!'));
  return at === -1 ? undefined : lineStart + at;
}

function tagProblem(tag: string): [message: string, hint: string] {
  const shown = tag.replace('tag:yaml.org,2002:', '!!');
  return [
    `YAML tags such as ${shown} are not allowed in workspace files; write plain values`,
    `remove ${shown} and write the value as text, a number, true/false, a list or a mapping`,
  ];
}

/** Issues by position, each message once per line (a deep or garbled line can repeat one many times). */
function sortByPosition(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .filter((issue) => {
      const key = `${issue.line}\u0000${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Depth of a plain value, stopping early past the limit (aliases can make cycles). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > yamlLimits.maxDepth) return deepest;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return deepest;
}
