import type { Issue, StepKind } from '../spec/index.ts';
import { article } from './describe-value.ts';
import { closestMatch } from './did-you-mean.ts';
import { issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import type { StepFile } from './playbook-file-schema.ts';
import type { Salvaged } from './salvage.ts';
import {
  kindKeysOf,
  kindsTaking,
  listWords,
  sharedStepFields,
  stepKindFields,
  stepKindKeys,
} from './step-kind-fields.ts';

/**
 * Finds a step's kind from its kind key (`agent`, `route`, `synthesize`, `plan` or `approval`) and
 * checks that it has exactly one, the fields its kind needs, and no field of another kind.
 * `kind` is undefined when the step has no kind key, or when nothing of it could be read.
 */
export function checkStepKind(
  source: YamlSource,
  id: string,
  step: Salvaged<StepFile>,
): { kind: StepKind | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  // Every kind key broken: the step is not a mapping (or nothing in it fits); the shape check said so.
  if (stepKindKeys.every((key) => step.broken.has(key))) return { kind: undefined, issues };
  const present = new Set([...Object.keys(step.fields), ...step.broken]);
  const [kind, ...others] = kindKeysOf(present);
  if (kind === undefined) {
    const typo = step.unknown
      .map((key) => ({ key, match: closestMatch(key, stepKindKeys) }))
      .find(({ match }) => match !== undefined);
    issues.push(
      issueAt(
        source,
        ['steps', id],
        `step "${id}" needs one of ${listWords(stepKindKeys, 'or')}`,
        typo ? `did you mean "${typo.match}" instead of "${typo.key}"?` : 'e.g. agent: writer, or approval: "Publish?"',
        { key: true },
      ),
    );
    return { kind: undefined, issues };
  }
  for (const other of others) {
    issues.push(
      issueAt(
        source,
        ['steps', id, other],
        `step "${id}" has both "${kind}" and "${other}"; a step has exactly one kind`,
        `keep "${kind}" (${kind} step) or "${other}" (${other} step)`,
        { key: true },
      ),
    );
  }
  // With two kind keys, which fields are out of place is anyone's guess: one message is enough.
  if (others.length > 0) return { kind, issues };

  const own = stepKindFields[kind];
  const allowed = [...own.fields, ...sharedStepFields];
  const misplaced = (field: string, path: Array<string | number>, allowedHere: readonly string[]) => {
    const kinds = kindsTaking(field);
    issues.push(
      issueAt(
        source,
        path,
        `"${field}" belongs to ${listWords(kinds, 'and')} steps; step "${id}" is ${article(kind)} step`,
        allowedHere.length > 0 ? `${kind} steps take: ${allowedHere.join(', ')}` : `${kind} steps take none`,
        { key: true },
      ),
    );
  };
  for (const field of present) {
    if (!allowed.includes(field)) misplaced(field, ['steps', id, field], allowed);
  }
  const context = step.fields.context;
  if (context && own.fields.includes('context')) {
    for (const field of Object.keys(context)) {
      if (!own.context.includes(field)) misplaced(`context.${field}`, ['steps', id, 'context', field], own.context);
    }
  }
  for (const field of own.required) {
    if (!present.has(field)) issues.push(issueAt(source, ['steps', id, field], `missing required field "${field}"`));
  }
  return { kind, issues };
}
