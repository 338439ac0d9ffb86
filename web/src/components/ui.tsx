// Small shared pieces: every page is built from these so the app looks like one product.
import type { ReactNode } from 'react';
import { navigate } from '../router.ts';

export function PageHeader(props: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.subtitle ? <p className="subtitle">{props.subtitle}</p> : null}
      </div>
      {props.actions ? <div className="actions">{props.actions}</div> : null}
    </header>
  );
}

/** What to show when there is nothing yet: what this is, and what to do next. */
export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <h2>{props.title}</h2>
      {props.children ? <p>{props.children}</p> : null}
      {props.action ?? null}
    </div>
  );
}

export function ErrorNote(props: { children: ReactNode; title?: string }) {
  return (
    <div className="error-note" role="alert">
      {props.title ? <strong>{props.title}: </strong> : null}
      {props.children}
    </div>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <div className="loading" aria-busy="true">
      Loading{props.what ? ` ${props.what}` : ''}…
    </div>
  );
}

const statusTone: Record<string, string> = {
  running: 'blue',
  waiting: 'amber',
  paused: 'amber',
  pending: 'gray',
  ready: 'gray',
  succeeded: 'green',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
  skipped: 'gray',
};

/** A run's status in words. */
export const runStatusLabel: Record<string, string> = {
  running: 'Running',
  paused: 'Paused',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** A run's, step's or unit's status as a coloured pill. */
export function StatusBadge(props: { status: string; label?: string }) {
  const tone = statusTone[props.status] ?? 'gray';
  return (
    <span className={`badge badge-${tone}`} data-status={props.status}>
      {props.status === 'running' ? <span className="pulse" aria-hidden="true" /> : null}
      {props.label ?? props.status}
    </span>
  );
}

/** A link inside the app (no page reload). */
export function Link(props: { to: string; children: ReactNode; className?: string; title?: string }) {
  return (
    <a
      href={props.to}
      className={props.className}
      title={props.title}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatUsd(usd: number | undefined): string {
  if (usd === undefined) return '—';
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatWhen(at: number | undefined): string {
  if (!at) return '—';
  const date = new Date(at);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
