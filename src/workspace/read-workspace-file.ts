import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Issue } from '../spec/index.ts';
import { parseSafeYaml, tooLarge, type YamlSource, yamlLimits } from './parse-safe-yaml.ts';
import { issuesFromZod } from './zod-issues.ts';

/** A workspace file read, parsed safely and checked against its schema. */
export type WorkspaceFileResult<T> = { ok: true; data: T; source: YamlSource } | { ok: false; issues: Issue[] };

/** Reads `relative` under `root` (never more than 1 MiB) and checks it against `schema`. */
export async function readWorkspaceFile<T>(
  root: string,
  relative: string,
  schema: z.ZodType<T>,
): Promise<WorkspaceFileResult<T>> {
  const path = join(root, relative);
  const info = await stat(path);
  if (info.size > yamlLimits.maxBytes) return { ok: false, issues: [tooLarge(relative)] };
  const parsed = parseSafeYaml(await readFile(path, 'utf8'), relative);
  if (!parsed.ok) return parsed;
  const checked = schema.safeParse(parsed.value);
  if (!checked.success) {
    return { ok: false, issues: issuesFromZod(checked.error.issues, schema, parsed.source, parsed.value) };
  }
  return { ok: true, data: checked.data, source: parsed.source };
}
