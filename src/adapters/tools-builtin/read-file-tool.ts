import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import type { ToolOutcome } from '../../spec/tool.ts';
import type { BuiltinTool } from './builtin-tool.ts';
import { resolveWorkspacePath } from './resolve-workspace-path.ts';

const defaultMaxBytes = 256 * 1024;
const hardMaxBytes = 4 * 1024 * 1024;
const listedEntries = 50;

/** `read_file`: a text file from the workspace, cut at `max_bytes` with a note. */
export function createReadFileTool(root: string): BuiltinTool {
  return {
    descriptor: {
      name: 'read_file',
      risk: 'read',
      description:
        'Read a text file from the workspace and return its content. Paths are relative to the workspace root ' +
        `(files outside it and Brigade's .brigade/ folder are off limits). Files longer than max_bytes ` +
        `(default ${defaultMaxBytes}) are cut off with a note at the end. Binary files are refused.`,
      inputSchema: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            minLength: 1,
            description: 'File path relative to the workspace root, e.g. "src/app.ts".',
          },
          max_bytes: {
            type: 'integer',
            minimum: 1,
            description: `Most bytes to return (default ${defaultMaxBytes}, at most ${hardMaxBytes}).`,
          },
        },
        required: ['path'],
        additionalProperties: false,
      },
    },
    actsOnWorld: () => false,
    run: async (input) => {
      const requested = String(input.path);
      const limit = Math.min(typeof input.max_bytes === 'number' ? input.max_bytes : defaultMaxBytes, hardMaxBytes);
      const target = await resolveWorkspacePath(root, requested);
      if (!target.ok) return { ok: false, error: target.error };
      if (!target.exists) return { ok: false, error: `no such file: ${JSON.stringify(requested)}` };
      const info = await stat(target.absolute);
      if (info.isDirectory()) return describeFolder(target.absolute, requested);
      if (!info.isFile()) return { ok: false, error: `${JSON.stringify(requested)} is not a regular file` };
      // O_NOFOLLOW: the path was resolved already; a symbolic link appearing since then is refused.
      const file = await open(target.absolute, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      try {
        const buffer = Buffer.alloc(Math.min(info.size, limit));
        const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
        const bytes = buffer.subarray(0, bytesRead);
        if (bytes.includes(0)) {
          return {
            ok: false,
            error: `${JSON.stringify(requested)} is a binary file (${info.size} bytes); read_file returns text only`,
          };
        }
        let text = new TextDecoder('utf-8').decode(bytes);
        if (info.size > bytesRead) {
          text += `\n\n[truncated: showing the first ${bytesRead} of ${info.size} bytes; pass a larger max_bytes to read more]`;
        }
        return { ok: true, output: text };
      } finally {
        await file.close();
      }
    },
  };
}

async function describeFolder(absolute: string, requested: string): Promise<ToolOutcome> {
  const entries = (await readdir(absolute, { withFileTypes: true })).filter((entry) => entry.name !== '.brigade');
  const names = entries.slice(0, listedEntries).map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name));
  const more = entries.length > listedEntries ? `, and ${entries.length - listedEntries} more` : '';
  const listing = names.length === 0 ? 'it is empty' : `it contains: ${names.join(', ')}${more}`;
  return { ok: false, error: `${JSON.stringify(requested)} is a folder, not a file; ${listing}` };
}
