// The inbox: every decision people owe, across runs. Decide one at a time (approve, edit, reject,
// provide an output) or several at once; decisions made elsewhere (the CLI) drop out at the next poll.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { DecideBody, InboxItem } from '../../../src/server/api-types.ts';
import { api, errorText } from '../api.ts';
import { EmptyState, ErrorNote, Link, Loading, PageHeader } from '../components/ui.tsx';
import { useData } from '../use-data.ts';
import { headlineOf, InboxCard, type InboxPanel } from './inbox-card.tsx';
import './inbox-page.css';

type Order = 'run' | 'oldest';

/** How one item of a decision on several fared. */
interface BulkResult {
  key: string;
  label: string;
  error?: string;
}

function keyOf(item: InboxItem): string {
  return `${item.runId}/${item.id}`;
}

/** What a run is about, from its inputs: the first text input (a topic, a goal), if any. */
function aboutOf(item: InboxItem): string | undefined {
  const text = Object.values(item.runInputs ?? {}).find((value) => typeof value === 'string' && value.trim());
  return typeof text === 'string' ? text : undefined;
}

/** Items grouped by run, the run first asked first; within a run, oldest first. */
function groupByRun(items: InboxItem[]): InboxItem[][] {
  const groups = new Map<string, InboxItem[]>();
  for (const item of items) groups.set(item.runId, [...(groups.get(item.runId) ?? []), item]);
  return [...groups.values()];
}

export function InboxPage() {
  const { data, error, loading, reload } = useData(() => api.inbox(), 'inbox', { every: 2000 });
  const [order, setOrder] = useState<Order>('run');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [gone, setGone] = useState<Set<string>>(new Set());
  const [activeKey, setActiveKey] = useState<string>();
  const [panels, setPanels] = useState<Record<string, InboxPanel>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [flash, setFlash] = useState<string>();
  const [bulkComment, setBulkComment] = useState('');
  const [bulkResults, setBulkResults] = useState<BulkResult[]>();
  const [bulkBusy, setBulkBusy] = useState(false);
  const cards = useRef(new Map<string, HTMLElement>());

  const items = (data ?? []).filter((item) => !gone.has(keyOf(item)));
  const groups = order === 'run' ? groupByRun(items) : [items];
  const shown = groups.flat();
  const selectedShown = shown.filter((item) => selected.has(keyOf(item)));
  const allSelected = shown.length > 0 && selectedShown.length === shown.length;
  const now = Date.now();

  function setBusyKey(key: string, on: boolean) {
    setBusy((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  /** Sends one decision; on success the item leaves the list at once. Resolves to the error, if any. */
  async function decide(item: InboxItem, body: DecideBody): Promise<string | undefined> {
    const key = keyOf(item);
    setBusyKey(key, true);
    try {
      await api.decide(item.runId, item.id, body);
      setGone((current) => new Set(current).add(key));
      setSelected((current) => {
        const next = new Set(current);
        next.delete(key);
        return next;
      });
      setPanels((current) => ({ ...current, [key]: undefined }));
      return undefined;
    } catch (caught) {
      return errorText(caught);
    } finally {
      setBusyKey(key, false);
    }
  }

  async function decideOne(item: InboxItem, body: DecideBody): Promise<string | undefined> {
    const problem = await decide(item, body);
    if (!problem) {
      setFlash(`${pastTense[body.decision]}: ${headlineOf(item)} (${item.playbook})`);
      void reload();
    }
    return problem;
  }

  async function decideSelected(decision: 'approve' | 'reject') {
    const chosen = selectedShown;
    if (chosen.length === 0) return;
    setBulkBusy(true);
    setFlash(undefined);
    const comment = bulkComment.trim();
    const results = await Promise.all(
      chosen.map(async (item): Promise<BulkResult> => {
        const problem = await decide(item, { decision, ...(comment ? { comment } : {}) });
        const label = `${headlineOf(item)} (${item.playbook}, run ${item.runId})`;
        return problem ? { key: keyOf(item), label, error: problem } : { key: keyOf(item), label };
      }),
    );
    setBulkResults(results);
    setBulkBusy(false);
    setBulkComment('');
    void reload();
  }

  function toggle(key: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  function openPanel(key: string, panel: InboxPanel) {
    setPanels((current) => ({ ...current, [key]: panel }));
  }

  function moveTo(index: number) {
    const item = shown[Math.max(0, Math.min(shown.length - 1, index))];
    if (!item) return;
    setActiveKey(keyOf(item));
    const card = cards.current.get(keyOf(item));
    card?.focus();
    card?.scrollIntoView({ block: 'nearest' });
  }

  // Keys: j/k or arrows move, x selects, a approves, r opens the rejection; never while typing.
  const keys = useRef<(event: KeyboardEvent) => void>(() => {});
  keys.current = (event: KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
    const index = shown.findIndex((item) => keyOf(item) === activeKey);
    const active = index >= 0 ? shown[index] : undefined;
    if (event.key === 'j' || event.key === 'ArrowDown') moveTo(index + 1);
    else if (event.key === 'k' || event.key === 'ArrowUp') moveTo(index <= 0 ? 0 : index - 1);
    else if (event.key === 'x' && active) toggle(keyOf(active));
    else if (event.key === 'a' && active?.options.includes('approve')) {
      const comment = comments[keyOf(active)]?.trim();
      void decideOne(active, { decision: 'approve', ...(comment ? { comment } : {}) }).then((problem) => {
        if (problem) setFlash(`Could not approve: ${problem}`);
      });
    } else if (event.key === 'r' && active?.options.includes('reject')) openPanel(keyOf(active), 'reject');
    else return;
    event.preventDefault();
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const card = (item: InboxItem): ReactNode => {
    const key = keyOf(item);
    return (
      <InboxCard
        key={key}
        item={item}
        now={now}
        selected={selected.has(key)}
        active={activeKey === key}
        panel={panels[key]}
        comment={comments[key] ?? ''}
        busy={busy.has(key) || bulkBusy}
        cardRef={(element) => {
          if (element) cards.current.set(key, element);
          else cards.current.delete(key);
        }}
        onActivate={() => setActiveKey(key)}
        onToggle={() => toggle(key)}
        onComment={(comment) => setComments((current) => ({ ...current, [key]: comment }))}
        onPanel={(panel) => openPanel(key, panel)}
        onDecide={(body) => decideOne(item, body)}
      />
    );
  };

  const waiting = items.length;
  return (
    <>
      <PageHeader
        title="Inbox"
        subtitle={
          data === undefined
            ? 'Decisions your runs wait for.'
            : waiting === 0
              ? 'All caught up.'
              : `${waiting} ${waiting === 1 ? 'decision waits' : 'decisions wait'} for you, across ${groupByRun(items).length} ${groupByRun(items).length === 1 ? 'run' : 'runs'}.`
        }
      />
      {error ? <ErrorNote title="Could not load the inbox">{error}</ErrorNote> : null}
      <div className="ib-live" role="status" aria-live="polite">
        {flash ? <p className="notice">{flash}</p> : null}
      </div>
      {bulkResults ? <BulkReport results={bulkResults} onClose={() => setBulkResults(undefined)} /> : null}
      {loading && data === undefined ? <Loading what="the inbox" /> : null}
      {data !== undefined && waiting === 0 ? (
        <EmptyState title="Nothing waits for you">
          When a run needs a person — an approval step, a tool that acts on the world, a step that failed and asks for
          help — it appears here.
        </EmptyState>
      ) : null}
      {waiting > 0 ? (
        <>
          <section
            className={`card ib-bulk${selectedShown.length > 0 ? ' ib-bulk-sticky' : ''}`}
            aria-label="Decide on several"
          >
            <label className="checkbox">
              <input
                type="checkbox"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(shown.map(keyOf)))}
              />
              Select all
            </label>
            <span className="muted ib-count">{selectedShown.length} selected</span>
            <input
              type="text"
              className="ib-bulk-comment"
              aria-label="Comment for the selected"
              placeholder="Comment or reason for all selected (optional)"
              value={bulkComment}
              onChange={(event) => setBulkComment(event.target.value)}
            />
            <div className="row ib-bulk-buttons">
              <button
                type="button"
                className="button success"
                disabled={selectedShown.length === 0 || bulkBusy}
                onClick={() => void decideSelected('approve')}
              >
                Approve selected
              </button>
              <button
                type="button"
                className="button danger"
                disabled={selectedShown.length === 0 || bulkBusy}
                onClick={() => void decideSelected('reject')}
              >
                Reject selected
              </button>
            </div>
          </section>
          <div className="ib-toolbar">
            <p className="ib-keys faint">
              Keyboard: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> move · <kbd>x</kbd> select · <kbd>a</kbd>{' '}
              approve · <kbd>r</kbd> reject
            </p>
            <fieldset className="ib-order">
              <legend>Order</legend>
              <button
                type="button"
                className="button small"
                aria-pressed={order === 'run'}
                onClick={() => setOrder('run')}
              >
                Group by run
              </button>
              <button
                type="button"
                className="button small"
                aria-pressed={order === 'oldest'}
                onClick={() => setOrder('oldest')}
              >
                Oldest first
              </button>
            </fieldset>
          </div>
          {order === 'run' ? (
            groups.map((group) => {
              const first = group[0]!;
              const about = aboutOf(first);
              return (
                <section key={first.runId} className="ib-group" aria-label={`${first.playbook}, run ${first.runId}`}>
                  <h2 className="ib-group-title">
                    <Link to={`/runs/${first.runId}`}>{first.playbook}</Link>
                    {about ? <span className="ib-about">“{about}”</span> : null}
                    <span className="faint ib-run-id">run {first.runId}</span>
                  </h2>
                  <div className="ib-cards">{group.map(card)}</div>
                </section>
              );
            })
          ) : (
            <div className="ib-cards">{shown.map(card)}</div>
          )}
        </>
      ) : null}
    </>
  );
}

const pastTense: Record<DecideBody['decision'], string> = {
  approve: 'Approved',
  reject: 'Rejected',
  provide: 'Output provided',
  retry: 'Retrying',
  skip: 'Skipped',
};

function BulkReport(props: { results: BulkResult[]; onClose: () => void }) {
  const failed = props.results.filter((result) => result.error);
  const done = props.results.length - failed.length;
  return (
    <section className="card ib-report" data-testid="inbox-bulk-report" aria-label="Decision report">
      <div className="card-title">
        <strong>
          {done} of {props.results.length} done{failed.length ? `, ${failed.length} failed` : ''}
        </strong>
        <button type="button" className="button ghost small" onClick={props.onClose}>
          Dismiss
        </button>
      </div>
      <ul className="ib-report-list">
        {props.results.map((result) => (
          <li key={result.key} className={result.error ? 'ib-failed' : 'ib-done'}>
            <span className={`badge badge-${result.error ? 'red' : 'green'}`}>{result.error ? 'failed' : 'done'}</span>{' '}
            {result.label}
            {result.error ? <span className="ib-report-error">: {result.error}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
