// A playbook's editor: the steps as a graph, a side panel for the selected step or the playbook, and
// the YAML file itself. The text is the one truth: every change is an edit of it, and the graph is
// read back from it, so the file keeps its comments and layout.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Issue } from '../../../src/spec/issue.ts';
import { ApiClientError, api, errorText } from '../api.ts';
import { ErrorNote, Link, Loading, PageHeader } from '../components/ui.tsx';
import { IssueList, stepOfIssue } from '../playbook/issue-list.tsx';
import {
  addInput,
  addNeed,
  addStep,
  deleteInput,
  deleteStep,
  removeNeed,
  renameStep,
  setInputField,
  setPlaybookField,
  setStepField,
  setStepKind,
} from '../playbook/playbook-edits.ts';
import { PlaybookPanel } from '../playbook/playbook-panel.tsx';
import { type PlaybookView, readPlaybook, uniqueStepId, waitsFor } from '../playbook/read-playbook.ts';
import { needEdgeId, StepGraph } from '../playbook/step-graph.tsx';
import { StepPanel } from '../playbook/step-panel.tsx';
import { YamlPane } from '../playbook/yaml-pane.tsx';
import { navigate } from '../router.ts';
import { useData } from '../use-data.ts';
import './playbooks-page.css';

export function PlaybookEditPage(props: { name?: string }) {
  const isNew = props.name === undefined;
  const playbook = useData(() => (props.name ? api.getPlaybook(props.name) : Promise.resolve(null)), props.name ?? '');
  const agents = useData(() => api.listAgents(), 'agents');
  const agentNames = agents.data?.map((agent) => agent.name) ?? [];
  if (playbook.error) {
    return (
      <>
        <PageHeader title={props.name ?? 'New playbook'} />
        <ErrorNote title="Could not open this playbook">{playbook.error}</ErrorNote>
        <p>
          <Link to="/playbooks">Back to playbooks</Link>
        </p>
      </>
    );
  }
  if (playbook.data === undefined || playbook.loading || (isNew && !agents.data && !agents.error)) {
    return <Loading what="playbook" />;
  }
  const original = playbook.data?.yaml ?? newPlaybookText(agentNames[0] ?? 'writer');
  return (
    <PlaybookEditor
      // The file in the key: once the page's data is that file's (after a new playbook is saved, or
      // on going from one playbook to another), the editor starts over from it.
      key={`${props.name ?? '(new)'}|${playbook.data?.file ?? ''}`}
      name={props.name}
      file={playbook.data?.file}
      original={original}
      agents={agentNames}
    />
  );
}

/** The text a new playbook starts from, in the style of the scaffold's playbooks. */
function newPlaybookText(agent: string): string {
  return `# yaml-language-server: $schema=../schemas/playbook.schema.json
name: new-playbook
description: What this playbook does, in one sentence

steps:
  first:
    agent: ${agent}
    task: Describe what this step should do
`;
}

type Message = { tone: 'ok' | 'error'; text: string };

function PlaybookEditor(props: { name?: string; file?: string; original: string; agents: string[] }) {
  const isNew = props.name === undefined;
  const [saved, setSaved] = useState(props.original);
  const [text, setText] = useState(props.original);
  const textRef = useRef(text);
  const [selectedStep, setSelectedStep] = useState<string>();
  const [selectedEdge, setSelectedEdge] = useState<string>();
  const [tab, setTab] = useState<'step' | 'playbook'>('playbook');
  const [message, setMessage] = useState<Message>();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [saving, setSaving] = useState(false);

  const view = useMemo(() => readPlaybook(text), [text]);
  const lastGood = useRef<Extract<PlaybookView, { ok: true }>>(undefined);
  if (view.ok) lastGood.current = view;
  const shown = lastGood.current;
  const steps = shown?.steps ?? [];
  const playbookName = isNew ? (shown?.name ?? '') : props.name!;
  const file = props.file ?? `playbooks/${playbookName || 'new-playbook'}.yaml`;
  const dirty = text !== saved;
  const step = steps.find((each) => each.id === selectedStep);

  /** Applies one edit to the current text; an edit that cannot apply says why. */
  const apply = (edit: (current: string) => string, done?: string) => {
    try {
      const next = edit(textRef.current);
      textRef.current = next;
      setText(next);
      setMessage(done ? { tone: 'ok', text: done } : undefined);
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    }
  };

  const connect = (from: string, to: string) => {
    if (from === to) return;
    const target = steps.find((each) => each.id === to);
    if (!target || target.needs.includes(from)) return;
    if (waitsFor(steps, from, to)) {
      setMessage({
        tone: 'error',
        text: `Can’t make “${to}” wait for “${from}”: “${from}” already waits for “${to}”, so the steps would wait for each other forever.`,
      });
      return;
    }
    apply((current) => addNeed(current, to, from), `“${to}” now waits for “${from}”.`);
  };

  // Check as you type: the server checks the whole workspace with this text in place of the file.
  useEffect(() => {
    if (!view.ok) {
      setIssues([{ file, path: '', message: view.error, ...(view.line ? { line: view.line } : {}) }]);
      return;
    }
    const checkName = isNew ? view.name || 'new-playbook' : props.name!;
    let current = true;
    const timer = setTimeout(() => {
      api
        .check({ kind: 'playbook', name: checkName, yaml: text })
        .then((result) => {
          if (current) setIssues(result.issues.filter((issue) => issue.file === file));
        })
        .catch((error: unknown) => {
          if (current) setIssues([{ file, path: 'name', message: errorText(error) }]);
        });
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, view, file, isNew, props.name]);

  const save = async () => {
    const current = textRef.current;
    const target = isNew ? readPlaybook(current).ok && playbookName : props.name;
    if (!target) {
      setMessage({ tone: 'error', text: 'Give the playbook a name (on the Playbook tab) before saving.' });
      return;
    }
    setSaving(true);
    try {
      // Unchanged: the text as it was read goes back, so the file stays byte for byte the same.
      const result = await api.putPlaybook(target, current === saved ? saved : current);
      setSaved(current);
      setIssues([]);
      setMessage({ tone: 'ok', text: 'Saved.' });
      if (isNew) navigate(`/playbooks/${encodeURIComponent(result.name)}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiClientError && error.issues) setIssues(error.issues);
      setMessage({ tone: 'error', text: `Not saved: ${errorText(error)}` });
    } finally {
      setSaving(false);
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        // A field being typed in hands its value over on blur; save after that.
        (document.activeElement as HTMLElement | null)?.blur?.();
        setTimeout(() => void saveRef.current(), 0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const issueSteps = new Set(issues.map(stepOfIssue).filter((id): id is string => id !== undefined));
  const selectStep = (id: string | undefined) => {
    setSelectedStep(id);
    if (id) {
      setSelectedEdge(undefined);
      setTab('step');
    }
  };
  const edgeNeed = steps
    .flatMap((each) => each.needs.map((need) => ({ step: each.id, need })))
    .find((link) => needEdgeId(link.need, link.step) === selectedEdge);

  const addNewStep = () => {
    const id = uniqueStepId(steps, 'step');
    apply(
      (current) =>
        addStep(current, {
          id,
          kind: 'agent',
          kindValue: props.agents[0] ?? '',
          task: 'Describe what this step should do',
        }),
      `Added “${id}”. Choose its agent and task, then drag from another step’s right edge to it to set what it waits for.`,
    );
    selectStep(id);
  };

  return (
    <>
      <PageHeader
        title={isNew ? 'New playbook' : props.name}
        subtitle={shown?.description || 'Lay out the steps; each one waits for the steps linked into it.'}
        actions={
          <>
            {dirty ? (
              <span className="badge badge-amber" data-testid="unsaved">
                Unsaved changes
              </span>
            ) : (
              <span className="badge badge-gray">Saved</span>
            )}
            {isNew ? null : (
              <button
                type="button"
                className="button"
                disabled={dirty}
                title={dirty ? 'Save first' : undefined}
                onClick={() => navigate(`/playbooks/${encodeURIComponent(props.name!)}/run`)}
              >
                Run
              </button>
            )}
            <button type="button" className="button primary" onClick={() => void save()} disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </>
        }
      />

      {message ? (
        <div
          className={message.tone === 'error' ? 'error-note' : 'notice'}
          role={message.tone === 'error' ? 'alert' : 'status'}
          data-testid="editor-message"
        >
          {message.text}
        </div>
      ) : null}

      <IssueList issues={issues} steps={steps} onShowStep={selectStep} />

      <div className="pb-editor">
        <section className="card pb-graph-card" aria-label="Steps">
          <div className="pb-toolbar">
            <button type="button" className="button small" onClick={addNewStep}>
              + Add step
            </button>
            {edgeNeed ? (
              <button
                type="button"
                className="button small danger"
                onClick={() => {
                  apply(
                    (current) => removeNeed(current, edgeNeed.step, edgeNeed.need),
                    `“${edgeNeed.step}” no longer waits for “${edgeNeed.need}”.`,
                  );
                  setSelectedEdge(undefined);
                }}
              >
                Remove link {edgeNeed.need} → {edgeNeed.step}
              </button>
            ) : null}
            <span className="muted pb-toolbar-hint">
              Drag from a step’s right dot to another step to make it wait. Select a link and press Delete to remove it.
            </span>
          </div>
          {steps.length === 0 ? (
            <div className="pb-graph pb-graph-empty">
              <p className="muted">No steps yet. Add the first one.</p>
            </div>
          ) : (
            <StepGraph
              steps={steps}
              selectedStep={selectedStep}
              selectedEdge={selectedEdge}
              issueSteps={issueSteps}
              onSelectStep={selectStep}
              onSelectEdge={(id) => {
                setSelectedEdge(id);
                if (id) setSelectedStep(undefined);
              }}
              onConnect={connect}
              onRemoveNeed={(target, need) =>
                apply((current) => removeNeed(current, target, need), `“${target}” no longer waits for “${need}”.`)
              }
            />
          )}
        </section>

        <aside className="card pb-panel" aria-label="Details">
          <div className="pb-tabs" role="tablist" aria-label="Edit">
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'step'}
              className={`pb-tab${tab === 'step' ? ' pb-tab-active' : ''}`}
              onClick={() => setTab('step')}
            >
              Step{step ? `: ${step.id}` : ''}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'playbook'}
              className={`pb-tab${tab === 'playbook' ? ' pb-tab-active' : ''}`}
              onClick={() => setTab('playbook')}
            >
              Playbook
            </button>
          </div>
          {tab === 'step' && step ? (
            <StepPanel
              key={step.id}
              step={step}
              steps={steps}
              agents={props.agents}
              actions={{
                rename: (to) => {
                  apply((current) => renameStep(current, step.id, to), `Renamed “${step.id}” to “${to}”.`);
                  setSelectedStep(to);
                },
                setKind: (kind) =>
                  apply((current) => {
                    let next = setStepKind(current, step.id, kind);
                    if (kind === 'approval')
                      next = setStepField(next, step.id, 'approval', 'Approve this before the playbook goes on');
                    else if (step.kind === 'approval') next = setStepField(next, step.id, kind, props.agents[0] ?? '');
                    return next;
                  }),
                setField: (field, value) => apply((current) => setStepField(current, step.id, field, value)),
                toggleNeed: (need, on) =>
                  on
                    ? connect(need, step.id)
                    : apply(
                        (current) => removeNeed(current, step.id, need),
                        `“${step.id}” no longer waits for “${need}”.`,
                      ),
                remove: () => {
                  apply((current) => deleteStep(current, step.id), `Deleted “${step.id}”.`);
                  setSelectedStep(undefined);
                },
              }}
            />
          ) : null}
          {tab === 'step' && !step ? (
            <p className="muted pb-panel-empty">
              Select a step on the graph (click it, or Tab to it and press Enter) to edit it here.
            </p>
          ) : null}
          {tab === 'playbook' ? (
            <PlaybookPanel
              name={shown?.name ?? ''}
              description={shown?.description ?? ''}
              inputs={shown?.inputs ?? []}
              isNew={isNew}
              actions={{
                setField: (field, value) => apply((current) => setPlaybookField(current, field, value)),
                addInput: (input) => apply((current) => addInput(current, input)),
                removeInput: (input) => apply((current) => deleteInput(current, input)),
                setInput: (input, field, value) => apply((current) => setInputField(current, input, field, value)),
              }}
            />
          ) : null}
        </aside>

        <YamlPane
          text={text}
          file={file}
          problem={view.ok ? undefined : view}
          onChange={(next) => {
            textRef.current = next;
            setText(next);
          }}
        />
      </div>
    </>
  );
}
