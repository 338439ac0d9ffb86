import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from './json-schemas.ts';

describe('schemas/*.json', () => {
  it('match the zod schemas (run scripts/export-schemas.ts after changing them)', async () => {
    for (const [name, text] of Object.entries(renderJsonSchemas())) {
      const committed = await readFile(fileURLToPath(new URL(`../../schemas/${name}`, import.meta.url)), 'utf8');
      assert.equal(
        committed,
        text,
        `schemas/${name} is out of date: run node scripts/bootstrap.mjs scripts/export-schemas.ts`,
      );
    }
  });

  it('forbid unknown fields and fields of other kinds, so editors flag typos too', () => {
    const playbook = JSON.parse(renderJsonSchemas()['playbook.schema.json']!);
    assert.equal(playbook.additionalProperties, false);
    const kinds = playbook.properties.steps.additionalProperties.anyOf;
    for (const kind of kinds) assert.equal(kind.additionalProperties, false);
    assert.deepEqual(
      kinds.map((kind: { required: string[] }) => kind.required[0]),
      ['agent', 'route', 'synthesize', 'plan', 'approval'],
    );
    assert.equal(playbook.$schema, 'https://json-schema.org/draft/2020-12/schema');
  });
});
