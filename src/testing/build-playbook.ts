import type { AgentSpec, AgentStep, CompiledPlaybook, Json, JsonSchema, PlanStep, StepContext } from '../spec/index.ts';
import { asStepId } from '../spec/index.ts';

/** A step as tests write it: only what differs from the defaults. */
export type TestStep = Partial<Omit<AgentStep, 'id' | 'needs' | 'agent' | 'retry' | 'context'>> & {
  needs?: string[];
  /** Upstream steps shown to the agent and a context budget, with plain step ids. */
  context?: { steps?: string[]; maxTokens?: number };
  agent?: Partial<AgentSpec>;
  retry?: Partial<AgentStep['retry']>;
};

/** A plan step as tests write it: a team (by partial agents) and what differs from the defaults. */
export type TestPlanStep = Partial<Omit<PlanStep, 'id' | 'needs' | 'agent' | 'retry' | 'team' | 'kind'>> & {
  kind: 'plan';
  team: Array<Partial<AgentSpec> & { name: string }>;
  needs?: string[];
  agent?: Partial<AgentSpec>;
  retry?: Partial<AgentStep['retry']>;
};

/** An agent with test defaults. */
export function testAgent(overrides: Partial<AgentSpec> = {}): AgentSpec {
  return {
    name: 'tester',
    role: 'a test agent',
    instructions: 'Answer briefly.',
    model: 'fake:model',
    tools: [],
    maxSteps: 8,
    ...overrides,
  };
}

/** Builds a compiled playbook from terse step definitions. */
export function buildPlaybook(
  steps: Record<string, TestStep | TestPlanStep>,
  extra: { inputs?: Record<string, JsonSchema>; output?: string; concurrency?: number; name?: string } = {},
): CompiledPlaybook {
  const compiled: CompiledPlaybook['steps'] = {};
  for (const [id, step] of Object.entries(steps)) {
    if ('kind' in step && step.kind === 'plan') {
      compiled[id] = buildPlanStep(id, step);
      continue;
    }
    const { needs, agent, retry, context, ...rest } = step as TestStep;
    compiled[id] = {
      kind: 'agent',
      task: `do ${id}`,
      onError: { action: 'fail' },
      ...rest,
      id: asStepId(id),
      needs: (needs ?? []).map(asStepId),
      agent: testAgent({ name: `agent-${id}`, ...agent }),
      retry: { attempts: 1, backoffMs: 1, factor: 2, maxBackoffMs: 10, jitter: false, ...retry },
      ...(context ? { context: toStepContext(context) } : {}),
    };
  }
  return {
    name: extra.name ?? 'test',
    inputs: extra.inputs ?? {},
    steps: compiled,
    ...(extra.output ? { output: extra.output } : {}),
    ...(extra.concurrency ? { concurrency: extra.concurrency } : {}),
  };
}

function toStepContext(context: NonNullable<TestStep['context']>): StepContext {
  const { steps, maxTokens } = context;
  return { ...(steps ? { steps: steps.map(asStepId) } : {}), ...(maxTokens === undefined ? {} : { maxTokens }) };
}

function buildPlanStep(id: string, step: TestPlanStep): PlanStep {
  const { needs, agent, retry, team, ...rest } = step;
  return {
    goal: `goal of ${id}`,
    maxTasks: 10,
    maxRounds: 3,
    maxRepairs: 2,
    approve: false,
    onError: { action: 'fail' },
    ...rest,
    kind: 'plan',
    id: asStepId(id),
    needs: (needs ?? []).map(asStepId),
    agent: testAgent({ name: `planner-${id}`, role: 'plans the work', ...agent }),
    team: team.map((member) => testAgent({ role: `does ${member.name} work`, ...member })),
    retry: { attempts: 1, backoffMs: 1, factor: 2, maxBackoffMs: 10, jitter: false, ...retry },
  };
}

/** Inputs helper that keeps Json typing. */
export const inputs = (values: Record<string, Json>) => values;
