// Writes the JSON Schemas of brigade.yaml, agents and playbooks to schemas/, for editors.
// Run after changing src/workspace/*-file-schema.ts: node scripts/bootstrap.mjs scripts/export-schemas.ts
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from '../src/workspace/json-schemas.ts';

const dir = fileURLToPath(new URL('../schemas/', import.meta.url));
for (const [name, text] of Object.entries(renderJsonSchemas())) {
  await writeFile(join(dir, name), text);
  process.stdout.write(`wrote schemas/${name}\n`);
}
