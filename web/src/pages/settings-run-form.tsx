import { useState } from 'react';
import type { PutSettingsBody, SettingsResponse } from '../../../src/server/api-types.ts';
import { formatIssue, type Issue } from '../../../src/spec/issue.ts';
import { ApiClientError, api, errorText } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { FieldIssues } from './agent-field-issues.tsx';

type Row = { key: string; a: string; b: string; c: string };

/** brigade.yaml's concurrency, rate limits and default budget, saved through PUT /api/settings. */
export function RunSettingsForm(props: {
  settings: SettingsResponse;
  saved: boolean;
  onSaved: () => Promise<void>;
  onEdit: () => void;
}) {
  const { settings, saved } = props;
  const [concurrency, setConcurrency] = useState(settings.concurrency === null ? '' : String(settings.concurrency));
  const [models, setModels] = useState<Row[]>(
    Object.entries(settings.models).map(([key, value]) => ({ key, a: text(value.concurrency), b: '', c: '' })),
  );
  const [limits, setLimits] = useState<Row[]>(
    Object.entries(settings.limits).map(([key, value]) => ({
      key,
      a: text(value.requests_per_minute),
      b: text(value.tokens_per_minute),
      c: text(value.concurrency),
    })),
  );
  const [budget, setBudget] = useState({
    tokens: text(settings.budget?.tokens),
    cost_usd: text(settings.budget?.cost_usd),
    model_calls: text(settings.budget?.model_calls),
    time: settings.budget?.time ?? '',
  });
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  function body(): PutSettingsBody | string {
    const change: PutSettingsBody = { concurrency: concurrency.trim() === '' ? null : Number(concurrency) };
    const modelEntries: NonNullable<PutSettingsBody['models']> = {};
    for (const name of Object.keys(settings.models)) modelEntries[name] = { concurrency: null };
    for (const row of models) {
      if (!row.key.trim()) continue;
      modelEntries[row.key.trim()] = { concurrency: row.a.trim() === '' ? null : Number(row.a) };
    }
    change.models = modelEntries;
    const limitEntries: NonNullable<PutSettingsBody['limits']> = {};
    for (const name of Object.keys(settings.limits)) limitEntries[name] = null;
    for (const row of limits) {
      if (!row.key.trim()) continue;
      limitEntries[row.key.trim()] = {
        ...(row.a.trim() ? { requests_per_minute: Number(row.a) } : {}),
        ...(row.b.trim() ? { tokens_per_minute: Number(row.b) } : {}),
        ...(row.c.trim() ? { concurrency: Number(row.c) } : {}),
      };
    }
    change.limits = limitEntries;
    const budgetEntry = {
      ...(budget.tokens.trim() ? { tokens: Number(budget.tokens) } : {}),
      ...(budget.cost_usd.trim() ? { cost_usd: Number(budget.cost_usd) } : {}),
      ...(budget.model_calls.trim() ? { model_calls: Number(budget.model_calls) } : {}),
      ...(budget.time.trim() ? { time: budget.time.trim() } : {}),
    };
    change.budget = Object.keys(budgetEntry).length ? budgetEntry : null;
    const numbers = [change.concurrency, ...Object.values(budgetEntry).filter((v) => typeof v === 'number')];
    if (numbers.some((value) => typeof value === 'number' && Number.isNaN(value))) return 'Use plain numbers, e.g. 8.';
    return change;
  }

  async function save() {
    const change = body();
    props.onEdit();
    setIssues([]);
    setError(undefined);
    if (typeof change === 'string') {
      setError(change);
      return;
    }
    setSaving(true);
    try {
      await api.putSettings(change);
      await props.onSaved();
    } catch (caught) {
      setError(errorText(caught));
      if (caught instanceof ApiClientError && caught.issues)
        setIssues(caught.issues.filter((i) => i.file === 'brigade.yaml'));
    } finally {
      setSaving(false);
    }
  }

  const issueAt = (path: string) => issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`));

  return (
    <form
      className="stack"
      aria-label="Run settings"
      noValidate
      onChange={props.onEdit}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <section className="card" aria-labelledby="st-work">
        <div className="card-title">
          <h2 id="st-work">Work at once</h2>
        </div>
        <p className="muted st-intro">
          Saved in brigade.yaml (its comments are kept). Applies to runs started after you save; runs already going keep
          the settings they started with.
        </p>
        <label className="field st-narrow">
          <span>Agents working at once</span>
          <input
            type="number"
            min={1}
            value={concurrency}
            placeholder={String(settings.defaultConcurrency)}
            aria-invalid={issueAt('concurrency').length ? true : undefined}
            onChange={(event) => setConcurrency(event.target.value)}
          />
          <small className="field-help">
            Across every run of this workspace. Default {settings.defaultConcurrency}.
          </small>
          <FieldIssues quiet issues={issueAt('concurrency')} />
        </label>
        <h3 className="st-sub">Per model</h3>
        <RowTable
          rows={models}
          setRows={setModels}
          keyLabel="Model"
          keyPlaceholder="openai:gpt-5-mini"
          columns={['Agents at once']}
          addLabel="Add a model"
          empty="No per-model limit: only the number above applies."
        />
        <FieldIssues quiet issues={issueAt('models')} />
      </section>
      <section className="card" aria-labelledby="st-rates">
        <div className="card-title">
          <h2 id="st-rates">Rate limits</h2>
        </div>
        <p className="muted st-intro">
          How fast Brigade calls a provider (“openai”) or one model (“openai:gpt-5-mini”, which wins). Without a limit,
          Brigade learns it from the provider’s answers.
        </p>
        <RowTable
          rows={limits}
          setRows={setLimits}
          keyLabel="Provider or model"
          keyPlaceholder="openai"
          columns={['Requests per minute', 'Tokens per minute', 'Requests at once']}
          addLabel="Add a rate limit"
          empty="No rate limits set: Brigade paces itself by what providers answer."
        />
        <FieldIssues quiet issues={issueAt('limits')} />
      </section>
      <section className="card" aria-labelledby="st-budget">
        <div className="card-title">
          <h2 id="st-budget">Default budget of a run</h2>
        </div>
        <p className="muted st-intro">
          A run stops to ask you before it goes past any of these. Playbooks with a budget of their own use theirs.
          Leave empty for no limit.
        </p>
        <div className="st-budget">
          {(
            [
              ['tokens', 'Tokens', '200000'],
              ['cost_usd', 'Cost (USD)', '5'],
              ['model_calls', 'Model calls', '100'],
              ['time', 'Time', '30m'],
            ] as const
          ).map(([field, label, placeholder]) => (
            <label key={field} className="field">
              <span>{label}</span>
              <input
                type={field === 'time' ? 'text' : 'number'}
                step="any"
                value={budget[field]}
                placeholder={placeholder}
                aria-invalid={issueAt(`budget.${field}`).length ? true : undefined}
                onChange={(event) => setBudget({ ...budget, [field]: event.target.value })}
              />
              <FieldIssues quiet issues={issueAt(`budget.${field}`)} />
            </label>
          ))}
        </div>
      </section>
      {error ? (
        <ErrorNote title="Not saved">
          {error}
          {issues.length ? (
            <ul className="issues st-issues">
              {issues.map((issue) => (
                <li key={formatIssue(issue)}>{formatIssue(issue).split('\n')[0]}</li>
              ))}
            </ul>
          ) : null}
        </ErrorNote>
      ) : null}
      <div className="row st-save">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {saved ? (
          <span className="st-done" role="status">
            Saved to brigade.yaml. New runs use these settings.
          </span>
        ) : null}
      </div>
    </form>
  );
}

function RowTable(props: {
  rows: Row[];
  setRows: (rows: Row[]) => void;
  keyLabel: string;
  keyPlaceholder: string;
  columns: string[];
  addLabel: string;
  empty: string;
}) {
  const { rows, setRows } = props;
  const fields = ['a', 'b', 'c'] as const;
  const change = (index: number, field: keyof Row, value: string) =>
    setRows(rows.map((row, at) => (at === index ? { ...row, [field]: value } : row)));
  return (
    <div className="st-rows">
      {rows.length === 0 ? <p className="faint">{props.empty}</p> : null}
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until named
        <div className="st-row" key={index}>
          <label className="field">
            <span>{props.keyLabel}</span>
            <input
              type="text"
              value={row.key}
              placeholder={props.keyPlaceholder}
              onChange={(event) => change(index, 'key', event.target.value)}
            />
          </label>
          {props.columns.map((column, at) => (
            <label className="field" key={column}>
              <span>{column}</span>
              <input
                type="number"
                min={1}
                aria-label={`${column} for ${row.key || 'new row'}`}
                value={row[fields[at]!]}
                onChange={(event) => change(index, fields[at]!, event.target.value)}
              />
            </label>
          ))}
          <button
            type="button"
            className="button ghost small st-remove"
            aria-label={`Remove ${row.key || 'row'}`}
            onClick={() => setRows(rows.filter((_, at) => at !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button small"
        onClick={() => setRows([...rows, { key: '', a: '', b: '', c: '' }])}
      >
        {props.addLabel}
      </button>
    </div>
  );
}

function text(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}
