import { boardToolNames } from '../engine/board/board-tools.ts';
import type { Issue } from '../spec/index.ts';
import type { AgentFile } from './agent-file-schema.ts';
import { didYouMean } from './did-you-mean.ts';
import { type FieldPath, issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import type { Salvaged } from './salvage.ts';

/** What checks need to know beyond the file itself. */
export interface CheckContext {
  toolNames: readonly string[];
  /** Known model providers including custom ones from brigade.yaml; undefined skips the check. */
  modelProviders?: readonly string[];
}

/**
 * Checks an agent file beyond its shape: its name, tools and model. Works on the fields that fit
 * their schema, so one wrong field does not hide problems in the others. `stem` is the file name
 * without extension, when it is a valid name.
 */
export function checkAgent(
  source: YamlSource,
  { fields: agent, broken }: Salvaged<AgentFile>,
  stem: string | undefined,
  context: CheckContext,
): Issue[] {
  const issues: Issue[] = [];
  if (stem !== undefined && agent.name !== undefined && agent.name !== stem) {
    issues.push(
      issueAt(
        source,
        ['name'],
        `name "${agent.name}" does not match the file name "${stem}"`,
        `rename the file to agents/${agent.name}.yaml, or remove the name field`,
      ),
    );
  }
  const tools = agent.tools ?? [];
  tools.forEach((tool, index) => {
    if (context.toolNames.includes(tool)) return;
    issues.push(issueAt(source, ['tools', index], `unknown tool "${tool}"`, toolHint(tool, context.toolNames)));
  });
  // With unreadable tools, a simulated call cannot be told apart from a mistake.
  if (broken.has('tools')) return [...issues, ...modelIssues(source, agent, context)];
  agent.simulate?.tool_calls?.forEach((turn, turnIndex) => {
    turn.forEach((call, callIndex) => {
      // The board's tools (share_finding, read_findings) come with every agent.
      if (tools.includes(call.tool) || boardToolNames.has(call.tool)) return;
      const hint = didYouMean(call.tool, [...tools, ...boardToolNames]) ?? `add "${call.tool}" to the agent's tools`;
      const path = ['simulate', 'tool_calls', turnIndex, callIndex, 'tool'];
      issues.push(
        issueAt(source, path, `simulated call to "${call.tool}", which is not among the agent's tools`, hint),
      );
    });
  });
  return [...issues, ...modelIssues(source, agent, context)];
}

function modelIssues(source: YamlSource, agent: Partial<AgentFile>, context: CheckContext): Issue[] {
  return agent.model ? checkModelProvider(source, ['model'], agent.model, context) : [];
}

/** An issue when a model's provider prefix is unknown (only when the caller said which are known). */
export function checkModelProvider(source: YamlSource, path: FieldPath, model: string, context: CheckContext): Issue[] {
  if (!context.modelProviders) return [];
  const provider = model.slice(0, model.indexOf(':'));
  if (context.modelProviders.includes(provider)) return [];
  const hint =
    didYouMean(provider, context.modelProviders) ??
    `known providers: ${context.modelProviders.join(', ')}; add others under providers: in brigade.yaml`;
  return [issueAt(source, path, `unknown model provider "${provider}"`, hint)];
}

function toolHint(tool: string, toolNames: readonly string[]): string {
  return (
    didYouMean(tool, toolNames) ??
    (toolNames.length > 0 ? `available tools: ${toolNames.join(', ')}` : 'no tools are available in this workspace')
  );
}
