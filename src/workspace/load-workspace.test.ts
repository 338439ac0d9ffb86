import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentStep } from '../spec/index.ts';
import { findPlaybook, loadWorkspace } from './load-workspace.ts';
import { issuesOf, loadValid, testAgents, testToolNames, writeTestWorkspace } from './write-test-workspace.ts';

const playbook = `name: launch
steps:
  draft:
    agent: writer
    task: Write about {{ inputs.topic }}
inputs:
  topic: { type: string }
`;

describe('loadWorkspace', () => {
  it('throws WORKSPACE_NOT_FOUND with a hint to run brigade init when there is no brigade.yaml', async () => {
    const root = await writeTestWorkspace({});
    const { rm } = await import('node:fs/promises');
    await rm(`${root}/brigade.yaml`);
    await assert.rejects(loadWorkspace(root, { toolNames: [] }), (error: Error & { code?: string; hint?: string }) => {
      assert.equal(error.code, 'WORKSPACE_NOT_FOUND');
      assert.match(error.message, /has no brigade\.yaml/);
      assert.match(error.hint ?? '', /brigade init/);
      return true;
    });
    await assert.rejects(loadWorkspace(`${root}/missing`, { toolNames: [] }), { code: 'WORKSPACE_NOT_FOUND' });
  });

  it('applies the defaults of brigade.yaml', async () => {
    const workspace = await loadValid({ 'brigade.yaml': '{}\n' });
    assert.deepEqual(workspace.config, {
      model: 'simulator:default',
      concurrency: 8,
      models: {},
      providers: {},
      limits: {},
      simulator: {},
      tools: {
        httpRequest: { allowPrivate: false, allowHosts: [], allowMethods: ['GET', 'HEAD'] },
        requiresApproval: {},
      },
    });
  });

  it('maps brigade.yaml to camelCase', async () => {
    const workspace = await loadValid({
      'brigade.yaml': `model: local:qwen3
concurrency: 3
models:
  "local:qwen3": { concurrency: 1, context_window: 32768 }
providers:
  local: { base_url: "http://localhost:1234/v1", api_key_env: LOCAL_KEY }
limits:
  openai: { requests_per_minute: 500 }
  "openai:gpt-5-mini": { concurrency: 20, tokens_per_minute: 200000 }
simulator:
  latency_ms: [10, 20]
  rate_limit: { requests_per_minute: 600, concurrency: 10, overload_rate: 0.01, headers: false }
tools:
  http_request: { allow_private: true, allow_hosts: ["*.internal"], allow_methods: [GET, POST], requires_approval: false }
  write_file: { requires_approval: true }
`,
    });
    assert.deepEqual(workspace.config, {
      model: 'local:qwen3',
      concurrency: 3,
      models: { 'local:qwen3': { concurrency: 1, contextWindow: 32768 } },
      providers: { local: { baseUrl: 'http://localhost:1234/v1', apiKeyEnv: 'LOCAL_KEY' } },
      limits: {
        openai: { requestsPerMinute: 500 },
        'openai:gpt-5-mini': { concurrency: 20, tokensPerMinute: 200000 },
      },
      simulator: {
        latencyMs: [10, 20],
        rateLimit: { requestsPerMinute: 600, concurrency: 10, overloadRate: 0.01, headers: false },
      },
      tools: {
        httpRequest: { allowPrivate: true, allowHosts: ['*.internal'], allowMethods: ['GET', 'POST'] },
        requiresApproval: { http_request: false, write_file: true },
      },
    });
  });

  it('compiles agents with their defaults and model fallbacks', async () => {
    const workspace = await loadValid({
      'brigade.yaml': 'model: openai:gpt-5-mini\n',
      'agents/writer.yaml': 'name: writer\nrole: Writer\ninstructions: Write.\ntools: [read_file, read_file]\n',
      'agents/critic.yaml': `role: Critic
instructions: Criticize.
model: anthropic:claude-haiku-4-5
max_steps: 3
temperature: 0.2
max_output_tokens: 500
output_schema: { type: object, properties: { ok: { type: boolean } } }
simulate:
  latency_ms: 5
  tool_calls: [[{ tool: web_search, input: { q: x } }], [{ tool: web_search }]]
  output: { ok: true }
  fail: { times: 2, error: rate-limit }
  loop: false
tools: [web_search]
`,
    });
    assert.deepEqual(workspace.agents.writer, {
      name: 'writer',
      role: 'Writer',
      instructions: 'Write.',
      model: 'openai:gpt-5-mini',
      tools: ['read_file'],
      maxSteps: 8,
    });
    assert.deepEqual(workspace.agents.critic, {
      name: 'critic',
      role: 'Critic',
      instructions: 'Criticize.',
      model: 'anthropic:claude-haiku-4-5',
      tools: ['web_search'],
      maxSteps: 3,
      temperature: 0.2,
      maxOutputTokens: 500,
      outputSchema: { type: 'object', properties: { ok: { type: 'boolean' } } },
      simulate: {
        latencyMs: 5,
        toolCalls: [[{ tool: 'web_search', input: { q: 'x' } }], [{ tool: 'web_search', input: {} }]],
        output: { ok: true },
        fail: { times: 2, error: 'rate-limit' },
        loop: false,
      },
    });
    const bare = await loadValid({ 'brigade.yaml': '{}\n', ...testAgents });
    assert.equal(bare.agents.writer?.model, 'simulator:default');
  });

  it('compiles playbooks: defaults, durations, retry, on_error, for_each and agent snapshots', async () => {
    const workspace = await loadValid({
      ...testAgents,
      'playbooks/launch.yaml': `description: Launch it
inputs:
  topic: { type: string, description: The topic }
  segments: { type: array, items: { type: string }, default: [a, b] }
concurrency: 4
steps:
  draft:
    agent: writer
    task: Write about {{ inputs.topic }}
  check:
    agent: editor
    needs: [draft]
    task: Check {{ steps.draft.output }}
    retry: 2
    timeout: 1.5s
    on_error: continue
    output_schema: { type: object }
  versions:
    agent: writer
    needs: [check]
    when: steps.check.output.ok
    for_each: inputs.segments
    concurrency: 2
    task: "{{ item }}: {{ steps.draft.output }}"
    retry: { attempts: 4, backoff: 500ms, factor: 3, max_backoff: 1m, jitter: false }
    on_error: { fallback: { agent: editor, model: "openai:gpt-5" } }
  wrap:
    agent: editor
    needs: [versions]
    for_each: "{{ steps.versions.output }}"
    task: "{{ index }}"
    on_error: fail
output: "{{ steps.versions.output }}"
`,
    });
    const compiled = workspace.playbooks.launch!;
    assert.equal(compiled.name, 'launch');
    assert.equal(compiled.description, 'Launch it');
    assert.equal(compiled.concurrency, 4);
    assert.equal(compiled.output, '{{ steps.versions.output }}');
    assert.deepEqual(compiled.inputs, {
      topic: { type: 'string', description: 'The topic' },
      segments: { type: 'array', items: { type: 'string' }, default: ['a', 'b'] },
    });
    assert.deepEqual(Object.keys(compiled.steps), ['draft', 'check', 'versions', 'wrap']);
    const { draft, check, versions, wrap } = compiled.steps;
    assert.deepEqual(draft, {
      kind: 'agent',
      id: 'draft',
      needs: [],
      agent: workspace.agents.writer,
      task: 'Write about {{ inputs.topic }}',
      retry: { attempts: 1, backoffMs: 1000, factor: 2, maxBackoffMs: 30_000, jitter: true },
      onError: { action: 'fail' },
    });
    assert.notEqual(draft?.agent, workspace.agents.writer, 'the step holds a snapshot, not the shared object');
    assert.deepEqual(check?.retry, { attempts: 3, backoffMs: 1000, factor: 2, maxBackoffMs: 30_000, jitter: true });
    assert.equal(check?.timeoutMs, 1500);
    assert.deepEqual(check?.onError, { action: 'continue' });
    assert.deepEqual((check as AgentStep | undefined)?.outputSchema, { type: 'object' });
    assert.equal(versions?.when, 'steps.check.output.ok');
    assert.deepEqual(versions?.forEach, { items: '{{ inputs.segments }}', concurrency: 2 });
    assert.deepEqual(versions?.retry, { attempts: 4, backoffMs: 500, factor: 3, maxBackoffMs: 60_000, jitter: false });
    assert.deepEqual(versions?.onError, { action: 'fallback', agent: workspace.agents.editor, model: 'openai:gpt-5' });
    assert.deepEqual(wrap?.forEach, { items: '{{ steps.versions.output }}' });
    assert.deepEqual(wrap?.onError, { action: 'fail' });
  });

  it('names playbooks by their name field or file stem, and finds them by either', async () => {
    const workspace = await loadValid({
      ...testAgents,
      'playbooks/first-file.yaml': playbook,
      'playbooks/second.yml': playbook.replace('name: launch\n', ''),
    });
    assert.deepEqual(Object.keys(workspace.playbooks).sort(), ['launch', 'second']);
    assert.equal(workspace.playbookFiles.launch, 'playbooks/first-file.yaml');
    assert.equal(findPlaybook(workspace, 'launch')?.name, 'launch');
    assert.equal(findPlaybook(workspace, 'first-file')?.name, 'launch');
    assert.equal(findPlaybook(workspace, 'second')?.name, 'second');
    assert.equal(findPlaybook(workspace, 'constructor'), undefined);
    assert.equal(workspace.playbooks.constructor, undefined, 'records have no prototype to stumble on');
  });

  it('ignores other files and folders next to agents and playbooks', async () => {
    const workspace = await loadValid({
      ...testAgents,
      'agents/README.md': '# not an agent',
      'agents/.hidden.yaml': 'nonsense: [',
      'agents/nested/inner.yaml': 'nonsense: [',
    });
    assert.deepEqual(Object.keys(workspace.agents).sort(), ['editor', 'writer']);
  });

  it('gathers the issues of every file at once', async () => {
    const issues = await issuesOf({
      'brigade.yaml': 'concurrency: 0\n',
      'agents/writer.yaml': 'role: Writer\n',
      'playbooks/launch.yaml': 'steps: {}\n',
    });
    assert.deepEqual(
      issues.map(({ file, path, message }) => ({ file, path, message })),
      [
        { file: 'brigade.yaml', path: 'concurrency', message: 'must be at least 1' },
        { file: 'agents/writer.yaml', path: 'instructions', message: 'missing required field "instructions"' },
        { file: 'playbooks/launch.yaml', path: 'steps', message: 'a playbook needs at least one step' },
      ],
    );
  });

  it('reports every issue in one pass: shape errors do not hide references, templates or other files', async () => {
    const issues = await issuesOf({
      ...testAgents,
      'agents/critic.yaml':
        'role: Critic\ninstructions: Criticize.\nrole: Again\ntools: [web_serch]\nmax_steps: many\n',
      'playbooks/launch.yaml': `inputs:
  topic: { type: string }
steps:
  draft:
    agent: writter
    task: "Write about {{ inputs.topik }}"
    colour: blue
    timeout: 5
  check:
    agent: editor
    needs: [draft]
    on_error: retry
    task: "Check {{ steps.draft.output "
`,
      'playbooks/other.yaml': 'steps:\n  a: { agent: editr, task: A }\n',
    });
    assert.deepEqual(
      issues.map(({ file, line, column, path, message, hint }) => ({ file, line, column, path, message, hint })),
      [
        {
          file: 'agents/critic.yaml',
          line: 3,
          column: 1,
          path: 'role',
          message: '"role" appears twice in the same mapping (first on line 1)',
          hint: 'keep one "role" and delete the other',
        },
        {
          file: 'agents/critic.yaml',
          line: 4,
          column: 9,
          path: 'tools[0]',
          message: 'unknown tool "web_serch"',
          hint: 'did you mean "web_search"?',
        },
        {
          file: 'agents/critic.yaml',
          line: 5,
          column: 12,
          path: 'max_steps',
          message: 'expected a number, found a string ("many")',
          hint: undefined,
        },
        {
          file: 'playbooks/launch.yaml',
          line: 5,
          column: 12,
          path: 'steps.draft.agent',
          message: 'unknown agent "writter"',
          hint: 'did you mean "writer"?',
        },
        {
          file: 'playbooks/launch.yaml',
          line: 6,
          column: 27,
          path: 'steps.draft.task',
          message: 'unknown input "topik"',
          hint: 'did you mean "topic"?',
        },
        {
          file: 'playbooks/launch.yaml',
          line: 7,
          column: 5,
          path: 'steps.draft.colour',
          message: 'unknown field "colour"',
          hint: 'allowed fields: agent, task, output_schema, context, needs, when, for_each, concurrency, retry, timeout, on_error, budget',
        },
        {
          file: 'playbooks/launch.yaml',
          line: 8,
          column: 14,
          path: 'steps.draft.timeout',
          message: 'expected a duration with a unit, found the integer 5',
          hint: 'e.g. timeout: 30s (ms, s, m, h)',
        },
        {
          file: 'playbooks/launch.yaml',
          line: 12,
          column: 15,
          path: 'steps.check.on_error',
          message:
            'expected fail, continue, escalate, or { fallback: { agent: …, model: … } }, found a string ("retry")',
          hint: 'retries are set apart, e.g. retry: 2; on_error says what happens after the last attempt',
        },
        {
          file: 'playbooks/launch.yaml',
          line: 13,
          column: 18,
          path: 'steps.check.task',
          message: 'invalid template: unclosed "{{": add "}}" after the expression',
          hint: undefined,
        },
        {
          file: 'playbooks/other.yaml',
          line: 2,
          column: 15,
          path: 'steps.a.agent',
          message: 'unknown agent "editr"',
          hint: 'did you mean "editor"?',
        },
      ],
    );
  });

  it('does not guess from broken fields: no follow-on issues from needs, for_each or inputs that did not parse', async () => {
    const issues = await issuesOf({
      ...testAgents,
      'playbooks/launch.yaml': `inputs: [topic]
steps:
  a: { agent: writer, task: A }
  b: { agent: writer, needs: a, task: "{{ steps.a.output }} {{ inputs.topic }}" }
  c: { agent: writer, needs: [b], task: "{{ steps.a.output }}" }
  d: { agent: writer, for_each: 3, concurrency: 2, task: "{{ item }}" }
`,
    });
    assert.deepEqual(
      issues.map(({ path, message }) => ({ path, message })),
      [
        { path: 'inputs', message: 'expected a mapping, found a list' },
        { path: 'steps.b.needs', message: 'expected a list of step ids, e.g. [draft]' },
        { path: 'steps.d.for_each', message: 'expected a string, found the integer 3' },
      ],
    );
  });

  it('checks a file whose name cannot be a name, and a broken brigade.yaml does not hide the rest', async () => {
    const root = await writeTestWorkspace({
      'brigade.yaml': 'model: openai:gpt-5-mini\nproviders: [local]\n',
      ...testAgents,
      'agents/my writer.yaml': 'role: W\ninstructions: W\ntools: [read_fil]\n',
      'playbooks/launch.yaml': 'steps:\n  a: { agent: writr, task: A }\n',
    });
    const result = await loadWorkspace(root, { toolNames: testToolNames, modelProviders: ['openai'] });
    assert.ok(!result.ok);
    assert.deepEqual(
      result.issues.map(({ file, path, message }) => ({ file, path, message })),
      [
        { file: 'brigade.yaml', path: 'providers', message: 'expected a mapping, found a list' },
        {
          file: 'agents/my writer.yaml',
          path: '',
          message: '"my writer" cannot be a name: use letters, digits, "_" and "-", starting with a letter or "_"',
        },
        { file: 'agents/my writer.yaml', path: 'tools[0]', message: 'unknown tool "read_fil"' },
        { file: 'playbooks/launch.yaml', path: 'steps.a.agent', message: 'unknown agent "writr"' },
      ],
    );
  });

  it('reports duplicate agents and playbooks', async () => {
    const issues = await issuesOf({
      ...testAgents,
      'agents/writer.yml': 'role: Writer\ninstructions: Again.\n',
      'playbooks/a.yaml': playbook,
      'playbooks/b.yaml': playbook,
    });
    assert.deepEqual(issues, [
      {
        file: 'agents/writer.yml',
        path: '',
        message: 'agent "writer" is defined twice',
        hint: 'keep one of its files',
      },
      {
        file: 'playbooks/b.yaml',
        line: 1,
        column: 7,
        path: 'name',
        message: 'playbook "launch" is already defined in playbooks/a.yaml',
        hint: 'give one of them another name',
      },
    ]);
  });

  it('reports file names that cannot be names', async () => {
    const issues = await issuesOf({
      'agents/my writer.yaml': 'role: W\ninstructions: W\n',
      'agents/constructor.yaml': 'role: W\ninstructions: W\n',
    });
    assert.deepEqual(
      issues.map((issue) => issue.file),
      ['agents/constructor.yaml', 'agents/my writer.yaml'],
    );
    assert.match(issues[0]!.message, /cannot be a name/);
    assert.equal(issues[0]!.hint, 'rename the file');
  });

  it('checks model providers only when the caller names them, counting custom providers', async () => {
    const root = await writeTestWorkspace({
      'brigade.yaml': 'model: openai:gpt-5-mini\nproviders:\n  local: { base_url: "http://localhost:1/v1" }\n',
      'agents/writer.yaml': 'role: W\ninstructions: W\nmodel: opena:gpt-5\n',
      'agents/editor.yaml': 'role: E\ninstructions: E\nmodel: local:qwen3\n',
    });
    assert.ok((await loadWorkspace(root, { toolNames: testToolNames })).ok);
    const result = await loadWorkspace(root, { toolNames: testToolNames, modelProviders: ['openai', 'anthropic'] });
    assert.ok(!result.ok);
    assert.deepEqual(result.issues, [
      {
        file: 'agents/writer.yaml',
        line: 3,
        column: 8,
        path: 'model',
        message: 'unknown model provider "opena"',
        hint: 'did you mean "openai"?',
      },
    ]);
  });

  it('checks the default model and per-model settings in brigade.yaml too', async () => {
    const root = await writeTestWorkspace({
      'brigade.yaml': 'model: opneai:gpt-5-mini\nmodels:\n  antropic:claude: { concurrency: 2 }\n',
      'agents/writer.yaml': 'role: W\ninstructions: W\n',
    });
    const result = await loadWorkspace(root, { toolNames: testToolNames, modelProviders: ['openai', 'anthropic'] });
    assert.ok(!result.ok);
    assert.deepEqual(
      result.issues.map((issue) => [issue.file, issue.line, issue.path, issue.message, issue.hint]),
      [
        ['brigade.yaml', 1, 'model', 'unknown model provider "opneai"', 'did you mean "openai"?'],
        ['brigade.yaml', 3, 'models.antropic:claude', 'unknown model provider "antropic"', 'did you mean "anthropic"?'],
      ],
    );
  });
  it("uses brigade.yaml's budget for playbooks that set none, and keeps a playbook's own", async () => {
    const workspace = await loadValid({
      'brigade.yaml': 'budget: { model_calls: 30, time: 10m }\n',
      ...testAgents,
      'playbooks/launch.yaml': playbook,
      'playbooks/capped.yaml': 'steps:\n  draft: { agent: writer, task: go }\nbudget: { tokens: 5000 }\n',
    });
    assert.deepEqual(workspace.config.budget, { modelCalls: 30, timeMs: 600_000 });
    assert.deepEqual(workspace.playbooks.launch?.budget, { modelCalls: 30, timeMs: 600_000 });
    assert.deepEqual(workspace.playbooks.capped?.budget, { tokens: 5000 });
    const issues = await issuesOf({ 'brigade.yaml': 'budget: { model_calls: 0 }\n' });
    assert.equal(issues[0]?.path, 'budget.model_calls');
  });
});
