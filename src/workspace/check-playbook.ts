import type { Issue } from '../spec/index.ts';
import { type CheckContext, checkModelProvider } from './check-agent.ts';
import { checkInputValue } from './check-input-value.ts';
import { checkTemplates } from './check-templates.ts';
import { didYouMean } from './did-you-mean.ts';
import { parseDuration } from './duration.ts';
import { findCycles, upstreamOf } from './find-cycle.ts';
import { issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import type { PlaybookFile } from './playbook-file-schema.ts';

/**
 * Checks a playbook beyond its shape: agents and needs exist, the graph has no cycle, inputs'
 * defaults fit their types, and every template reads only what exists by the time it runs.
 */
export function checkPlaybook(
  source: YamlSource,
  playbook: PlaybookFile,
  agentNames: readonly string[],
  context: CheckContext,
): Issue[] {
  const issues: Issue[] = [];
  const stepIds = Object.keys(playbook.steps);
  if (stepIds.length === 0) issues.push(issueAt(source, ['steps'], 'a playbook needs at least one step'));
  const agentHint = (name: string) =>
    didYouMean(name, agentNames) ??
    (agentNames.length > 0 ? `agents: ${agentNames.join(', ')}` : 'add agents/' + name + '.yaml');

  const graph = new Map<string, string[]>();
  for (const [id, step] of Object.entries(playbook.steps)) {
    const needs: string[] = [];
    (step.needs ?? []).forEach((need, index) => {
      const path = ['steps', id, 'needs', index];
      if (need === id) issues.push(issueAt(source, path, `step "${id}" cannot need itself`));
      else if (!stepIds.includes(need)) {
        issues.push(
          issueAt(source, path, `unknown step "${need}"`, didYouMean(need, stepIds) ?? `steps: ${stepIds.join(', ')}`),
        );
      } else if (needs.includes(need)) issues.push(issueAt(source, path, `"${need}" is listed twice`));
      else needs.push(need);
    });
    graph.set(id, needs);

    if (!agentNames.includes(step.agent)) {
      issues.push(issueAt(source, ['steps', id, 'agent'], `unknown agent "${step.agent}"`, agentHint(step.agent)));
    }
    const fallback = typeof step.on_error === 'object' ? step.on_error.fallback : undefined;
    if (fallback) {
      const path = ['steps', id, 'on_error', 'fallback'];
      if (fallback.agent === undefined && fallback.model === undefined) {
        issues.push(issueAt(source, path, 'a fallback needs an agent, a model, or both'));
      }
      if (fallback.agent !== undefined && !agentNames.includes(fallback.agent)) {
        issues.push(
          issueAt(source, [...path, 'agent'], `unknown agent "${fallback.agent}"`, agentHint(fallback.agent)),
        );
      }
      if (fallback.model) issues.push(...checkModelProvider(source, [...path, 'model'], fallback.model, context));
    }
    if (step.concurrency !== undefined && step.for_each === undefined) {
      issues.push(
        issueAt(
          source,
          ['steps', id, 'concurrency'],
          'concurrency applies only to for_each steps',
          'add for_each, or remove concurrency',
          { key: true },
        ),
      );
    }
    if (step.timeout !== undefined && parseDuration(step.timeout) === 0) {
      issues.push(issueAt(source, ['steps', id, 'timeout'], 'timeout must be longer than 0'));
    }
    if (typeof step.retry === 'object') {
      const { backoff, max_backoff: maxBackoff } = step.retry;
      if (backoff && maxBackoff && parseDuration(backoff)! > parseDuration(maxBackoff)!) {
        issues.push(
          issueAt(
            source,
            ['steps', id, 'retry', 'max_backoff'],
            `max_backoff (${maxBackoff}) is shorter than backoff (${backoff})`,
          ),
        );
      }
    }
  }

  for (const cycle of findCycles(graph)) {
    issues.push(
      issueAt(
        source,
        ['steps', cycle[0]!, 'needs'],
        `steps form a cycle: ${cycle.join(' → ')}`,
        'remove one of these needs',
      ),
    );
  }

  for (const [name, input] of Object.entries(playbook.inputs ?? {})) {
    if (input.items && input.type !== 'array') {
      issues.push(
        issueAt(source, ['inputs', name, 'items'], 'items applies only to inputs of type array', undefined, {
          key: true,
        }),
      );
    }
    for (const field of ['default', ...(input.enum ?? []).map((_, index) => index)] as const) {
      const value = field === 'default' ? input.default : input.enum?.[field];
      if (value === undefined || (field === 'default' && value === null)) continue;
      const problem = checkInputValue(field === 'default' ? input : { ...input, enum: undefined }, value);
      if (problem)
        issues.push(
          issueAt(source, ['inputs', name, ...(field === 'default' ? ['default'] : ['enum', field])], problem),
        );
    }
  }

  issues.push(...checkTemplates(source, playbook, (id) => upstreamOf(graph, id)));
  return issues;
}
