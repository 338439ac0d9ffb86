import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Issue } from '../spec/index.ts';
import { formatPath } from './locate-path.ts';
import { parseSafeYaml, tooLarge, type YamlSource, yamlLimits } from './parse-safe-yaml.ts';
import { issuesFromZod } from './zod-issues.ts';

/** A workspace file read, parsed safely and checked against its schema. */
export interface WorkspaceFileRead<T> {
  /** Every problem found in the file's YAML and against its schema. */
  issues: Issue[];
  /** The file's contents when it could be read as a mapping (even with issues), else undefined. */
  parsed?: {
    source: YamlSource;
    /** The plain value, with the parts YAML issues are about left out. */
    value: Record<string, unknown>;
    /** The value as the schema gives it, when it fits. */
    data?: T;
  };
}

/** Reads `relative` under `root` (never more than 1 MiB) and checks it against `schema`. */
export async function readWorkspaceFile<T>(
  root: string,
  relative: string,
  schema: z.ZodType<T>,
): Promise<WorkspaceFileRead<T>> {
  const path = join(root, relative);
  const info = await stat(path);
  if (info.size > yamlLimits.maxBytes) return { issues: [tooLarge(relative)] };
  const parsed = parseSafeYaml(await readFile(path, 'utf8'), relative);
  if (!parsed.readable) return { issues: parsed.issues };
  const { source, value } = parsed;
  const checked = schema.safeParse(value);
  if (checked.success) return { issues: parsed.issues, parsed: { source, value, data: checked.data } };
  // A value the YAML issues already cover (left out as null) needs no second message.
  const covered = parsed.unreadable.map((field) => formatPath(field));
  const schemaIssues = issuesFromZod(checked.error.issues, schema, source, value).filter(
    (issue) =>
      !covered.some(
        (prefix) => issue.path === prefix || issue.path.startsWith(`${prefix}.`) || issue.path.startsWith(`${prefix}[`),
      ),
  );
  return { issues: [...parsed.issues, ...schemaIssues], parsed: { source, value } };
}
