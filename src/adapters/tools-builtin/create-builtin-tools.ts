import type { Json } from '../../spec/json.ts';
import type { ToolDescriptor } from '../../spec/model.ts';
import type { ToolContext, ToolOutcome, ToolSource } from '../../spec/tool.ts';
import type { BuiltinTool } from './builtin-tool.ts';
import { createHttpRequestTool } from './http-request-tool.ts';
import { createReadFileTool } from './read-file-tool.ts';
import { validateInput } from './validate-input.ts';
import { type HttpPolicy, type ResolveHost, resolveWithSystem } from './vet-destination.ts';
import { createWriteFileTool } from './write-file-tool.ts';

/** Settings for the built-in tools, read by the runtime from brigade.yaml (`tools.*`). */
export interface BuiltinToolsOptions {
  /** The workspace folder; file tools are confined to it (minus `.brigade/`). */
  root: string;
  /** Which non-public destinations `http_request` may reach (default: none). */
  /** Where `http_request` may go, and with which methods (default GET and HEAD). */
  http: HttpPolicy & { allowMethods?: readonly string[] };
  /** Budget for one `http_request` call, redirects included (default 30 s). */
  fetchTimeoutMs?: number;
  /** Response body bytes `http_request` keeps (default 512 KiB). */
  maxResponseBytes?: number;
  /** Tool name → whether its calls need a person's approval; by default those that act on the world do. */
  requiresApproval?: Readonly<Record<string, boolean>>;
  /** DNS for `http_request` (default: the system resolver); tests inject one to stage DNS rebinding. */
  resolveHost?: ResolveHost;
}

/**
 * The tools every Brigade agent can be given: `http_request`, `read_file` and `write_file`.
 *
 * @example
 * const tools = createBuiltinTools({ root: '/work/site', http: { allowPrivate: false, allowHosts: [] } });
 * await tools.call('read_file', { path: 'README.md' }, context);
 */
export function createBuiltinTools(options: BuiltinToolsOptions): ToolSource {
  const tools = new Map<string, BuiltinTool>();
  const list = [
    createHttpRequestTool({
      policy: { allowPrivate: options.http.allowPrivate, allowHosts: [...options.http.allowHosts] },
      allowMethods: options.http.allowMethods ?? ['GET', 'HEAD'],
      timeoutMs: options.fetchTimeoutMs ?? 30_000,
      maxResponseBytes: options.maxResponseBytes ?? 512 * 1024,
      resolveHost: options.resolveHost ?? resolveWithSystem,
    }),
    createReadFileTool(options.root),
    createWriteFileTool(options.root),
  ];
  for (const tool of list) tools.set(tool.descriptor.name, tool);

  return {
    describe(names: readonly string[]): ToolDescriptor[] {
      return names.flatMap((name) => {
        const tool = tools.get(name);
        return tool === undefined ? [] : [structuredClone(tool.descriptor)];
      });
    },
    names(): string[] {
      return [...tools.keys()];
    },
    requiresApproval(name: string, input: Json): boolean {
      const tool = tools.get(name);
      if (tool === undefined) return false;
      return options.requiresApproval?.[name] ?? tool.actsOnWorld(input);
    },
    async call(name: string, input: Json, context: ToolContext): Promise<ToolOutcome> {
      const tool = tools.get(name);
      if (tool === undefined) {
        return { ok: false, error: `unknown tool "${name}"; built-in tools are ${[...tools.keys()].join(', ')}` };
      }
      const issues = validateInput(input, tool.descriptor.inputSchema);
      if (issues.length > 0 || typeof input !== 'object' || input === null || Array.isArray(input)) {
        return { ok: false, error: `invalid input for ${name}: ${issues.join('; ') || 'expected an object'}` };
      }
      try {
        return await tool.run(input, context);
      } catch (error) {
        // Tools report expected failures as data; this catches the unexpected (e.g. EACCES) the same way.
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: `${name} failed: ${message}` };
      }
    },
  };
}
