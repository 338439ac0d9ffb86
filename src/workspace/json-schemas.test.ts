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

  it('forbid unknown fields, so editors flag typos too', () => {
    const playbook = JSON.parse(renderJsonSchemas()['playbook.schema.json']!);
    assert.equal(playbook.additionalProperties, false);
    assert.equal(playbook.properties.steps.additionalProperties.additionalProperties, false);
    assert.equal(playbook.$schema, 'https://json-schema.org/draft/2020-12/schema');
  });
});
