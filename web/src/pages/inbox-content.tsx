// What a person decides on, shown readably: text as text, structured output as labelled fields
// (with the raw JSON a click away), a tool call as the tool and its arguments, a failure as its error,
// a plan as its tasks.
import { type ReactNode, useState } from 'react';
import type { InboxItem } from '../../../src/server/api-types.ts';
import type { Json } from '../../../src/spec/json.ts';

/** The content of one inbox item, in the form that fits its kind. */
export function InboxContent(props: { item: InboxItem }) {
  const { item } = props;
  const content = item.content;
  if (item.kind === 'tool') {
    const call = (content ?? {}) as { tool?: string; input?: Json };
    return (
      <div className="ib-content">
        <p className="ib-line">
          <span className="ib-label">Tool</span> <code>{call.tool ?? '?'}</code>
        </p>
        <p className="ib-label">With these arguments</p>
        <Structured value={call.input ?? null} />
      </div>
    );
  }
  if (item.kind === 'escalation') {
    const error = ((content ?? {}) as { error?: { code?: string; message?: string } }).error;
    return (
      <div className="ib-content">
        <div className="ib-error">
          <span className="ib-label">What went wrong</span>
          <p>{error?.message ?? 'The step failed without a message.'}</p>
          {error?.code ? <p className="faint">code: {error.code}</p> : null}
        </div>
        <p className="muted ib-help">
          Provide its output by hand, try the step again, or skip it (the steps after it go on without it).
        </p>
      </div>
    );
  }
  if (item.kind === 'plan') {
    const plan = (content ?? {}) as { tasks?: PlanTaskShown[] };
    return (
      <div className="ib-content">
        <p className="ib-label">{plan.tasks?.length ?? 0} tasks</p>
        <ol className="ib-tasks">
          {(plan.tasks ?? []).map((task) => (
            <li key={task.id}>
              <div className="row">
                <code>{task.id}</code>
                <span className="tag">{task.agent}</span>
                {task.dependsOn?.length ? <span className="faint">after {task.dependsOn.join(', ')}</span> : null}
              </div>
              <p>{task.instructions}</p>
            </li>
          ))}
        </ol>
        <RawToggle value={content ?? null} />
      </div>
    );
  }
  if (content === undefined) {
    return <p className="muted ib-content">Nothing to review: approving lets the run go on.</p>;
  }
  if (typeof content === 'string') {
    return (
      <div className="ib-content">
        <div className="ib-text">{content}</div>
      </div>
    );
  }
  return (
    <div className="ib-content">
      <Structured value={content} />
    </div>
  );
}

interface PlanTaskShown {
  id: string;
  agent: string;
  instructions: string;
  dependsOn?: string[];
}

function Structured(props: { value: Json }) {
  return (
    <>
      <div className="ib-readable">
        <Readable value={props.value} />
      </div>
      <RawToggle value={props.value} />
    </>
  );
}

function RawToggle(props: { value: Json }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <button type="button" className="button ghost small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide raw JSON' : 'Show raw JSON'}
      </button>
      {open ? <pre className="ib-raw">{JSON.stringify(props.value, null, 2)}</pre> : null}
    </div>
  );
}

/** A JSON value as people read it: fields with their names in words, lists as lists. */
function Readable(props: { value: Json }): ReactNode {
  const { value } = props;
  if (value === null) return <span className="faint">—</span>;
  if (typeof value === 'string') return <span className="ib-text">{value}</span>;
  if (typeof value !== 'object') return <span>{String(value)}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="faint">none</span>;
    return (
      <ol className="ib-list">
        {value.map((each, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is shown as it is, never reordered
          <li key={index}>
            <Readable value={each} />
          </li>
        ))}
      </ol>
    );
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return <span className="faint">empty</span>;
  return (
    <dl className="ib-fields">
      {entries.map(([key, each]) => (
        <div key={key}>
          <dt>{words(key)}</dt>
          <dd>
            <Readable value={each ?? null} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** `launch_kit`, `launchKit` → `Launch kit`. */
function words(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  const word = spaced.charAt(0).toUpperCase() + spaced.slice(1);
  return word === 'Url' ? 'URL' : word;
}
