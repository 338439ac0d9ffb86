import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issuesOf } from './write-test-workspace.ts';

describe('agent checks', () => {
  it('reports a name that does not match the file', async () => {
    const issues = await issuesOf({ 'agents/writer.yaml': 'name: author\nrole: W\ninstructions: W\n' });
    assert.deepEqual(issues, [
      {
        file: 'agents/writer.yaml',
        line: 1,
        column: 7,
        path: 'name',
        message: 'name "author" does not match the file name "writer"',
        hint: 'rename the file to agents/author.yaml, or remove the name field',
      },
    ]);
  });

  it('reports unknown tools with did-you-mean, or the available ones', async () => {
    const issues = await issuesOf({
      'agents/writer.yaml': 'role: W\ninstructions: W\ntools: [read_file, web_serch, telepathy]\n',
    });
    assert.deepEqual(
      issues.map(({ line, column, path, message, hint }) => ({ line, column, path, message, hint })),
      [
        {
          line: 3,
          column: 20,
          path: 'tools[1]',
          message: 'unknown tool "web_serch"',
          hint: 'did you mean "web_search"?',
        },
        {
          line: 3,
          column: 31,
          path: 'tools[2]',
          message: 'unknown tool "telepathy"',
          hint: 'available tools: http_request, read_file, web_search',
        },
      ],
    );
  });

  it('reports simulated calls to tools the agent does not have', async () => {
    const issues = await issuesOf({
      'agents/writer.yaml': `role: W
instructions: W
tools: [read_file]
simulate:
  tool_calls:
    - - { tool: read_fil }
      - { tool: http_request }
`,
    });
    assert.deepEqual(
      issues.map(({ line, path, message, hint }) => ({ line, path, message, hint })),
      [
        {
          line: 6,
          path: 'simulate.tool_calls[0][0].tool',
          message: 'simulated call to "read_fil", which is not among the agent\'s tools',
          hint: 'did you mean "read_file"?',
        },
        {
          line: 7,
          path: 'simulate.tool_calls[0][1].tool',
          message: 'simulated call to "http_request", which is not among the agent\'s tools',
          hint: 'add "http_request" to the agent\'s tools',
        },
      ],
    );
  });

  it('reports unknown fields, bad models and out-of-range limits', async () => {
    const issues = await issuesOf({
      'agents/writer.yaml': `role: W
instructions: W
modle: openai:gpt-5
model: gpt-5
max_steps: 0
temperature: 3
simulate: { fail: { times: 1, error: ratelimit } }
`,
    });
    assert.deepEqual(
      issues.map(({ line, path, message, hint }) => ({ line, path, message, hint })),
      [
        { line: 3, path: 'modle', message: 'unknown field "modle"', hint: 'did you mean "model"?' },
        { line: 4, path: 'model', message: 'expected "provider:model", e.g. "openai:gpt-5-mini"', hint: undefined },
        { line: 5, path: 'max_steps', message: 'must be at least 1', hint: undefined },
        { line: 6, path: 'temperature', message: 'must be at most 2', hint: undefined },
        {
          line: 7,
          path: 'simulate.fail.error',
          message: 'expected one of "rate-limit", "overload", "server", "timeout", "bad-request"',
          hint: 'did you mean "rate-limit"?',
        },
      ],
    );
  });
});

describe('brigade.yaml checks', () => {
  it('reports bad settings with their position', async () => {
    const issues = await issuesOf({
      'brigade.yaml': `model: openai:gpt-5-mini
concurency: 4
providers:
  local: { base_url: not-a-url, api_key_env: "my key" }
simulator: { latency_ms: [900, 300] }
tools: { http_request: { allow_privat: true } }
`,
    });
    assert.deepEqual(
      issues.map(({ file, line, path, message, hint }) => ({ file, line, path, message, hint })),
      [
        {
          file: 'brigade.yaml',
          line: 2,
          path: 'concurency',
          message: 'unknown field "concurency"',
          hint: 'did you mean "concurrency"?',
        },
        {
          file: 'brigade.yaml',
          line: 4,
          path: 'providers.local.base_url',
          message: 'expected a URL such as "http://localhost:8000/v1"',
          hint: undefined,
        },
        {
          file: 'brigade.yaml',
          line: 4,
          path: 'providers.local.api_key_env',
          message: 'expected an environment variable name, e.g. "MY_API_KEY"',
          hint: undefined,
        },
        {
          file: 'brigade.yaml',
          line: 5,
          path: 'simulator.latency_ms',
          message: 'the first number (min) must not exceed the second (max)',
          hint: undefined,
        },
        {
          file: 'brigade.yaml',
          line: 6,
          path: 'tools.http_request.allow_privat',
          message: 'unknown field "allow_privat"',
          hint: 'did you mean "allow_private"?',
        },
      ],
    );
  });
});
