import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBuiltinTools } from './create-builtin-tools.ts';
import { testContext } from './start-test-server.ts';
import { validateInput } from './validate-input.ts';

const tools = createBuiltinTools({ root: '.', http: { allowPrivate: false, allowHosts: [] } });

test('names and describes the three built-in tools with their risk', () => {
  assert.deepEqual(tools.names(), ['http_request', 'read_file', 'write_file']);
  const described = tools.describe(['write_file', 'nope', 'http_request']);
  assert.deepEqual(
    described.map((tool) => [tool.name, tool.risk]),
    [
      ['write_file', 'write'],
      ['http_request', 'external'],
    ],
  );
  for (const tool of tools.describe(tools.names())) {
    assert.equal(tool.inputSchema.type, 'object');
    assert.ok(tool.description.length > 80, `${tool.name} needs a helpful description`);
  }
});

test('unknown tools and non-object input fail as data', async () => {
  const unknown = await tools.call('shell', {}, testContext());
  assert.deepEqual(unknown, {
    ok: false,
    error: 'unknown tool "shell"; built-in tools are http_request, read_file, write_file',
  });
  const notObject = await tools.call('read_file', 'README.md', testContext());
  assert.deepEqual(notObject, {
    ok: false,
    error: 'invalid input for read_file: input must be an object, got string "README.md"',
  });
});

test('validateInput reports every problem with its field', () => {
  const schema = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      count: { type: 'integer', minimum: 1 },
      tags: { type: 'object', additionalProperties: { type: 'string' } },
    },
    required: ['name'],
    additionalProperties: false,
  };
  assert.deepEqual(validateInput({ name: 'a', count: 2, tags: { x: 'y' } }, schema), []);
  assert.deepEqual(validateInput({ count: 1.5, tags: { x: 1 }, other: null }, schema), [
    '`name` is required',
    '`count` must be an integer, got number 1.5',
    '`tags.x` must be a string, got number 1',
    'unknown field `other` (expected: name, count, tags)',
  ]);
  assert.deepEqual(validateInput({ name: '', count: 0 }, schema), [
    '`name` must not be empty',
    '`count` must be at least 1',
  ]);
});
