import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { Json } from '../spec/index.ts';
import { BrigadeError } from '../spec/index.ts';

/** Collects `--input k=v` (strings, coerced later by the playbook's input types) and `--input-file f` (JSON or YAML). */
export function parseInputFlags(pairs: string[], files: string[], cwd: string): Record<string, Json | string> {
  const inputs: Record<string, Json | string> = {};
  for (const file of files) {
    const path = resolve(cwd, file);
    let value: unknown;
    try {
      value = parse(readFileSync(path, 'utf8'), { maxAliasCount: 10 });
    } catch (error) {
      throw new BrigadeError('USAGE', `--input-file ${file}: ${(error as Error).message.split('\n')[0]}`, {
        hint: 'give a JSON or YAML file with one key per input, e.g. {"topic": "launch"}',
      });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new BrigadeError('USAGE', `--input-file ${file} must hold an object of inputs`, {
        hint: 'e.g. topic: "launch week" (YAML) or {"topic": "launch week"} (JSON)',
      });
    }
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      inputs[key] = item as Json;
    }
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new BrigadeError('USAGE', `--input "${pair}" is not key=value`, {
        hint: 'e.g. --input topic="launch week"',
      });
    }
    inputs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return inputs;
}
