// What one step's agents saw and did (GET /api/runs/:id/explain?step=): system prompt and task, the
// context they were given and how it was trimmed, every turn, tool call and result, the findings
// they read and shared, people's decisions, and the output. All of it comes from the run's log.
import { useEffect, useRef } from 'react';
import type { ExplainResponse } from '../../../../src/server/api-types.ts';
import type { ContextTrim } from '../../../../src/spec/run-event.ts';
import { api } from '../../api.ts';
import { ErrorNote, Loading, StatusBadge } from '../../components/ui.tsx';
import { useData } from '../../use-data.ts';
import { ShowJson } from './show-json.tsx';

type AttemptExplanation = ExplainResponse['units'][number]['attempts'][number];
type ExplainedEntry = AttemptExplanation['entries'][number];

function TrimNote(props: { trim: ContextTrim }) {
  const { trim } = props;
  const what = {
    'cut-outputs': 'Upstream outputs were shortened to fit',
    'drop-oldest-findings': 'The oldest findings were left out to fit',
    'elide-tool-results': 'Older tool results were left out to fit',
  }[trim.rule];
  return (
    <p className="run-trim">
      ✂ {what}: {trim.beforeTokens.toLocaleString()} → {trim.afterTokens.toLocaleString()} tokens (budget{' '}
      {trim.budgetTokens.toLocaleString()})
    </p>
  );
}

function Entry(props: { entry: ExplainedEntry }) {
  const { entry } = props;
  switch (entry.type) {
    case 'context':
      return (
        <details className="run-entry">
          <summary>
            {entry.source === 'steps'
              ? `Given the output of ${entry.steps?.join(', ') ?? 'earlier steps'}`
              : `Shown findings ${entry.findingIds?.join(', ') ?? ''}`}{' '}
            <span className="muted">(before turn {entry.turn + 1})</span>
          </summary>
          {entry.trim ? <TrimNote trim={entry.trim} /> : null}
          <pre className="run-json">{entry.text}</pre>
        </details>
      );
    case 'task':
      return (
        <div className="run-entry">
          <div className="run-entry-label">Next task (turn {entry.turn + 1})</div>
          <pre className="run-json">{entry.text}</pre>
        </div>
      );
    case 'model-turn':
      return (
        <div className="run-entry run-entry-turn">
          <div className="run-entry-label">
            Turn {entry.turn + 1} · {entry.usage.inputTokens.toLocaleString()} in /{' '}
            {entry.usage.outputTokens.toLocaleString()} out
          </div>
          {entry.conversationTrim ? <TrimNote trim={entry.conversationTrim} /> : null}
          {entry.text ? <div className="run-prose">{entry.text}</div> : null}
          {entry.object !== undefined ? <ShowJson value={entry.object} /> : null}
          {entry.toolCalls.map((call) => (
            <div key={call.id} className="run-tool-call">
              <span className="tag">uses {call.tool}</span>
              <pre className="run-json">{JSON.stringify(call.input, null, 2)}</pre>
            </div>
          ))}
        </div>
      );
    case 'tool-result':
      return (
        <details className={`run-entry${entry.isError ? ' run-entry-error' : ''}`}>
          <summary>
            {entry.tool} {entry.isError ? 'failed' : 'answered'}
          </summary>
          <ShowJson value={entry.output} />
        </details>
      );
    case 'finding-share':
      return (
        <div className="run-entry">
          <div className="run-entry-label">
            Shared finding {entry.finding.id}: {entry.finding.topic}
          </div>
          <div className="run-prose">{entry.finding.content}</div>
        </div>
      );
    case 'approval':
      return (
        <div className="run-entry run-entry-approval">
          <div className="run-entry-label">Asked a person: {entry.message}</div>
          {entry.decision ? (
            <p>
              <strong>{entry.decision.decision}</strong> by {entry.decision.by}
              {entry.decision.comment ? ` — “${entry.decision.comment}”` : ''}
            </p>
          ) : (
            <p className="muted">Waiting for a decision.</p>
          )}
        </div>
      );
  }
}

function Attempt(props: { attempt: AttemptExplanation; many: boolean }) {
  const { attempt } = props;
  return (
    <div className="run-attempt">
      <p className="muted">
        {props.many ? `Attempt ${attempt.attempt} · ` : ''}
        {attempt.agent} on <span className="mono">{attempt.model}</span>
        {attempt.servedBy ? ` (answered by ${attempt.servedBy})` : ''}
      </p>
      {attempt.system !== undefined ? (
        <details className="run-entry" data-testid="detail-system">
          <summary>System prompt{attempt.tools?.length ? ` · tools: ${attempt.tools.join(', ')}` : ''}</summary>
          <pre className="run-json">{attempt.system}</pre>
        </details>
      ) : null}
      {attempt.task !== undefined ? (
        <div className="run-entry" data-testid="detail-task">
          <div className="run-entry-label">Task</div>
          <pre className="run-json">{attempt.task}</pre>
        </div>
      ) : null}
      {attempt.entries.map((entry, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: entries are the log's, in order
        <Entry key={index} entry={entry} />
      ))}
      {attempt.outcome.status === 'succeeded' ? (
        <div className="run-entry run-entry-output">
          <div className="run-entry-label">Output</div>
          <ShowJson value={attempt.outcome.output} />
        </div>
      ) : attempt.outcome.status === 'failed' ? (
        <ErrorNote title={`Failed (${attempt.outcome.decision})`}>{attempt.outcome.error.message}</ErrorNote>
      ) : (
        <p className="muted">Still working…</p>
      )}
    </div>
  );
}

/**
 * The detail panel of a selected step; refreshed every 2 s while `live` (the step is still at work),
 * and once more when it settles.
 */
export function RunStepDetail(props: { runId: string; step: string; live: boolean; onClose: () => void }) {
  const { runId, step, live } = props;
  const { data, error, loading } = useData(() => api.explainRun(runId, step), `${runId}:${step}`, {
    ...(live ? { every: 2000 } : {}),
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const close = useRef(props.onClose);
  close.current = props.onClose;
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves to the panel when a step is chosen
  useEffect(() => heading.current?.focus(), [step]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <aside className="run-detail" data-testid="step-detail" aria-labelledby="run-detail-title">
      <header className="run-detail-head">
        <h2 id="run-detail-title" ref={heading} tabIndex={-1}>
          What <span className="mono">{step}</span> saw and did
        </h2>
        <button type="button" className="button small" onClick={() => close.current()}>
          Close
        </button>
      </header>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {loading && !data ? <Loading what="the step" /> : null}
      {data?.steps.map((line) => (
        <p key={line.step} className="muted">
          This step ran no agent: {line.status}
          {line.reason ? ` (${line.reason})` : ''}.
        </p>
      ))}
      {data?.units.map((unit) => (
        <div key={unit.unit} className="run-detail-unit">
          {data.units.length > 1 || unit.itemValue !== undefined ? (
            <h3>
              {unit.unit}
              {unit.itemValue !== undefined ? (
                <span className="muted">
                  {' '}
                  · {typeof unit.itemValue === 'string' ? unit.itemValue : JSON.stringify(unit.itemValue)}
                </span>
              ) : null}{' '}
              <StatusBadge status={unit.status} />
            </h3>
          ) : null}
          {unit.attempts.map((attempt) => (
            <Attempt key={attempt.attempt} attempt={attempt} many={unit.attempts.length > 1} />
          ))}
        </div>
      ))}
    </aside>
  );
}
