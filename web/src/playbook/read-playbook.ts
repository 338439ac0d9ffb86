// What the editor shows of a playbook text: its steps, their links and markers, its inputs. Read
// leniently: a half-written file still shows what can be shown; the server's check says what is wrong.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/** The step kinds, in the order the editor offers them. */
export const stepKinds = ['agent', 'approval', 'route', 'synthesize', 'plan'] as const;
export type StepKindName = (typeof stepKinds)[number];

/** One step as the graph and the side panel show it. */
export interface StepView {
  id: string;
  kind: StepKindName | undefined;
  /** The value of the kind key: the agent's name, or for approval steps the question. */
  kindValue: string;
  task: string;
  needs: string[];
  /** Steps this one waits for without `needs`: a synthesize step's `from`, the route a branch step is on. */
  implicit: string[];
  forEach: string;
  concurrency: number | undefined;
  when: string;
  /** `on_error` when it is one word; `custom` when it is a mapping (edited in the YAML). */
  onError: string;
  content: string;
  /** 1-based line of the step's key. */
  line: number | undefined;
}

/** A declared input. */
export interface InputView {
  name: string;
  type: string;
  description: string;
  /** The default as YAML text ('' when there is none: then the input is required). */
  defaultText: string;
}

/** A playbook text as the editor sees it, or why it cannot be read. */
export type PlaybookView =
  | { ok: true; name: string; description: string; steps: StepView[]; inputs: InputView[] }
  | { ok: false; error: string; line?: number };

/** Reads a playbook text for the editor. */
export function readPlaybook(text: string): PlaybookView {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const error = doc.errors[0];
  if (error) return { ok: false, error: error.message.split('\n')[0]!, line: error.linePos?.[0].line };
  const root = doc.contents;
  if (root !== null && !isMap(root)) return { ok: false, error: 'a playbook is a mapping (name:, steps:, …)' };
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const stepsNode = doc.get('steps');
  const steps: StepView[] = [];
  const rawSteps = isRecord(data.steps) ? data.steps : {};
  for (const [id, raw] of Object.entries(rawSteps)) {
    const step = isRecord(raw) ? raw : {};
    const kind = stepKinds.find((each) => each in step);
    const pair = isMap(stepsNode)
      ? stepsNode.items.find((item) => isScalar(item.key) && item.key.value === id)
      : undefined;
    const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    steps.push({
      id,
      kind,
      kindValue: kind ? text_(step[kind]) : '',
      task: text_(step.task ?? step.goal),
      needs: strings(step.needs),
      implicit: strings(step.from),
      forEach: text_(step.for_each),
      concurrency: typeof step.concurrency === 'number' ? step.concurrency : undefined,
      when: text_(step.when),
      onError: step.on_error === undefined ? '' : typeof step.on_error === 'string' ? step.on_error : 'custom',
      content: text_(step.content),
      line: offset === undefined ? undefined : lines.linePos(offset).line,
    });
  }
  // A branch step waits for its route without `needs`.
  for (const step of steps) {
    const branches = (rawSteps[step.id] as Record<string, unknown>)?.branches;
    if (step.kind !== 'route' || !isRecord(branches)) continue;
    for (const branch of Object.values(branches)) {
      for (const target of strings(isRecord(branch) ? branch.steps : undefined)) {
        steps.find((each) => each.id === target)?.implicit.push(step.id);
      }
    }
  }
  const inputs: InputView[] = Object.entries(isRecord(data.inputs) ? data.inputs : {}).map(([name, raw]) => {
    const input = isRecord(raw) ? raw : {};
    return {
      name,
      type: text_(input.type),
      description: text_(input.description),
      defaultText:
        input.default === undefined
          ? ''
          : defaultText(input.default, doc.getIn(['inputs', name, 'default'], true), text),
    };
  });
  return {
    ok: true,
    name: text_(data.name),
    description: text_(data.description),
    steps,
    inputs,
  };
}

/** Every step a step waits for: its `needs` and the implicit ones. */
export function upstreamOf(step: StepView): string[] {
  return [...new Set([...step.needs, ...step.implicit])];
}

/** Whether `from` already (transitively) waits for `to`; adding "to needs from" would then make a loop. */
export function waitsFor(steps: StepView[], from: string, to: string): boolean {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const step = byId.get(id);
    if (step) stack.push(...upstreamOf(step));
  }
  return false;
}

/** The first id `base`, `base-2`, `base-3`, … that no step has. */
export function uniqueStepId(steps: StepView[], base = 'step'): string {
  const taken = new Set(steps.map((step) => step.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** A default as the person wrote it when it is a flow list or mapping (`[a, b]`), else as JSON. */
function defaultText(value: unknown, node: unknown, text: string): string {
  if (typeof value === 'string') return value;
  if ((isSeq(node) || isMap(node)) && node.flow && node.range) return text.slice(node.range[0], node.range[1]).trim();
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text_(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((each): each is string => typeof each === 'string') : [];
}
