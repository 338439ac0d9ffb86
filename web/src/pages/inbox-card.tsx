// One decision in the inbox: what is asked, where it comes from, what to decide on, and the
// buttons that answer it (with an editor when the content may be changed or an output is provided).
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { DecideBody, InboxItem } from '../../../src/server/api-types.ts';
import type { Json } from '../../../src/spec/json.ts';
import { Link } from '../components/ui.tsx';
import { InboxContent } from './inbox-content.tsx';

/** Which panel of a card is open: editing the content (or the output to provide), or rejecting. */
export type InboxPanel = 'edit' | 'reject' | undefined;

const kindLabels: Record<InboxItem['kind'], { label: string; tone: string }> = {
  step: { label: 'Approval', tone: 'blue' },
  tool: { label: 'Tool call', tone: 'amber' },
  escalation: { label: 'Needs help', tone: 'red' },
  plan: { label: 'Plan', tone: 'blue' },
};

/** What is asked, in plain words. */
export function headlineOf(item: InboxItem): string {
  if (item.kind === 'escalation') return `Step “${item.step}” failed and needs your help`;
  if (item.kind === 'plan' && item.message.startsWith('Approve the plan')) {
    return `Approve the plan of “${item.unit}” before it runs`;
  }
  return item.message;
}

/** How long a decision has waited, in words. */
export function formatWaited(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'waiting less than a minute';
  if (minutes < 60) return `waiting ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `waiting ${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return `waiting ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** One inbox item as a card; deciding goes through `onDecide`, which resolves to an error message or nothing. */
export function InboxCard(props: {
  item: InboxItem;
  now: number;
  selected: boolean;
  active: boolean;
  panel: InboxPanel;
  comment: string;
  busy: boolean;
  cardRef: (element: HTMLElement | null) => void;
  onActivate: () => void;
  onToggle: () => void;
  onComment: (comment: string) => void;
  onPanel: (panel: InboxPanel) => void;
  onDecide: (body: DecideBody) => Promise<string | undefined>;
}) {
  const { item } = props;
  const [error, setError] = useState<string>();
  const offers = (option: InboxItem['options'][number]) => item.options.includes(option);
  const kind = kindLabels[item.kind];
  const headline = headlineOf(item);
  const commentId = `ib-comment-${item.runId}-${item.id}`;

  async function decide(body: DecideBody) {
    setError(undefined);
    const comment = props.comment.trim();
    const problem = await props.onDecide({ ...body, ...(comment ? { comment } : {}) });
    if (problem) setError(problem);
  }

  const commentField = (
    <label className="field ib-comment" htmlFor={commentId}>
      <span className="field-label">
        Comment <span className="field-help">(optional, kept with the decision)</span>
      </span>
      <input
        id={commentId}
        type="text"
        value={props.comment}
        onChange={(event) => props.onComment(event.target.value)}
      />
    </label>
  );

  return (
    <article
      ref={props.cardRef}
      className={`card ib-card${props.active ? ' ib-active' : ''}${props.selected ? ' ib-selected' : ''}`}
      data-testid={`inbox-item-${item.runId}-${item.id}`}
      tabIndex={-1}
      aria-label={headline}
      onFocus={props.onActivate}
    >
      <div className="ib-head">
        <input
          type="checkbox"
          className="ib-check"
          checked={props.selected}
          onChange={props.onToggle}
          aria-label={`Select: ${headline} (${item.playbook}, run ${item.runId})`}
        />
        <div className="ib-title">
          <div className="row">
            <span className={`badge badge-${kind.tone}`}>{kind.label}</span>
            <h3>{headline}</h3>
          </div>
          <p className="ib-meta muted">
            <Link to={`/runs/${item.runId}`}>{item.playbook}</Link>
            <span aria-hidden="true"> · </span>
            <span>
              step <code>{item.unit}</code>
            </span>
            <span aria-hidden="true"> · </span>
            <span>{formatWaited(Math.max(0, props.now - item.requestedAt))}</span>
          </p>
        </div>
      </div>

      {item.kind === 'plan' && !item.message.startsWith('Approve the plan') ? (
        <p className="ib-warning">{item.message}</p>
      ) : null}

      {props.panel === 'edit' ? (
        <ContentEditor
          item={item}
          busy={props.busy}
          commentField={commentField}
          onCancel={() => props.onPanel(undefined)}
          onSubmit={(content) =>
            decide(item.kind === 'escalation' ? { decision: 'provide', content } : { decision: 'approve', content })
          }
        />
      ) : (
        <InboxContent item={item} />
      )}

      {props.panel === 'reject' ? (
        <div className="ib-panel">
          <label className="field">
            <span>Why reject it?</span>
            <textarea
              // biome-ignore lint/a11y/noAutofocus: the person asked to reject this item; the reason comes next
              autoFocus
              rows={2}
              value={props.comment}
              onChange={(event) => props.onComment(event.target.value)}
              placeholder="The reason goes into the run’s log"
            />
          </label>
          <div className="row">
            <button
              type="button"
              className="button danger"
              disabled={props.busy}
              onClick={() => void decide({ decision: 'reject' })}
            >
              Reject
            </button>
            <button type="button" className="button ghost" onClick={() => props.onPanel(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          {props.panel === 'edit' ? null : commentField}
          {props.panel === 'edit' ? null : (
            <div className="row ib-actions">
              {offers('approve') ? (
                <button
                  type="button"
                  className="button success"
                  disabled={props.busy}
                  onClick={() => void decide({ decision: 'approve' })}
                >
                  Approve
                </button>
              ) : null}
              {offers('edit') ? (
                <button type="button" className="button" onClick={() => props.onPanel('edit')}>
                  {item.kind === 'plan' ? 'Edit tasks' : 'Edit'}
                </button>
              ) : null}
              {offers('provide') ? (
                <button type="button" className="button primary" onClick={() => props.onPanel('edit')}>
                  Provide output
                </button>
              ) : null}
              {offers('retry') ? (
                <button
                  type="button"
                  className="button"
                  disabled={props.busy}
                  onClick={() => void decide({ decision: 'retry' })}
                >
                  Retry
                </button>
              ) : null}
              {offers('skip') ? (
                <button
                  type="button"
                  className="button"
                  disabled={props.busy}
                  onClick={() => void decide({ decision: 'skip' })}
                >
                  Skip
                </button>
              ) : null}
              {offers('reject') ? (
                <button type="button" className="button danger" onClick={() => props.onPanel('reject')}>
                  Reject
                </button>
              ) : null}
            </div>
          )}
        </>
      )}
      {error ? (
        <p className="field-error ib-decide-error" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}

/**
 * The content to approve with changes, or the output to provide: text stays text, anything
 * structured is edited as JSON. The run checks it again; its refusal is shown here.
 */
function ContentEditor(props: {
  item: InboxItem;
  busy: boolean;
  commentField: ReactNode;
  onCancel: () => void;
  onSubmit: (content: Json) => Promise<void>;
}) {
  const { item } = props;
  const providing = item.kind === 'escalation';
  const asJson = providing ? item.outputSchema !== undefined : typeof item.content !== 'string';
  const [text, setText] = useState(() => initialText(item, asJson));
  const [problem, setProblem] = useState<string>();
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
  const id = `ib-editor-${item.runId}-${item.id}`;
  const label = providing
    ? `The output of ${item.unit}${asJson ? ' (JSON)' : ''}`
    : item.kind === 'plan'
      ? 'The plan’s tasks (JSON)'
      : `Edited content${asJson ? ' (JSON)' : ''}`;

  async function submit() {
    let content: Json = text;
    if (asJson) {
      try {
        content = JSON.parse(text) as Json;
      } catch (error) {
        setProblem(`This is not valid JSON: ${(error as Error).message}`);
        return;
      }
    }
    setProblem(undefined);
    await props.onSubmit(content);
  }

  return (
    <div className="ib-panel">
      <label className="field" htmlFor={id}>
        <span>{label}</span>
        {item.kind === 'plan' ? (
          <span className="field-help">
            Add, drop or reassign tasks. Each task has an id, an agent, instructions and the ids it depends on.
          </span>
        ) : null}
        {providing && item.outputSchema !== undefined ? (
          <span className="field-help">It must match the step’s output schema; the run checks it.</span>
        ) : null}
      </label>
      <textarea
        id={id}
        ref={area}
        className={asJson ? 'code ib-editor' : 'ib-editor'}
        rows={asJson ? 14 : 10}
        value={text}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(undefined);
        }}
        spellCheck={!asJson}
      />
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {props.commentField}
      <div className="row">
        <button type="button" className="button primary" disabled={props.busy} onClick={() => void submit()}>
          {providing ? 'Provide this output' : 'Approve with edits'}
        </button>
        <button type="button" className="button ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function initialText(item: InboxItem, asJson: boolean): string {
  if (item.kind === 'escalation') {
    return asJson ? JSON.stringify(skeletonOf(item.outputSchema ?? null), null, 2) : '';
  }
  if (typeof item.content === 'string') return item.content;
  return JSON.stringify(item.content ?? null, null, 2);
}

/** An empty value of a schema's shape, to start an output by hand from. */
function skeletonOf(schema: Json): Json {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return null;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) {
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    return Object.fromEntries(Object.entries(properties).map(([key, each]) => [key, skeletonOf(each)]));
  }
  if (type === 'array') return [];
  if (type === 'string') return '';
  if (type === 'number' || type === 'integer') return 0;
  if (type === 'boolean') return false;
  return null;
}
