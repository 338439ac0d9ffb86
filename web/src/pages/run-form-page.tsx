// Starts a run of a playbook: a form made from the inputs the playbook declares (JSON Schemas), a
// "simulate" switch for a run with no model calls, and the run's page once it has started.
import { type FormEvent, type ReactNode, useState } from 'react';
import type { JsonSchema } from '../../../src/spec/json.ts';
import { ApiClientError, api, errorText } from '../api.ts';
import { ErrorNote, Link, Loading, PageHeader } from '../components/ui.tsx';
import { navigate } from '../router.ts';
import { useData } from '../use-data.ts';
import './playbooks-page.css';

type Values = Record<string, string | boolean>;

export function RunFormPage(props: { name: string }) {
  const playbook = useData(() => api.getPlaybook(props.name), props.name);
  const workspace = useData(() => api.workspace(), 'workspace');
  if (playbook.error) {
    return (
      <>
        <PageHeader title={`Run ${props.name}`} />
        <ErrorNote title="Could not open this playbook">{playbook.error}</ErrorNote>
      </>
    );
  }
  if (!playbook.data || (!workspace.data && !workspace.error)) return <Loading what="playbook" />;
  if (!playbook.data.inputs) {
    return (
      <>
        <PageHeader title={`Run ${props.name}`} />
        <ErrorNote title="This playbook can’t run yet">
          The workspace has problems to fix first.{' '}
          <Link to={`/playbooks/${encodeURIComponent(props.name)}`}>Open it in the editor</Link> to see them.
        </ErrorNote>
      </>
    );
  }
  const anyKey = workspace.data?.providers.some((provider) => provider.keySet) ?? false;
  return (
    <RunForm
      name={props.name}
      description={playbook.data.compiled?.description}
      inputs={playbook.data.inputs}
      simulateByDefault={!anyKey}
    />
  );
}

function RunForm(props: {
  name: string;
  description: string | undefined;
  inputs: Record<string, JsonSchema>;
  simulateByDefault: boolean;
}) {
  const entries = Object.entries(props.inputs);
  const [values, setValues] = useState<Values>(() =>
    Object.fromEntries(entries.map(([name, schema]) => [name, initialValue(schema)])),
  );
  const [dryRun, setDryRun] = useState(props.simulateByDefault);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string>();
  const [starting, setStarting] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const inputs: Record<string, unknown> = {};
    const found: Record<string, string> = {};
    for (const [name, schema] of entries) {
      const result = readValue(schema, values[name]!);
      if ('error' in result) found[name] = result.error;
      else if (result.value !== undefined) inputs[name] = result.value;
    }
    setErrors(found);
    setProblem(undefined);
    if (Object.keys(found).length) return;
    setStarting(true);
    try {
      const { runId } = await api.startRun({ playbook: props.name, inputs: inputs as never, dryRun });
      navigate(`/runs/${encodeURIComponent(runId)}`);
    } catch (error) {
      setStarting(false);
      if (error instanceof ApiClientError && error.issues?.length) {
        const atField: Record<string, string> = {};
        const rest: string[] = [];
        for (const issue of error.issues) {
          const text = issue.hint ? `${issue.message} (${issue.hint})` : issue.message;
          if (issue.path in props.inputs) atField[issue.path] = text;
          else rest.push(text);
        }
        setErrors(atField);
        setProblem(rest.length ? rest.join('; ') : `${error.message}: see the fields marked below.`);
      } else setProblem(errorText(error));
    }
  };

  return (
    <>
      <PageHeader
        title={`Run ${props.name}`}
        subtitle={props.description}
        actions={
          <Link to={`/playbooks/${encodeURIComponent(props.name)}`} className="button">
            Edit playbook
          </Link>
        }
      />
      <form className="card pb-run-form stack" onSubmit={(event) => void submit(event)} noValidate>
        {problem ? <ErrorNote title="The run did not start">{problem}</ErrorNote> : null}
        {entries.length === 0 ? (
          <p className="muted">This playbook asks for nothing: start it when you are ready.</p>
        ) : null}
        {entries.map(([name, schema]) => (
          <InputField
            key={name}
            name={name}
            schema={schema}
            value={values[name]!}
            error={errors[name]}
            onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
          />
        ))}
        <label className="checkbox pb-simulate">
          <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} />
          Simulate (no model calls, no cost)
        </label>
        <p className="field-help pb-simulate-help">
          {props.simulateByDefault
            ? 'No model provider key is set, so this run can only be simulated: agents answer with placeholder text.'
            : 'Try the playbook end to end with placeholder answers before spending on real model calls.'}
        </p>
        <div className="row">
          <button type="submit" className="button primary" disabled={starting}>
            {starting ? 'Starting…' : 'Start run'}
          </button>
          <Link to="/playbooks" className="button ghost">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}

function InputField(props: {
  name: string;
  schema: JsonSchema;
  value: string | boolean;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const { name, schema, value, error } = props;
  const id = `input-${name}`;
  const required = schema.default === undefined;
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  const type = schema.type;
  const extra = helpFor(schema);
  const help = description && extra ? `${description.replace(/[.!?]?$/, '.')} ${extra}` : description || extra;
  const described = error || help ? `${id}-help` : undefined;
  const common = {
    id,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
    'aria-required': required || undefined,
  };
  const label = (
    <label htmlFor={id} className="field-label">
      {name}
      {required ? (
        <span className="pb-required" title="required">
          {' '}
          * <span className="pb-visually-hidden">required</span>
        </span>
      ) : null}
    </label>
  );
  const footer = error ? (
    <p className="field-error" id={`${id}-help`}>
      {error}
    </p>
  ) : help ? (
    <p className="field-help pb-help" id={`${id}-help`}>
      {help}
    </p>
  ) : null;

  if (type === 'boolean') {
    return (
      <div className="field">
        <label className="checkbox">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(event) => props.onChange(event.target.checked)}
          />
          {name}
        </label>
        {footer}
      </div>
    );
  }
  let control: ReactNode;
  if (Array.isArray(schema.enum)) {
    control = (
      <select {...common} value={String(value)} onChange={(event) => props.onChange(event.target.value)}>
        {required && value === '' ? <option value="">Choose…</option> : null}
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if (type === 'number' || type === 'integer') {
    control = (
      <input
        {...common}
        type="number"
        step={type === 'integer' ? 1 : 'any'}
        value={String(value)}
        onChange={(event) => props.onChange(event.target.value)}
      />
    );
  } else if (type === 'array' || type === 'object' || String(value).includes('\n')) {
    control = (
      <textarea
        {...common}
        className={type === 'object' ? 'code' : undefined}
        rows={Math.min(8, Math.max(3, String(value).split('\n').length + 1))}
        value={String(value)}
        onChange={(event) => props.onChange(event.target.value)}
      />
    );
  } else {
    control = (
      <input {...common} type="text" value={String(value)} onChange={(event) => props.onChange(event.target.value)} />
    );
  }
  return (
    <div className="field">
      {label}
      {control}
      {footer}
    </div>
  );
}

function helpFor(schema: JsonSchema): string {
  const choices = (schema.items as JsonSchema | undefined)?.enum;
  if (schema.type === 'array' && Array.isArray(choices)) return `One per line, each one of: ${choices.join(', ')}.`;
  if (schema.type === 'array') return 'One per line.';
  if (schema.type === 'object') return 'JSON, e.g. { "key": "value" }.';
  return '';
}

function initialValue(schema: JsonSchema): string | boolean {
  const value = schema.default;
  if (schema.type === 'boolean') return value === true;
  if (value === undefined || value === null) return '';
  if (schema.type === 'array' && Array.isArray(value))
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');
  if (schema.type === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

/** The value to send for one field, undefined to leave it out (its default applies), or what is wrong. */
function readValue(schema: JsonSchema, raw: string | boolean): { value: unknown } | { error: string } {
  const required = schema.default === undefined;
  if (typeof raw === 'boolean') return { value: raw };
  const text = schema.type === 'string' ? raw : raw.trim();
  if (text === '') return required ? { error: 'Required: fill this in to start the run.' } : { value: undefined };
  switch (schema.type) {
    case 'number':
    case 'integer': {
      const number = Number(text);
      if (!Number.isFinite(number)) return { error: 'Enter a number.' };
      if (schema.type === 'integer' && !Number.isInteger(number)) return { error: 'Enter a whole number.' };
      return { value: number };
    }
    case 'array': {
      const itemType = (schema.items as JsonSchema | undefined)?.type;
      const items = text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      if (itemType === 'number' || itemType === 'integer') {
        const numbers = items.map(Number);
        if (numbers.some((number) => !Number.isFinite(number))) return { error: 'Every line must be a number.' };
        return { value: numbers };
      }
      return { value: items };
    }
    case 'object':
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: 'Not valid JSON, e.g. { "key": "value" }.' };
      }
    default:
      return { value: text };
  }
}
