import { routeOutputSchema } from '../engine/steps/route-step.ts';
import { synthesizeOutputSchema } from '../engine/steps/synthesize-step.ts';
import type { Issue, Json, StepKind } from '../spec/index.ts';
import { type CheckContext, checkModelProvider } from './check-agent.ts';
import { checkInputValue } from './check-input-value.ts';
import { checkStepKind } from './check-step-kind.ts';
import { checkContextUpstream, checkStepReferences, type ImplicitNeed } from './check-step-references.ts';
import { checkTemplates, type StepOutput, type Upstream } from './check-templates.ts';
import { didYouMean } from './did-you-mean.ts';
import { parseDuration } from './duration.ts';
import { findCycles, upstreamOf } from './find-cycle.ts';
import { issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import type { PlaybookDraft } from './playbook-draft.ts';

/** The kind keys that name an agent. */
const agentKeys = ['agent', 'route', 'synthesize', 'plan'] as const;

/** What a playbook check needs to know about an agent from its own file. */
export interface AgentOutline {
  /** False when the agent's file, or its output_schema, could not be read: its output is unknown. */
  known: boolean;
  outputSchema?: Record<string, Json>;
}

/**
 * Checks a playbook beyond its shape: each step has one kind and its fields, agents and steps it
 * names exist, the graph (with the needs kinds imply) has no cycle, inputs' defaults fit their
 * types, and every template and `context.steps` reads only what exists by the time it runs.
 * Works on the valid parts of the file, so a wrong field does not hide problems elsewhere.
 */
export function checkPlaybook(
  source: YamlSource,
  playbook: PlaybookDraft,
  agents: ReadonlyMap<string, AgentOutline>,
  context: CheckContext,
): Issue[] {
  const issues: Issue[] = [];
  const steps = playbook.steps ?? {};
  const stepIds = Object.keys(steps);
  if (playbook.steps && stepIds.length === 0) {
    issues.push(issueAt(source, ['steps'], 'a playbook needs at least one step'));
  }
  const agentNames = [...agents.keys()];
  const agentHint = (name: string) =>
    didYouMean(name, agentNames) ??
    (agentNames.length > 0 ? `agents: ${agentNames.join(', ')}` : 'add agents/' + name + '.yaml');

  const kinds = new Map<string, StepKind | undefined>();
  for (const [id, entry] of Object.entries(steps)) {
    const found = checkStepKind(source, id, entry);
    issues.push(...found.issues);
    kinds.set(id, found.kind);
  }
  const references = checkStepReferences(source, steps, kinds);
  issues.push(...references.issues);

  const graph = new Map<string, string[]>();
  /** Steps whose needs could not be read: what is upstream of them is not known. */
  const unreadNeeds = new Set<string>(references.unread);
  for (const [id, { fields: step, broken }] of Object.entries(steps)) {
    if (broken.has('needs')) unreadNeeds.add(id);
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

    const subscription = step.context?.findings;
    const fromSteps = Array.isArray(subscription) ? subscription : subscription ? (subscription.from ?? []) : [];
    const fromPath = Array.isArray(subscription)
      ? ['steps', id, 'context', 'findings']
      : ['steps', id, 'context', 'findings', 'from'];
    fromSteps.forEach((from, index) => {
      if (stepIds.includes(from)) return;
      issues.push(
        issueAt(
          source,
          [...fromPath, index],
          `unknown step "${from}"`,
          didYouMean(from, stepIds) ?? `steps: ${stepIds.join(', ')}`,
        ),
      );
    });

    for (const key of agentKeys) {
      const name = step[key];
      if (name !== undefined && !agents.has(name)) {
        issues.push(issueAt(source, ['steps', id, key], `unknown agent "${name}"`, agentHint(name)));
      }
    }
    if (kinds.get(id) === 'plan') {
      (step.team ?? []).forEach((member, index) => {
        if (!agents.has(member)) {
          issues.push(issueAt(source, ['steps', id, 'team', index], `unknown agent "${member}"`, agentHint(member)));
        }
      });
    }
    const fallback = typeof step.on_error === 'object' ? step.on_error.fallback : undefined;
    if (fallback) {
      const path = ['steps', id, 'on_error', 'fallback'];
      if (fallback.agent === undefined && fallback.model === undefined) {
        issues.push(issueAt(source, path, 'a fallback needs an agent, a model, or both'));
      }
      if (fallback.agent !== undefined && !agents.has(fallback.agent)) {
        issues.push(
          issueAt(source, [...path, 'agent'], `unknown agent "${fallback.agent}"`, agentHint(fallback.agent)),
        );
      }
      if (fallback.model) issues.push(...checkModelProvider(source, [...path, 'model'], fallback.model, context));
    }
    if (step.concurrency !== undefined && step.for_each === undefined && !broken.has('for_each')) {
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
    if (step.budget?.time !== undefined && parseDuration(step.budget.time) === 0) {
      issues.push(issueAt(source, ['steps', id, 'budget', 'time'], 'budget time must be longer than 0'));
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

  const budgetTime = playbook.fields.budget?.time;
  if (budgetTime !== undefined && parseDuration(budgetTime) === 0) {
    issues.push(issueAt(source, ['budget', 'time'], 'budget time must be longer than 0'));
  }

  // Needs the kinds imply count like written ones: for cycles and for what is upstream.
  const implicit = new Map<string, ImplicitNeed>();
  for (const need of references.implicit) {
    const needs = graph.get(need.step)!;
    if (needs.includes(need.need)) continue;
    needs.push(need.need);
    implicit.set(`${need.step}\u0000${need.need}`, need);
  }
  for (const cycle of findCycles(graph)) {
    const implied = cycle.slice(1).flatMap((need, index) => implicit.get(`${cycle[index]}\u0000${need}`) ?? []);
    const first = implicit.get(`${cycle[0]}\u0000${cycle[1]}`);
    issues.push(
      issueAt(
        source,
        first?.path ?? ['steps', cycle[0]!, 'needs'],
        `steps form a cycle: ${cycle.join(' → ')}`,
        implied.length > 0
          ? `remove one of these needs; ${implied.map((need) => need.why).join('; ')}`
          : 'remove one of these needs',
      ),
    );
  }

  for (const [name, { fields: input }] of Object.entries(playbook.inputs ?? {})) {
    if (input.type === undefined) continue;
    if (input.items && input.type !== 'array') {
      issues.push(
        issueAt(source, ['inputs', name, 'items'], 'items applies only to inputs of type array', undefined, {
          key: true,
        }),
      );
    }
    const declaration = { ...input, type: input.type };
    for (const field of ['default', ...(input.enum ?? []).map((_, index) => index)] as const) {
      const value = field === 'default' ? input.default : input.enum?.[field];
      if (value === undefined || (field === 'default' && value === null)) continue;
      const problem = checkInputValue(field === 'default' ? declaration : { ...declaration, enum: undefined }, value);
      if (problem)
        issues.push(
          issueAt(source, ['inputs', name, ...(field === 'default' ? ['default'] : ['enum', field])], problem),
        );
    }
  }

  const upstream = (id: string): Upstream => {
    const found = upstreamOf(graph, id);
    // A route whose branches cannot be read may be needed by any step.
    const complete =
      !references.branchesUnread && !unreadNeeds.has(id) && ![...found].some((step) => unreadNeeds.has(step));
    return { steps: found, complete };
  };
  issues.push(...checkContextUpstream(source, steps, kinds, upstream));
  const outputOf = (id: string): StepOutput => {
    const entry = steps[id];
    if (!entry) return { kind: 'unknown' };
    const { fields: step, broken } = entry;
    const kind = kinds.get(id);
    if (kind === 'route') {
      if (!step.branches || broken.has('for_each')) return { kind: 'unknown' };
      return { kind: 'structured', list: false, schemas: [routeOutputSchema(Object.keys(step.branches))] };
    }
    if (kind === 'synthesize') {
      if (broken.has('for_each')) return { kind: 'unknown' };
      return { kind: 'structured', list: step.for_each !== undefined, schemas: [synthesizeOutputSchema] };
    }
    if (kind !== 'agent') return { kind: 'unknown' };
    if (['agent', 'output_schema', 'for_each', 'on_error'].some((field) => broken.has(field))) {
      return { kind: 'unknown' };
    }
    const list = step.for_each !== undefined;
    if (step.output_schema !== undefined) return { kind: 'structured', list, schemas: [step.output_schema] };
    if (step.agent === undefined) return { kind: 'unknown' };
    // The output comes from the step's agent, or from its fallback agent once attempts are used up.
    const performers = [step.agent];
    if (typeof step.on_error === 'object' && step.on_error.fallback.agent !== undefined) {
      performers.push(step.on_error.fallback.agent);
    }
    const schemas: Array<Record<string, Json>> = [];
    for (const name of performers) {
      const agent = agents.get(name);
      if (!agent?.known) return { kind: 'unknown' };
      if (agent.outputSchema) schemas.push(agent.outputSchema);
    }
    return schemas.length > 0 ? { kind: 'structured', list, schemas } : { kind: 'text', list, agent: step.agent };
  };

  issues.push(...checkTemplates(source, playbook, { upstream, outputOf }));
  return issues;
}
