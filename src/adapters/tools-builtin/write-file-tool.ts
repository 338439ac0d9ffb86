import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { BuiltinTool } from './builtin-tool.ts';
import { resolveWorkspacePath } from './resolve-workspace-path.ts';

const maxContentBytes = 10 * 1024 * 1024;

/**
 * The files that define the workspace: what its agents are told, what its playbooks do, its settings.
 * Writing one changes what every later run does, so it waits for a person's approval.
 */
function definesWorkspace(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === 'brigade.yaml' || lower.startsWith('agents/') || lower.startsWith('playbooks/');
}

/** A path as given, relative to the root with `/` separators, without following links. */
function lexicalPath(root: string, requested: string): string {
  return relative(resolve(root), resolve(root, requested)).split(sep).join('/');
}

/** `write_file`: creates or replaces (or appends to) a text file in the workspace. */
export function createWriteFileTool(root: string): BuiltinTool {
  return {
    descriptor: {
      name: 'write_file',
      risk: 'write',
      description:
        'Write text to a file in the workspace, creating it and any missing parent folders. ' +
        'Replaces the whole file unless append is true. Paths are relative to the workspace root ' +
        "(files outside it and Brigade's .brigade/ folder are off limits). Returns the path and bytes written.",
      inputSchema: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            minLength: 1,
            description: 'File path relative to the workspace root, e.g. "notes/summary.md".',
          },
          content: { type: 'string', description: 'The text to write (UTF-8).' },
          append: {
            type: 'boolean',
            description: 'Add to the end of the file instead of replacing it (default false).',
          },
        },
        required: ['path', 'content'],
        additionalProperties: false,
      },
    },
    // Confined to the workspace folder (under git, so every change is reviewable): no approval by
    // default, except for the files that define the workspace itself.
    actsOnWorld: (input) =>
      definesWorkspace(lexicalPath(root, String((input as { path?: unknown } | null)?.path ?? ''))),
    run: async (input) => {
      const requested = String(input.path);
      const content = Buffer.from(String(input.content), 'utf8');
      if (content.length > maxContentBytes) {
        return { ok: false, error: `content is ${content.length} bytes; the limit is ${maxContentBytes}` };
      }
      const target = await resolveWorkspacePath(root, requested);
      if (!target.ok) return { ok: false, error: target.error };
      if (target.relative.split('/')[0]?.toLowerCase() === '.git') {
        return {
          ok: false,
          error: `${JSON.stringify(requested)} is inside .git/, the workspace's repository; agents may not write there`,
        };
      }
      // Approval was decided on the path as given; a link must not turn it into a definition file.
      if (definesWorkspace(target.relative) && !definesWorkspace(lexicalPath(root, requested))) {
        return {
          ok: false,
          error: `${JSON.stringify(requested)} leads to ${target.relative} through a symbolic link; write it by its own path, so the call is approved as what it is`,
        };
      }
      if (target.exists) {
        const info = await stat(target.absolute);
        if (info.isDirectory())
          return { ok: false, error: `${JSON.stringify(requested)} is a folder; give a file path` };
        if (!info.isFile()) return { ok: false, error: `${JSON.stringify(requested)} is not a regular file` };
      } else {
        await mkdir(dirname(target.absolute), { recursive: true });
      }
      const mode = input.append === true ? constants.O_APPEND : constants.O_TRUNC;
      // O_NOFOLLOW: the path was resolved already; a symbolic link appearing since then is refused.
      const flags = constants.O_WRONLY | constants.O_CREAT | mode | (constants.O_NOFOLLOW ?? 0);
      const file = await open(target.absolute, flags, 0o666);
      try {
        await file.writeFile(content);
      } finally {
        await file.close();
      }
      return { ok: true, output: { path: target.relative, bytes: content.length } };
    },
  };
}
