import {
  type InputFile,
  inputSchema,
  type PlaybookFile,
  playbookFileSchema,
  type StepFile,
  stepSchema,
} from './playbook-file-schema.ts';
import { type Salvaged, salvageEntries, salvageFields } from './salvage.ts';

/**
 * A playbook file as far as it fits its schema: each top-level field, input and step field that
 * is valid on its own. Checks of references, templates and cycles run on this, so they are not
 * held back by a wrong field elsewhere in the file.
 */
export interface PlaybookDraft {
  /** Valid top-level fields other than `inputs` and `steps`. */
  fields: Partial<Omit<PlaybookFile, 'inputs' | 'steps'>>;
  /** Top-level fields present but not valid. */
  broken: ReadonlySet<string>;
  /** Every declared input by name; undefined when `inputs` is there but not a mapping (names unknown). */
  inputs: Record<string, Salvaged<InputFile>> | undefined;
  /** Every step by id; undefined when `steps` is missing or not a mapping. */
  steps: Record<string, Salvaged<StepFile>> | undefined;
}

/** The draft of a playbook file's parsed YAML. */
export function draftPlaybook(value: Record<string, unknown>): PlaybookDraft {
  const top = salvageFields<PlaybookFile>(playbookFileSchema, value);
  const { inputs: _inputs, steps: _steps, ...fields } = top.fields;
  const inputs =
    value.inputs === undefined || value.inputs === null ? {} : salvageEntries<InputFile>(inputSchema, value.inputs);
  return { fields, broken: top.broken, inputs, steps: salvageEntries<StepFile>(stepSchema, value.steps) };
}
