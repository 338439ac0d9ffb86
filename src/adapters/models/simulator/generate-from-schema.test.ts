import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import type { Json, JsonSchema } from '../../../spec/index.ts';
import { generateFromSchema } from './generate-from-schema.ts';
import { createSeededRandom, hashParts } from './seeded-random.ts';

const schemas: Record<string, JsonSchema> = {
  nested: {
    type: 'object',
    properties: {
      title: { type: 'string', minLength: 5, maxLength: 40 },
      tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 4, uniqueItems: true },
      owner: {
        type: 'object',
        properties: { email: { type: 'string', format: 'email' }, id: { type: 'string', format: 'uuid' } },
        required: ['email', 'id'],
        additionalProperties: false,
      },
      score: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
      count: { type: 'integer', minimum: 10, maximum: 20, multipleOf: 5 },
      status: { enum: ['open', 'closed'] },
      kind: { const: 'report' },
      due: { type: 'string', format: 'date' },
      note: { type: ['string', 'null'] },
    },
    required: ['title', 'tags', 'owner', 'score', 'count', 'status', 'kind', 'due'],
  },
  refs: {
    $defs: {
      item: {
        type: 'object',
        properties: { name: { type: 'string' }, done: { type: 'boolean' } },
        required: ['name', 'done'],
      },
    },
    type: 'array',
    items: { $ref: '#/$defs/item' },
    minItems: 3,
  },
  combinators: {
    allOf: [
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      { properties: { b: { anyOf: [{ type: 'null' }, { type: 'integer', maximum: -1 }] } }, required: ['b'] },
    ],
  },
  // The answers route and synthesize steps ask for (src/engine/steps/): enums the step checks again.
  route: {
    type: 'object',
    properties: {
      branch: { type: 'string', enum: ['enterprise', 'self_serve', 'partner'] },
      reason: { type: 'string' },
    },
    required: ['branch', 'reason'],
    additionalProperties: false,
  },
  synthesis: {
    type: 'object',
    properties: {
      summary: { type: 'string' },
      parts: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            text: { type: 'string' },
            sources: { type: 'array', items: { type: 'string', enum: ['trends', 'versions[0]', 'versions[1]'] } },
          },
          required: ['text', 'sources'],
          additionalProperties: false,
        },
      },
    },
    required: ['summary', 'parts'],
    additionalProperties: false,
  },
  recursive: {
    $defs: {
      node: {
        type: 'object',
        properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } },
        required: ['children'],
      },
    },
    $ref: '#/$defs/node',
  },
};

for (const [name, schema] of Object.entries(schemas)) {
  test(`generates JSON that conforms to the ${name} schema, deterministically`, () => {
    const validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    for (const seed of ['a', 'b', 'c', 'd']) {
      const value = generateFromSchema(schema, createSeededRandom(hashParts([seed])), 'the task');
      const result = validator.safeParse(value);
      assert.ok(result.success, `${JSON.stringify(value)}: ${result.error?.message}`);
      assert.deepEqual(generateFromSchema(schema, createSeededRandom(hashParts([seed])), 'the task'), value);
    }
  });
}

test('chooses among enum values by the seed, not always the first (a simulated route takes varied branches)', () => {
  const chosen = new Set<Json>();
  for (const seed of ['lead-1', 'lead-2', 'lead-3', 'lead-4', 'lead-5', 'lead-6', 'lead-7', 'lead-8']) {
    const value = generateFromSchema(schemas.route!, createSeededRandom(hashParts([seed])), 'route') as {
      branch: Json;
    };
    chosen.add(value.branch);
  }
  assert.ok(chosen.size > 1, `eight seeds chose only ${[...chosen].join(', ')}`);
});
