// A run, live while it runs and an explanation afterwards. The page follows the run's event stream
// and folds it with the engine's own reducer, so what it shows is exactly the engine's state.
import { useEffect, useState } from 'react';
import { isStepSettled, pendingApprovals } from '../../../src/spec/reduce-run.ts';
import { simulationOf } from '../../../src/spec/simulation-of.ts';
import { api, errorText } from '../api.ts';
import {
  ErrorNote,
  formatMs,
  formatUsd,
  Link,
  Loading,
  PageHeader,
  runStatusLabel,
  StatusBadge,
} from '../components/ui.tsx';
import { RunFigures } from './run/run-figures.tsx';
import { RunFindings } from './run/run-findings.tsx';
import { RunGraph } from './run/run-graph.tsx';
import { RunLanes } from './run/run-lanes.tsx';
import { RunPlans } from './run/run-plans.tsx';
import { RunProblems } from './run/run-problems.tsx';
import { RunResult } from './run/run-result.tsx';
import { RunStepDetail } from './run/run-step-detail.tsx';
import { RunStream } from './run/run-stream.tsx';
import { isLive } from './run/run-view.ts';
import { useLiveRun } from './run/use-live-run.ts';
import './run-page.css';

/** Re-renders every second while `active`, and gives the time. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? Date.now() : now;
}

/** The run page: header, result, graph, lanes, streamed text, findings, plans, figures, step details. */
export function RunPage(props: { runId: string }) {
  const { runId } = props;
  const run = useLiveRun(runId);
  const { state } = run;
  const live = isLive(state);
  const simulation = simulationOf(state);
  // A run whose only open work is a person's decision says so, rather than "Running".
  const waitsForPerson =
    state.status === 'running' &&
    pendingApprovals(state).length > 0 &&
    ![...state.units.values()].some((unit) => unit.status === 'running');
  const now = useNow(live);
  const [selected, setSelected] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();

  if (state.runId === null) {
    if (run.connection === 'lost') {
      return (
        <>
          <PageHeader title="Run" subtitle={runId} />
          <ErrorNote title="Could not open this run">
            It may not exist in this workspace. <Link to="/runs">See all runs</Link>
          </ErrorNote>
        </>
      );
    }
    return <Loading what="the run" />;
  }

  // Time at work: pauses excluded; the stretch since the last start or resume runs to the end or now.
  const elapsed = state.activeMs + (state.activeSince === undefined ? 0 : (state.endedAt ?? now) - state.activeSince);
  const waiting = pendingApprovals(state);
  const stepIds = Object.keys(state.steps);
  const done = stepIds.filter((id) => ['succeeded', 'skipped'].includes(state.steps[id]!.status)).length;

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  const cancel = () => {
    if (window.confirm('Stop this run? Steps that are working now are stopped; finished work is kept.')) {
      void act(() => api.cancelRun(runId, 'cancelled in the web app'));
    }
  };
  const resume = () => void act(() => api.resumeRun(runId));

  return (
    <div className="run-page">
      <PageHeader
        title={
          <span className="run-title">
            {state.playbook?.name ?? 'Run'}{' '}
            {waitsForPerson ? (
              <StatusBadge status="waiting" label="Waiting for a person" />
            ) : (
              <StatusBadge status={state.status} label={runStatusLabel[state.status] ?? state.status} />
            )}
            {simulation !== 'none' ? (
              <span
                className="tag"
                title={
                  simulation === 'all'
                    ? 'Every model is simulated (a dry run, or no provider key is set): no calls go to a provider'
                    : 'Some models are simulated (no key is set for their provider)'
                }
              >
                {simulation === 'all' ? 'simulated' : 'partly simulated'}
              </span>
            ) : null}
          </span>
        }
        subtitle={
          <span className="run-subtitle">
            <Link to="/runs">Runs</Link> / <span className="mono">{runId}</span>
          </span>
        }
        actions={
          <>
            {state.status === 'running' ? (
              <button type="button" className="button danger" disabled={busy} onClick={cancel}>
                Cancel run
              </button>
            ) : null}
            {state.status === 'paused' ? (
              <button type="button" className="button primary" disabled={busy} onClick={resume}>
                Resume
              </button>
            ) : null}
          </>
        }
      />
      <dl className="run-totals" data-testid="run-totals">
        <div>
          <dt>Elapsed</dt>
          <dd data-testid="run-elapsed">{formatMs(elapsed)}</dd>
        </div>
        <div>
          <dt>Steps done</dt>
          <dd>
            {done} / {stepIds.length}
          </dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{(state.totals.inputTokens + state.totals.outputTokens).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>
            {formatUsd(state.totals.costUsd)}
            {simulation !== 'none' ? <span className="run-totals-note"> simulated</span> : null}
          </dd>
        </div>
        <div>
          <dt>Model calls</dt>
          <dd>{state.totals.modelCalls}</dd>
        </div>
      </dl>
      {actionError ? <ErrorNote>{actionError}</ErrorNote> : null}
      {run.connection === 'lost' && live ? (
        <ErrorNote>Lost the live connection to this run. Reload the page to follow it again.</ErrorNote>
      ) : null}
      {waiting.length > 0 && live ? (
        <div className="notice run-waiting" role="status" data-testid="run-waiting">
          <strong>This run waits for you.</strong> {waiting.map((approval) => approval.message).join(' · ')}{' '}
          <Link to="/inbox">Decide in the inbox →</Link>
        </div>
      ) : null}
      {state.status === 'paused' && state.pause?.reason === 'budget' ? (
        <div className="notice run-waiting" role="status">
          <strong>Paused: a limit was reached</strong>
          {state.pause.limit
            ? ` (${state.pause.limit.limit}: ${state.pause.limit.used} of ${state.pause.limit.max})`
            : ''}
          . Resume to go on.
        </div>
      ) : null}
      {state.status === 'failed' && state.error ? (
        <ErrorNote title="The run failed">{state.error.message}</ErrorNote>
      ) : null}
      <RunProblems state={state} onSelect={setSelected} />
      {state.status === 'cancelled' ? (
        <div className="notice" role="status">
          Cancelled{state.cancelReason ? `: ${state.cancelReason}` : ''}.
        </div>
      ) : null}
      {state.status === 'succeeded' ? <RunResult output={state.output} /> : null}

      <section className="card run-section" aria-labelledby="run-graph-title">
        <h2 id="run-graph-title" className="card-title">
          Steps
        </h2>
        <RunGraph state={state} version={run.version} selected={selected} onSelect={setSelected} />
      </section>

      <section className="card run-section" aria-labelledby="run-lanes-title">
        <h2 id="run-lanes-title" className="card-title">
          What ran when
        </h2>
        <RunLanes state={state} extras={run.extras} now={now} selected={selected} onSelect={setSelected} />
      </section>

      <div className="run-columns">
        <section className="card run-section" aria-labelledby="run-stream-title">
          <h2 id="run-stream-title" className="card-title">
            Agents at work
          </h2>
          <RunStream state={state} deltas={run.deltas} onSelect={setSelected} />
        </section>
        <section className="card run-section" aria-labelledby="run-findings-title">
          <h2 id="run-findings-title" className="card-title">
            Shared findings <span className="muted">({state.findings.length})</span>
          </h2>
          <RunFindings state={state} onSelect={setSelected} />
        </section>
      </div>

      <RunPlans state={state} onSelect={setSelected} />

      <section className="card run-section" aria-labelledby="run-figures-title">
        <h2 id="run-figures-title" className="card-title">
          Figures by step
        </h2>
        <RunFigures state={state} extras={run.extras} now={now} selected={selected} onSelect={setSelected} />
      </section>
      {selected ? (
        <RunStepDetail
          runId={runId}
          step={selected}
          live={live && !(state.steps[selected] && isStepSettled(state.steps[selected]))}
          onClose={() => setSelected(undefined)}
        />
      ) : null}
    </div>
  );
}
