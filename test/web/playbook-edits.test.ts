// The editor's YAML edits (web/src/playbook): each keeps the rest of the file as written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { editYamlText } from '../../web/src/playbook/edit-yaml-text.ts';
import {
  addInput,
  addNeed,
  addStep,
  deleteStep,
  removeNeed,
  renameStep,
  setInputField,
  setStepField,
  setStepKind,
} from '../../web/src/playbook/playbook-edits.ts';
import { readPlaybook, uniqueStepId, waitsFor } from '../../web/src/playbook/read-playbook.ts';

const folder = resolve(import.meta.dirname, '..', '..', 'src', 'workspace', 'scaffold', 'files', 'playbooks');
const scaffold = (name: string) => readFileSync(join(folder, `${name}.yaml`), 'utf8');
const names = ['content-launch', 'lead-triage', 'campaign-plan'];

/** The lines of `after` that are not in `before` (as a multiset), to see what an edit touched. */
function addedLines(before: string, after: string): string[] {
  const left = before.split('\n');
  return after.split('\n').filter((line) => {
    const at = left.indexOf(line);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

describe('playbook YAML edits', () => {
  it('an edit that changes nothing gives back the same text, for every scaffold playbook', () => {
    for (const name of names)
      assert.equal(
        editYamlText(scaffold(name), () => {}),
        scaffold(name),
        name,
      );
  });

  it('reads content-launch: steps, needs, implicit links, markers, inputs', () => {
    const view = readPlaybook(scaffold('content-launch'));
    assert.ok(view.ok);
    assert.deepEqual(
      view.steps.map((step) => step.id),
      ['trends', 'competitors', 'angle', 'draft', 'check', 'versions', 'review', 'launch-kit'],
    );
    const byId = Object.fromEntries(view.steps.map((step) => [step.id, step]));
    assert.deepEqual(byId.draft!.needs, ['trends', 'competitors', 'angle']);
    assert.deepEqual(byId['launch-kit']!.implicit, ['draft', 'check', 'review']);
    assert.equal(byId.versions!.forEach, '{{ inputs.segments }}');
    assert.equal(byId.review!.kind, 'approval');
    assert.equal(byId.check!.onError, 'escalate');
    assert.equal(byId.draft!.line, 38);
    assert.deepEqual(
      view.inputs.map((input) => [input.name, input.type]),
      [
        ['topic', 'string'],
        ['segments', 'array'],
      ],
    );
    assert.equal(view.inputs[1]!.defaultText, '[founders, marketers, agencies]');
    const triage = readPlaybook(scaffold('lead-triage'));
    assert.ok(triage.ok);
    assert.deepEqual(triage.steps.find((step) => step.id === 'demo_invite')!.implicit, ['path']);
  });

  it('adds and removes a need in the file’s own flow style, touching one line', () => {
    const text = scaffold('content-launch');
    const added = addNeed(text, 'check', 'angle');
    assert.deepEqual(addedLines(text, added), ['    needs: [draft, angle]']);
    assert.equal(removeNeed(added, 'check', 'angle'), text);
    const fresh = addNeed(text, 'angle', 'trends');
    assert.deepEqual(addedLines(text, fresh), ['    needs: [trends]']);
    assert.deepEqual(parse(fresh).steps.angle.needs, ['trends']);
    assert.equal(removeNeed(fresh, 'angle', 'trends'), text, 'an emptied needs goes away');
  });

  it('adds a step in the scaffold’s style, keeping every original line and comment', () => {
    const text = scaffold('content-launch');
    const after = addStep(text, {
      id: 'summary',
      kind: 'agent',
      kindValue: 'editor',
      task: 'Sum up the kit\nin three lines.',
      needs: ['launch-kit'],
    });
    const at = after.indexOf('\n  summary:');
    assert.equal(after.slice(0, at), text.slice(0, at), 'everything before the new step is as it was');
    assert.equal(
      after.slice(at, after.indexOf('\noutput:')),
      '\n  summary:\n    agent: editor\n    needs: [launch-kit]\n    task: |\n      Sum up the kit\n      in three lines.\n',
    );
    assert.equal(after.split('\n').length - text.split('\n').length, 7);
    assert.deepEqual(parse(after).steps.summary, {
      agent: 'editor',
      needs: ['launch-kit'],
      task: 'Sum up the kit\nin three lines.\n',
    });
  });

  it('renames a step everywhere it is named, and deletes one from every list', () => {
    const text = scaffold('content-launch');
    const renamed = renameStep(text, 'draft', 'post');
    const data = parse(renamed);
    assert.ok(data.steps.post && !data.steps.draft);
    assert.deepEqual(data.steps.check.needs, ['post']);
    assert.deepEqual(data.steps['launch-kit'].from, ['post', 'check', 'review']);
    assert.match(data.steps.check.task, /\{\{ steps\.post\.output \}\}/);
    assert.ok(renamed.includes('# draft waits for all three'), 'comments stay');
    const deleted = parse(deleteStep(text, 'check'));
    assert.equal(deleted.steps.check, undefined);
    assert.deepEqual(deleted.steps.versions.needs, ['draft']);
    assert.deepEqual(deleted.steps['launch-kit'].from, ['draft', 'review']);
  });

  it('sets fields and inputs; removing a field removes its line', () => {
    const text = scaffold('content-launch');
    const withWhen = setStepField(text, 'check', 'when', '{{ inputs.topic }}');
    assert.equal(parse(withWhen).steps.check.when, '{{ inputs.topic }}');
    assert.equal(setStepField(withWhen, 'check', 'when', ''), text);
    const task = setStepField(text, 'trends', 'task', 'Line one\nline two');
    assert.equal(parse(task).steps.trends.task, 'Line one\nline two\n');
    const inputs = setInputField(addInput(text, 'tone'), 'tone', 'default', 'friendly');
    assert.deepEqual(parse(inputs).inputs.tone, { type: 'string', default: 'friendly' });
    const list = setInputField(text, 'segments', 'default', '[a, b]');
    assert.deepEqual(parse(list).inputs.segments.default, ['a', 'b']);
  });

  it('knows what waits for what, and finds a free step id', () => {
    const view = readPlaybook(scaffold('content-launch'));
    assert.ok(view.ok);
    assert.equal(waitsFor(view.steps, 'review', 'trends'), true);
    assert.equal(waitsFor(view.steps, 'trends', 'review'), false);
    assert.equal(uniqueStepId(view.steps, 'draft'), 'draft-2');
    assert.equal(uniqueStepId(view.steps, 'step'), 'step');
  });

  it('reports a text that is not YAML with its line', () => {
    const view = readPlaybook('name: x\nsteps:\n  a: [\n');
    assert.equal(view.ok, false);
  });
  it('a kind change keeps no field the new kind does not take: the task goes to a plan’s goal, and away for an approval', () => {
    const text = 'name: p\nsteps:\n  a:\n    agent: writer\n    task: Write it\n    timeout: 2m\n';
    const asPlan = parse(setStepKind(text, 'a', 'plan')) as { steps: { a: Record<string, unknown> } };
    assert.deepEqual(asPlan.steps.a, { plan: 'writer', goal: 'Write it', timeout: '2m' });
    const asApproval = parse(setStepKind(text, 'a', 'approval')) as { steps: { a: Record<string, unknown> } };
    assert.deepEqual(asApproval.steps.a, { approval: 'writer', timeout: '2m' });
    const asRoute = parse(setStepKind(text, 'a', 'route')) as { steps: { a: Record<string, unknown> } };
    assert.deepEqual(asRoute.steps.a, { route: 'writer', task: 'Write it', timeout: '2m' });
  });
});
