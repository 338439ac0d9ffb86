import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Issue } from '../spec/index.ts';

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

/** The result of reading one workspace file. */
export type YamlParseResult =
  | { ok: true; value: Record<string, unknown>; source: YamlSource }
  | { ok: false; issues: Issue[] };

const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Tags whose values are JSON; others (!!binary, !!set, !!timestamp, …) would give non-JSON values. */
const plainTags: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

/**
 * Parses YAML text that must hold one mapping, refusing what could hurt: files over 1 MiB,
 * alias bombs, keys that reach prototypes, and nesting deeper than 64 levels.
 */
export function parseSafeYaml(text: string, file: string): YamlParseResult {
  if (text.length > yamlLimits.maxBytes) return { ok: false, issues: [tooLarge(file)] };
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
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    const issues = problems.map((problem) => ({
      file,
      ...at(problem.pos[0]),
      path: '',
      message: messageOf(problem.code, problem.message),
    }));
    return { ok: false, issues };
  }
  const source: YamlSource = { file, text, document, lineCounter };
  const contents = document.contents;
  if (!isMap(contents)) {
    const found = contents === null ? 'an empty file' : isSeq(contents) ? 'a list' : 'a single value';
    return {
      ok: false,
      issues: [
        { file, ...at(contents?.range?.[0] ?? 0), path: '', message: `expected a mapping of fields, found ${found}` },
      ],
    };
  }
  const structural = checkStructure(source);
  if (structural.length > 0) return { ok: false, issues: structural };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: yamlLimits.maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      issues: [
        {
          file,
          path: '',
          message: `aliases expand too much (limit: ${yamlLimits.maxAliasCount} alias expansions)`,
          hint: 'write the values out, or use fewer aliases',
        },
      ],
    };
  }
  if (depthOf(value) > yamlLimits.maxDepth) {
    return {
      ok: false,
      issues: [
        { file, path: '', message: `nesting is deeper than ${yamlLimits.maxDepth} levels once aliases are expanded` },
      ],
    };
  }
  return { ok: true, value: value as Record<string, unknown>, source };
}

/** Words for the YAML problems people meet; the parser's own message for the rest. */
function messageOf(code: string, message: string): string {
  if (code === 'RESOURCE_EXHAUSTION') return `nesting is deeper than ${yamlLimits.maxDepth} levels`;
  if (code === 'NON_STRING_KEY') return 'keys must be plain names, not lists or mappings';
  if (code === 'DUPLICATE_KEY') return 'this key appears twice in the same mapping';
  return `invalid YAML: ${message}`;
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

/** Walks the syntax tree (without following aliases) for forbidden keys, complex keys and depth. */
function checkStructure(source: YamlSource): Issue[] {
  const issues: Issue[] = [];
  const at = (node: { range?: [number, number, number] | null | undefined } | null | undefined) => {
    const position = source.lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line: position.line, column: position.col };
  };
  const stack: Array<{ node: unknown; depth: number; path: string }> = [
    { node: source.document.contents, depth: 1, path: '' },
  ];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag !== undefined && !plainTags.has(tag)) {
      issues.push({
        file: source.file,
        ...at(node as never),
        path,
        message: `the tag ${tag.replace('tag:yaml.org,2002:', '!!')} is not supported`,
        hint: 'write a plain string, number, boolean, list or mapping',
      });
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > yamlLimits.maxDepth) {
      issues.push({
        file: source.file,
        ...at(node),
        path,
        message: `nesting is deeper than ${yamlLimits.maxDepth} levels`,
      });
      return issues;
    }
    node.items.forEach((item, index) => {
      if (!isPair(item)) {
        stack.push({ node: item, depth: depth + 1, path: `${path}[${index}]` });
        return;
      }
      if (!isScalar(item.key) || isAlias(item.key)) {
        issues.push({
          file: source.file,
          ...at(item.key as never),
          path,
          message: 'keys must be plain names, not lists or mappings',
        });
        return;
      }
      if (item.key.tag !== undefined && !plainTags.has(item.key.tag)) {
        stack.push({ node: item.key, depth: depth + 1, path });
        return;
      }
      const key = String(item.key.value);
      const keyPath = path ? `${path}.${key}` : key;
      if (forbiddenKeys.has(key)) {
        issues.push({
          file: source.file,
          ...at(item.key),
          path: keyPath,
          message: `the key "${key}" is not allowed`,
          hint: 'rename it; __proto__, constructor and prototype are reserved',
        });
        return;
      }
      stack.push({ node: item.value, depth: depth + 1, path: keyPath });
    });
  }
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
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
