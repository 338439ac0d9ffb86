// The editor's changes to a playbook text, each one Document edit (see edit-yaml-text.ts): comments,
// key order and the formatting of everything else stay as written.
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Pair,
  parse,
  Scalar,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { editYamlText } from './edit-yaml-text.ts';
import { type StepKindName, stepKinds } from './read-playbook.ts';

/** Fields that list step ids, whose entries follow a rename and drop a deleted step. */
const stepListKeys = new Set(['needs', 'from', 'steps', 'findings']);

/** Makes `step` wait for `need` (appended to its `needs`, created in flow style after the kind key). */
export function addNeed(text: string, step: string, need: string): string {
  return editYamlText(text, (doc) => {
    const map = stepMap(doc, step);
    const needs = map.get('needs', true);
    if (isSeq(needs)) {
      if (!needs.items.some((item) => scalarValue(item) === need)) needs.add(doc.createNode(need));
      return;
    }
    const seq = doc.createNode([need]) as YAMLSeq;
    seq.flow = true;
    insertAfterKind(doc, map, 'needs', seq);
  });
}

/** Stops `step` waiting for `need` (drops `needs` when it becomes empty). */
export function removeNeed(text: string, step: string, need: string): string {
  return editYamlText(text, (doc) => {
    const map = stepMap(doc, step);
    const needs = map.get('needs', true);
    if (!isSeq(needs)) return;
    needs.items = needs.items.filter((item) => scalarValue(item) !== need);
    if (needs.items.length === 0) map.delete('needs');
  });
}

/** What a new step starts with. */
export interface NewStep {
  id: string;
  kind: StepKindName;
  kindValue: string;
  task?: string;
  needs?: string[];
}

/** Adds a step at the end of `steps:`, in block style after a blank line, like the scaffold's playbooks. */
export function addStep(text: string, step: NewStep): string {
  return editYamlText(text, (doc) => {
    let steps = doc.get('steps', true);
    if (!isMap(steps)) {
      doc.set('steps', doc.createNode({}));
      steps = doc.get('steps', true) as YAMLMap;
      (steps as YAMLMap).flow = false;
    }
    const map = doc.createNode({}) as YAMLMap;
    map.set(step.kind, step.kindValue);
    if (step.needs?.length) {
      const seq = doc.createNode(step.needs) as YAMLSeq;
      seq.flow = true;
      map.set('needs', seq);
    }
    if (step.task) map.set(step.kind === 'approval' ? 'content' : 'task', textScalar(step.task));
    const key = new Scalar(step.id);
    key.spaceBefore = (steps as YAMLMap).items.length > 0;
    (steps as YAMLMap).items.push(doc.createPair(key, map) as Pair);
  });
}

/** Renames a step: its key, the ids that name it in other steps, and `steps.<id>` in templates. */
export function renameStep(text: string, from: string, to: string): string {
  const reference = new RegExp(`steps\\.${from.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?![\\w-])`, 'g');
  return editYamlText(text, (doc) => {
    const steps = doc.get('steps', true);
    if (!isMap(steps)) return;
    for (const pair of steps.items) if (isScalar(pair.key) && pair.key.value === from) pair.key.value = to;
    visit(doc, {
      Scalar(_key, node, path) {
        if (typeof node.value !== 'string') return;
        if (node.value === from && listKeyOf(path) !== undefined) node.value = to;
        else if (node.value.includes('steps.')) node.value = node.value.replace(reference, `steps.${to}`);
      },
    });
  });
}

/** Deletes a step and every mention of it in other steps' lists (`needs`, `from`, branches, context). */
export function deleteStep(text: string, id: string): string {
  return editYamlText(text, (doc) => {
    const steps = doc.get('steps', true);
    if (!isMap(steps)) return;
    steps.items = steps.items.filter((pair) => !(isScalar(pair.key) && pair.key.value === id));
    visit(doc, {
      Seq(_key, node, path) {
        if (listKeyOf([...path, node]) === undefined) return;
        node.items = node.items.filter((item) => scalarValue(item) !== id);
      },
    });
    // A `needs` left empty goes; other lists (from, branch steps) stay for the check to flag.
    for (const pair of steps.items) {
      if (isMap(pair.value)) {
        const needs = pair.value.get('needs', true);
        if (isSeq(needs) && needs.items.length === 0) pair.value.delete('needs');
      }
    }
  });
}

/** Sets (or with '' / undefined removes) one field of a step; a value with line breaks becomes a `|` block. */
export function setStepField(text: string, step: string, field: string, value: string | number | undefined): string {
  return editYamlText(text, (doc) => {
    const map = stepMap(doc, step);
    if (value === undefined || value === '') {
      map.delete(field);
      return;
    }
    const current = map.get(field, true);
    if (isScalar(current) && typeof value === 'string') {
      current.value = blockText(value);
      if (value.includes('\n')) current.type = 'BLOCK_LITERAL';
      else if (current.type === 'BLOCK_LITERAL' || current.type === 'BLOCK_FOLDED') current.type = undefined;
      return;
    }
    map.set(field, typeof value === 'string' ? textScalar(value) : value);
  });
}

/** Where each kind keeps what it is asked to do (a plan's goal, an agent's task; an approval has none). */
const taskFieldOf: Record<StepKindName, string | null> = {
  agent: 'task',
  route: 'task',
  synthesize: 'task',
  plan: 'goal',
  approval: null,
};

/**
 * Changes a step's kind: the kind key is renamed in place, its value kept; the task moves to the
 * new kind's field (a plan's `goal`), and goes when the new kind has none (an approval), so the
 * step never keeps a field its kind does not take.
 */
export function setStepKind(text: string, step: string, kind: StepKindName): string {
  return editYamlText(text, (doc) => {
    const map = stepMap(doc, step);
    const pair = map.items.find((item) => isScalar(item.key) && stepKinds.includes(item.key.value as StepKindName));
    const before = pair && isScalar(pair.key) ? (pair.key.value as StepKindName) : undefined;
    if (pair && isScalar(pair.key)) pair.key.value = kind;
    else map.items.unshift(doc.createPair(kind, '') as Pair);
    const from = before ? taskFieldOf[before] : null;
    const to = taskFieldOf[kind];
    if (!from || from === to) return;
    const task = map.items.find((item) => isScalar(item.key) && item.key.value === from);
    if (!task || !isScalar(task.key)) return;
    if (to) task.key.value = to;
    else map.items.splice(map.items.indexOf(task), 1);
  });
}

/** Sets (or with '' removes) a top-level field such as `description`. */
export function setPlaybookField(text: string, field: string, value: string): string {
  return editYamlText(text, (doc) => {
    if (value === '') doc.delete(field);
    else {
      const current = doc.get(field, true);
      if (isScalar(current)) current.value = value;
      else doc.set(field, value);
    }
  });
}

/** Adds a declared input (a string with no default: required). */
export function addInput(text: string, name: string): string {
  return editYamlText(text, (doc) => {
    const inputs = doc.get('inputs', true);
    const input = doc.createNode({ type: 'string' }) as YAMLMap;
    if (isMap(inputs)) inputs.set(name, input);
    else {
      const map = doc.createNode({ [name]: input }) as YAMLMap;
      const root = doc.contents as YAMLMap;
      const at = root.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'steps');
      const pair = doc.createPair('inputs', map) as Pair;
      if (at < 0) root.items.push(pair);
      else root.items.splice(at, 0, pair);
    }
  });
}

/** Removes a declared input. */
export function deleteInput(text: string, name: string): string {
  return editYamlText(text, (doc) => {
    doc.deleteIn(['inputs', name]);
    const inputs = doc.get('inputs', true);
    if (isMap(inputs) && inputs.items.length === 0) doc.delete('inputs');
  });
}

/**
 * Sets a field of a declared input ('' removes it). A default is read as YAML unless the input is
 * a string, so `[a, b]` is a list and `3` a number.
 */
export function setInputField(text: string, name: string, field: 'type' | 'description' | 'default', value: string) {
  return editYamlText(text, (doc) => {
    const input = doc.getIn(['inputs', name], true);
    if (!isMap(input)) return;
    if (value === '') {
      input.delete(field);
      return;
    }
    if (field !== 'default' || input.get('type') === 'string') {
      const current = input.get(field, true);
      if (isScalar(current)) current.value = value;
      else input.set(field, textScalar(value));
      return;
    }
    let parsed: unknown;
    try {
      parsed = parse(value);
    } catch {
      parsed = value;
    }
    const node = doc.createNode(parsed);
    if (isSeq(node) || isMap(node)) node.flow = true;
    input.set('default', node);
  });
}

function stepMap(doc: Document, step: string): YAMLMap {
  const map = doc.getIn(['steps', step], true);
  if (!isMap(map)) throw new Error(`no step "${step}" in this playbook`);
  return map;
}

function insertAfterKind(doc: Document, map: YAMLMap, key: string, value: unknown): void {
  const at = map.items.findIndex((pair) => isScalar(pair.key) && stepKinds.includes(pair.key.value as StepKindName));
  map.items.splice(at + 1, 0, doc.createPair(key, value) as Pair);
}

/** Text with line breaks ends with one, so it prints as `|` like the scaffold's tasks. */
function blockText(value: string): string {
  return value.includes('\n') && !value.endsWith('\n') ? `${value}\n` : value;
}

function textScalar(value: string): Scalar {
  const scalar = new Scalar(blockText(value));
  if (value.includes('\n')) scalar.type = 'BLOCK_LITERAL';
  return scalar;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

/** The key of the step-id list a visited node is in (`needs`, `from`, …), if it is in one. */
function listKeyOf(path: readonly unknown[]): string | undefined {
  const seq = path.at(-1);
  const pair = path.at(-2) as Pair | undefined;
  if (!isSeq(seq) || !pair || !('key' in (pair as object))) return undefined;
  const key = scalarValue(pair.key);
  return typeof key === 'string' && stepListKeys.has(key) ? key : undefined;
}
