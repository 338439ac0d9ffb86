// Every run of the workspace, newest first: what ran, how it went, what it cost. Refreshes itself
// while a run is live; a row opens the run.
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import {
  EmptyState,
  ErrorNote,
  formatMs,
  formatUsd,
  formatWhen,
  Link,
  Loading,
  PageHeader,
  runStatusLabel,
  StatusBadge,
} from '../components/ui.tsx';
import { navigate, useLocation } from '../router.ts';
import { useData } from '../use-data.ts';
import './run-page.css';

const statuses = ['running', 'paused', 'succeeded', 'failed', 'cancelled'] as const;
/** The runs list with filters by status, playbook and text. */
export function RunsPage() {
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const playbook = query.get('playbook') ?? '';
  const text = query.get('q') ?? '';
  const [anyLive, setAnyLive] = useState(false);
  // Every 2 s while a run is live; every 10 s otherwise, so runs started elsewhere show up.
  const { data, error, loading } = useData(() => api.listRuns({ limit: 200 }), 'runs', {
    every: anyLive ? 2000 : 10_000,
  });
  useEffect(() => {
    setAnyLive((data ?? []).some((run) => run.status === 'running' || run.status === 'paused'));
  }, [data]);
  const now = Date.now();

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    const search = next.toString();
    navigate(`/runs${search ? `?${search}` : ''}`, { replace: true });
  };

  const header = <PageHeader title="Runs" subtitle="Every run of this workspace, newest first." />;
  if (loading && !data) {
    return (
      <>
        {header}
        <Loading what="runs" />
      </>
    );
  }
  if (error && !data) {
    return (
      <>
        {header}
        <ErrorNote>{error}</ErrorNote>
      </>
    );
  }
  const runs = data ?? [];
  if (runs.length === 0) {
    return (
      <>
        {header}
        <EmptyState
          title="No runs yet — open a playbook and press Run"
          action={
            <Link to="/playbooks" className="button primary">
              Open playbooks
            </Link>
          }
        >
          A run is one go of a playbook: its agents work in parallel and you watch them here.
        </EmptyState>
      </>
    );
  }

  const playbooks = [...new Set(runs.map((run) => run.playbook))].sort();
  const needle = text.trim().toLowerCase();
  const shown = runs.filter(
    (run) =>
      (!status || run.status === status) &&
      (!playbook || run.playbook === playbook) &&
      (!needle || `${run.id} ${run.playbook} ${runStatusLabel[run.status]}`.toLowerCase().includes(needle)),
  );

  return (
    <>
      {header}
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <search className="runs-filters">
        <label className="field">
          <span className="field-label">Status</span>
          <select value={status} onChange={(event) => setFilter('status', event.target.value)}>
            <option value="">All statuses</option>
            {statuses.map((each) => (
              <option key={each} value={each}>
                {runStatusLabel[each]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Playbook</span>
          <select value={playbook} onChange={(event) => setFilter('playbook', event.target.value)}>
            <option value="">All playbooks</option>
            {playbooks.map((each) => (
              <option key={each} value={each}>
                {each}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Search</span>
          <input
            type="search"
            value={text}
            placeholder="Run id or playbook"
            onChange={(event) => setFilter('q', event.target.value)}
          />
        </label>
        <span className="muted runs-count">
          {shown.length} of {runs.length} run{runs.length === 1 ? '' : 's'}
        </span>
      </search>
      {shown.length === 0 ? (
        <EmptyState
          title="No run matches these filters"
          action={
            <button type="button" className="button" onClick={() => navigate('/runs', { replace: true })}>
              Clear filters
            </button>
          }
        />
      ) : (
        <div className="run-table-wrap">
          <table className="table runs-table" data-testid="runs-table">
            <thead>
              <tr>
                <th>Playbook</th>
                <th>Status</th>
                <th>Started</th>
                <th className="num">Duration</th>
                <th className="num">Steps</th>
                <th className="num">Tokens</th>
                <th className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((run) => {
                const each = run.figures;
                const live = run.status === 'running' || run.status === 'paused';
                return (
                  <tr
                    key={run.id}
                    data-testid={`run-row-${run.id}`}
                    data-status={run.status}
                    onClick={() => navigate(`/runs/${encodeURIComponent(run.id)}`)}
                  >
                    <td>
                      <Link to={`/runs/${encodeURIComponent(run.id)}`} title={run.id}>
                        {run.playbook}
                      </Link>
                      {each && each.simulated !== 'none' ? (
                        <span
                          className="tag"
                          title={
                            each.simulated === 'all'
                              ? 'Every model was simulated (a dry run, or no provider key set)'
                              : 'Some models were simulated (no key set for their provider)'
                          }
                        >
                          {each.simulated === 'all' ? 'simulated' : 'partly simulated'}
                        </span>
                      ) : null}
                      <div className="faint mono">{run.id}</div>
                    </td>
                    <td>
                      <StatusBadge status={run.status} label={runStatusLabel[run.status]} />
                    </td>
                    <td>{formatWhen(run.startedAt)}</td>
                    <td className="num">
                      {formatMs((run.endedAt ?? (live ? now : undefined) ?? now) - run.startedAt)}
                    </td>
                    <td className="num">{each ? `${each.stepsDone} / ${each.stepsTotal}` : '—'}</td>
                    <td className="num">{each ? each.tokens.toLocaleString() : '—'}</td>
                    <td className="num">{each ? formatUsd(each.costUsd) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
