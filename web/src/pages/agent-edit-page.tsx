import { useEffect, useMemo, useRef, useState } from 'react';
import type { WorkspaceResponse } from '../../../src/server/api-types.ts';
import type { Issue } from '../../../src/spec/issue.ts';
import { ApiClientError, api, errorText } from '../api.ts';
import { ErrorNote, Link, Loading, PageHeader } from '../components/ui.tsx';
import { navigate } from '../router.ts';
import { useData } from '../use-data.ts';
import { AgentCheckPanel } from './agent-check-panel.tsx';
import { FieldIssues } from './agent-field-issues.tsx';
import { type AgentForm, readAgentForm, writeAgentForm } from './agent-form.ts';
import { ToolChoices } from './agent-tool-choices.tsx';
import './agents-page.css';

const namePattern = /^[a-z][a-z0-9-]*$/;
const otherModel = '__other__';

/** Creates an agent (no `name`) or edits one: a form over the agent's YAML, checked as you type. */
export function AgentEditPage(props: { name?: string }) {
  const editing = props.name;
  const { data, error } = useData(
    () =>
      Promise.all([api.workspace(), editing ? api.getAgent(editing) : Promise.resolve(null)]).then(
        ([workspace, agent]) => ({ workspace, agent }),
      ),
    editing ?? '(new)',
  );
  if (error) {
    return (
      <>
        <PageHeader title={editing ?? 'New agent'} />
        <ErrorNote title="Could not load the agent">{error}</ErrorNote>
        <Link to="/agents">Back to agents</Link>
      </>
    );
  }
  if (!data) return <Loading what="the agent" />;
  return (
    <AgentEditor
      key={editing ?? '(new)'}
      workspace={data.workspace}
      name={editing}
      original={data.agent?.yaml ?? ''}
      file={data.agent?.file}
    />
  );
}

function AgentEditor(props: {
  workspace: WorkspaceResponse;
  name: string | undefined;
  original: string;
  file?: string;
}) {
  const { workspace } = props;
  const isNew = props.name === undefined;
  const [original, setOriginal] = useState(props.original);
  const parsed = useMemo(() => readAgentForm(original), [original]);
  const [form, setForm] = useState<AgentForm>(parsed.form);
  const [name, setName] = useState(props.name ?? '');
  const [issues, setIssues] = useState<Issue[]>([]);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [customModel, setCustomModel] = useState(() => !modelChoices(workspace).includes(parsed.form.model));
  const yaml = useMemo(() => writeAgentForm(original, form, parsed.form), [original, form, parsed]);
  const changed = yaml !== original || isNew;
  const file = props.file ?? `agents/${name || '<name>'}.yaml`;

  const nameProblem = !isNew
    ? undefined
    : name === ''
      ? undefined
      : !namePattern.test(name)
        ? 'Use lowercase letters, digits and dashes, starting with a letter (e.g. "social-writer").'
        : workspace.agents.includes(name)
          ? `An agent named "${name}" already exists.`
          : undefined;

  // Checked as you type: the same check the CLI runs, ~300 ms after the last change. A new agent
  // without a usable name yet is checked as agents/new-agent.yaml.
  const checkName = isNew ? (nameProblem || name === '' ? 'new-agent' : name) : props.name!;
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    // A new agent with nothing filled in yet has nothing to check: no "empty file" before the first key.
    if (isNew && yaml.trim() === '') {
      setIssues([]);
      setChecking(false);
      return;
    }
    setChecking(true);
    const timer = setTimeout(() => {
      api
        .check({ kind: 'agent', name: checkName, yaml })
        .then((result) => {
          if (ticket !== latest.current) return;
          setIssues(result.issues);
          setCheckError(undefined);
        })
        .catch((caught: unknown) => {
          if (ticket === latest.current) setCheckError(errorText(caught));
        })
        .finally(() => {
          if (ticket === latest.current) setChecking(false);
        });
    }, 300);
    return () => clearTimeout(timer);
  }, [yaml, isNew, checkName]);

  const checkedFile = isNew ? `agents/${checkName}.yaml` : props.file;
  const mine = issues.filter((issue) => issue.file === checkedFile);
  const fieldIssues = (field: string) =>
    mine.filter(
      (issue) => issue.path === field || issue.path.startsWith(`${field}.`) || issue.path.startsWith(`${field}[`),
    );
  const otherIssues = mine.filter(
    (issue) => !['role', 'instructions', 'model', 'tools'].some((f) => fieldIssues(f).includes(issue)),
  );

  function update(change: Partial<AgentForm>) {
    setForm((current) => ({ ...current, ...change }));
    setSaved(undefined);
    setSaveError(undefined);
  }

  async function save() {
    if (isNew && (name === '' || nameProblem)) {
      setSaveError(nameProblem ?? 'Give the agent a name first.');
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      const result = await api.putAgent(isNew ? name : props.name!, yaml);
      setOriginal(result.yaml);
      setForm(readAgentForm(result.yaml).form);
      setSaved(`Saved to ${result.file}.`);
      if (isNew) navigate(`/agents/${encodeURIComponent(name)}`, { replace: true });
    } catch (caught) {
      setSaveError(errorText(caught));
      if (caught instanceof ApiClientError && caught.issues) setIssues(caught.issues);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    setSaveError(undefined);
    try {
      await api.deleteAgent(props.name!);
      navigate('/agents');
    } catch (caught) {
      setConfirmDelete(false);
      const users =
        caught instanceof ApiClientError && caught.issues
          ? [...new Set(caught.issues.map((issue) => issue.file))].filter((each) => each !== props.file)
          : [];
      setSaveError(
        users.length
          ? `"${props.name}" can't be deleted while ${users.join(', ')} ${users.length === 1 ? 'uses' : 'use'} it. Change ${users.length === 1 ? 'that playbook' : 'those playbooks'} first.`
          : errorText(caught),
      );
    }
  }

  const models = modelChoices(workspace);

  return (
    <>
      <PageHeader
        title={isNew ? 'New agent' : props.name}
        subtitle={
          <>
            <Link to="/agents">Agents</Link> / {isNew ? 'new' : <span className="mono">{props.file}</span>}
          </>
        }
      />
      {parsed.error ? (
        <ErrorNote title="This file is not readable YAML">
          {parsed.error}. Fix it in your editor; the form shows what could be read.
        </ErrorNote>
      ) : null}
      <div className="ag-layout">
        <form
          className="card ag-form"
          aria-label="Agent"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {isNew ? (
            <label className="field">
              <span>Name</span>
              <input
                type="text"
                value={name}
                autoComplete="off"
                aria-invalid={nameProblem ? true : undefined}
                aria-describedby="ag-name-help"
                onChange={(event) => {
                  setName(event.target.value.trim());
                  setSaveError(undefined);
                }}
                placeholder="social-writer"
              />
              <small className="field-help" id="ag-name-help">
                Playbooks use this name. It becomes the file agents/&lt;name&gt;.yaml.
              </small>
              {nameProblem ? <p className="field-error">{nameProblem}</p> : null}
            </label>
          ) : null}
          <label className="field">
            <span>Role</span>
            <input
              type="text"
              value={form.role}
              aria-invalid={fieldIssues('role').length ? true : undefined}
              onChange={(event) => update({ role: event.target.value })}
              placeholder="Senior content writer for B2B launches"
            />
            <small className="field-help">Who the agent is, in one line.</small>
            <FieldIssues issues={fieldIssues('role')} />
          </label>
          <label className="field">
            <span>Instructions</span>
            <textarea
              value={form.instructions}
              aria-invalid={fieldIssues('instructions').length ? true : undefined}
              onChange={(event) => update({ instructions: event.target.value })}
              placeholder="How the agent works: what it reads, what it produces, what it must never do."
            />
            <FieldIssues issues={fieldIssues('instructions')} />
          </label>
          <div className="field">
            <label className="field-label" htmlFor="ag-model">
              Model
            </label>
            <select
              id="ag-model"
              value={customModel ? otherModel : form.model}
              aria-invalid={fieldIssues('model').length && !customModel ? true : undefined}
              onChange={(event) => {
                if (event.target.value === otherModel) {
                  setCustomModel(true);
                  return;
                }
                setCustomModel(false);
                update({ model: event.target.value });
              }}
            >
              <option value="">Workspace default ({workspace.config?.model ?? 'set in brigade.yaml'})</option>
              {models
                .filter((model) => model !== '')
                .map((model) => (
                  <option key={model} value={model}>
                    {model}
                    {keyNote(workspace, model)}
                  </option>
                ))}
              <option value={otherModel}>Other model…</option>
            </select>
            {customModel ? (
              <label className="field">
                <small className="field-help">Model as provider:model, e.g. anthropic:claude-sonnet-4-5</small>
                <input
                  type="text"
                  aria-label="Other model"
                  value={form.model}
                  aria-invalid={fieldIssues('model').length ? true : undefined}
                  onChange={(event) => update({ model: event.target.value.trim() })}
                  placeholder="provider:model"
                />
              </label>
            ) : null}
            <FieldIssues issues={fieldIssues('model')} />
          </div>
          <ToolChoices
            tools={workspace.tools}
            chosen={form.tools}
            onChange={(tools) => update({ tools })}
            issues={fieldIssues('tools')}
          />
          {saveError ? <ErrorNote title="Not saved">{saveError}</ErrorNote> : null}
          {saved ? (
            <p className="notice" role="status">
              {saved}
            </p>
          ) : null}
          {confirmDelete ? (
            <div className="ag-confirm" role="alertdialog" aria-label="Delete agent">
              <p>
                Delete <strong>{props.name}</strong>? This removes {props.file}. Playbooks that use it must be changed
                first.
              </p>
              <div className="row">
                <button type="button" className="button danger" onClick={() => void remove()}>
                  Delete for good
                </button>
                <button type="button" className="button ghost" onClick={() => setConfirmDelete(false)}>
                  Keep it
                </button>
              </div>
            </div>
          ) : null}
          <div className="ag-footer">
            <div className="row">
              <button type="submit" className="button primary" disabled={saving}>
                {saving ? 'Saving…' : isNew ? 'Create agent' : 'Save'}
              </button>
              <Link to="/agents" className="button ghost">
                Cancel
              </Link>
            </div>
            {!isNew && !confirmDelete ? (
              <button type="button" className="button danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            ) : null}
          </div>
        </form>
        <aside className="stack ag-side">
          <AgentCheckPanel checking={checking} error={checkError} issues={mine} hiddenFields={otherIssues.length > 0} />
          <section className="card">
            <details className="ag-preview">
              <summary>YAML to be written ({file})</summary>
              <pre data-testid="agent-yaml">{yaml}</pre>
            </details>
            <p className="field-help">
              {changed ? 'Comments and fields the form does not show are kept.' : 'No changes yet.'}
            </p>
          </section>
        </aside>
      </div>
    </>
  );
}

/** Models to pick from: the workspace default, those configured in brigade.yaml, and the simulator. */
function modelChoices(workspace: WorkspaceResponse): string[] {
  const models = new Set<string>(['']);
  if (workspace.config) {
    models.add(workspace.config.model);
    for (const model of Object.keys(workspace.config.models)) models.add(model);
  }
  models.add('simulator:default');
  return [...models];
}

function keyNote(workspace: WorkspaceResponse, model: string): string {
  const provider = workspace.providers.find((each) => each.name === model.slice(0, model.indexOf(':')));
  return provider && !provider.keySet ? ' (no key: simulated)' : '';
}
