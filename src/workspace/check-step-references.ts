import type { Issue, StepKind } from '../spec/index.ts';
import { didYouMean } from './did-you-mean.ts';
import { type FieldPath, issueAt } from './locate-path.ts';
import type { YamlSource } from './parse-safe-yaml.ts';
import type { StepFile } from './playbook-file-schema.ts';
import type { Salvaged } from './salvage.ts';
import { stepKindFields } from './step-kind-fields.ts';

/** A need the file does not write in `needs`: a branch step needs its route, a synthesize step its `from`. */
export interface ImplicitNeed {
  step: string;
  need: string;
  /** Where the need comes from, to point at in a cycle. */
  path: FieldPath;
  /** Why, in words: `"email" needs "path": it is in branch "sales" of that route`. */
  why: string;
}

/** What the kind-specific checks found: issues, implicit needs, and steps whose needs are not all known. */
export interface StepReferences {
  issues: Issue[];
  implicit: ImplicitNeed[];
  /** Steps that may have implicit needs the file did not let us read (a broken `from` or `branches`). */
  unread: Set<string>;
  /** True when some route's branches could not be read: any step may need a route. */
  branchesUnread: boolean;
}

/**
 * Checks the step names the kinds add (route branches, synthesize `from`, `context.steps`) and
 * collects the needs they imply.
 */
export function checkStepReferences(
  source: YamlSource,
  steps: Record<string, Salvaged<StepFile>>,
  kinds: ReadonlyMap<string, StepKind | undefined>,
): StepReferences {
  const result: StepReferences = { issues: [], implicit: [], unread: new Set(), branchesUnread: false };
  const stepIds = Object.keys(steps);
  const unknownStep = (path: FieldPath, name: string) =>
    issueAt(source, path, `unknown step "${name}"`, didYouMean(name, stepIds) ?? `steps: ${stepIds.join(', ')}`);
  /** Branch step → where it was first placed. */
  const placed = new Map<string, { route: string; branch: string }>();

  for (const [id, { fields: step, broken }] of Object.entries(steps)) {
    const kind = kinds.get(id);
    if (kind === 'route') {
      if (broken.has('branches')) result.branchesUnread = true;
      const branches = Object.entries(step.branches ?? {});
      if (step.branches && branches.length < 2) {
        result.issues.push(
          issueAt(
            source,
            ['steps', id, 'branches'],
            'a route needs at least two branches',
            'to run steps only sometimes, give them a when: condition',
          ),
        );
      }
      if (step.for_each !== undefined) {
        result.issues.push(
          issueAt(
            source,
            ['steps', id, 'for_each'],
            'for_each does not apply to route steps: a route chooses one branch for the whole run',
            'fan out the steps inside the branches instead',
            { key: true },
          ),
        );
      }
      for (const [branch, { steps: members }] of branches) {
        members.forEach((member, index) => {
          const path = ['steps', id, 'branches', branch, 'steps', index];
          if (member === id) {
            result.issues.push(issueAt(source, path, `route "${id}" cannot be in its own branch`));
            return;
          }
          if (!stepIds.includes(member)) {
            result.issues.push(unknownStep(path, member));
            return;
          }
          const earlier = placed.get(member);
          if (earlier) {
            const where =
              earlier.route === id
                ? `branch "${earlier.branch}" of this route`
                : `branch "${earlier.branch}" of route "${earlier.route}"`;
            result.issues.push(
              issueAt(
                source,
                path,
                `step "${member}" is already in ${where}; a step belongs to one branch`,
                'to run it after either branch, list it in no branch and give it needs',
              ),
            );
            return;
          }
          placed.set(member, { route: id, branch });
          result.implicit.push({
            step: member,
            need: id,
            path,
            why: `"${member}" needs "${id}": it is in branch "${branch}" of that route`,
          });
        });
      }
    }
    if (kind === 'synthesize') {
      if (broken.has('from')) result.unread.add(id);
      const seen = new Set<string>();
      (step.from ?? []).forEach((merged, index) => {
        const path = ['steps', id, 'from', index];
        if (merged === id) result.issues.push(issueAt(source, path, `step "${id}" cannot merge its own output`));
        else if (!stepIds.includes(merged)) result.issues.push(unknownStep(path, merged));
        else if (seen.has(merged)) result.issues.push(issueAt(source, path, `"${merged}" is listed twice`));
        else {
          seen.add(merged);
          result.implicit.push({ step: id, need: merged, path, why: `"${id}" needs "${merged}": it is in its from` });
        }
      });
    }
    const context = kind && showsSteps(kind) ? (step.context?.steps ?? []) : [];
    context.forEach((name, index) => {
      const path = ['steps', id, 'context', 'steps', index];
      if (name === id) result.issues.push(issueAt(source, path, `step "${id}" cannot be shown its own output`));
      else if (!stepIds.includes(name)) result.issues.push(unknownStep(path, name));
    });
  }
  return result;
}

/**
 * `context.steps` that are not upstream of their step (so their output may not exist yet), given
 * what is upstream of each step.
 */
export function checkContextUpstream(
  source: YamlSource,
  steps: Record<string, Salvaged<StepFile>>,
  kinds: ReadonlyMap<string, StepKind | undefined>,
  upstream: (id: string) => { steps: ReadonlySet<string>; complete: boolean },
): Issue[] {
  const issues: Issue[] = [];
  const stepIds = Object.keys(steps);
  for (const [id, { fields: step }] of Object.entries(steps)) {
    const kind = kinds.get(id);
    const names = kind && showsSteps(kind) ? (step.context?.steps ?? []) : [];
    if (names.length === 0) continue;
    const readable = upstream(id);
    if (!readable.complete) continue;
    names.forEach((name, index) => {
      if (name === id || !stepIds.includes(name) || readable.steps.has(name)) return;
      issues.push(
        issueAt(
          source,
          ['steps', id, 'context', 'steps', index],
          `step "${name}" is not upstream of "${id}", so its output may not exist yet`,
          `add "${name}" to needs`,
        ),
      );
    });
  }
  return issues;
}

/** Whether a kind takes `context.steps` (elsewhere the field is reported as misplaced, not followed). */
function showsSteps(kind: StepKind): boolean {
  return stepKindFields[kind].context.includes('steps');
}
