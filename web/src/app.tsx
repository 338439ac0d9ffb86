// The app shell: a sidebar of the five places a marketer goes, and the page for the current path.
import { type ReactNode, useEffect, useState } from 'react';
import { ApiClientError, api, currentToken } from './api.ts';
import { Link } from './components/ui.tsx';
import { AgentEditPage } from './pages/agent-edit-page.tsx';
import { AgentsPage } from './pages/agents-page.tsx';
import { InboxPage } from './pages/inbox-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { PlaybookEditPage } from './pages/playbook-edit-page.tsx';
import { PlaybooksPage } from './pages/playbooks-page.tsx';
import { RunFormPage } from './pages/run-form-page.tsx';
import { RunPage } from './pages/run-page.tsx';
import { RunsPage } from './pages/runs-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { matchPath, navigate, useLocation } from './router.ts';
import { useData } from './use-data.ts';

type Route = [pattern: string, render: (params: Record<string, string>) => ReactNode];

const routes: Route[] = [
  ['/runs', () => <RunsPage />],
  ['/runs/:id', (p) => <RunPage runId={p.id!} />],
  ['/inbox', () => <InboxPage />],
  ['/agents', () => <AgentsPage />],
  ['/agents/new', () => <AgentEditPage />],
  ['/agents/:name', (p) => <AgentEditPage name={p.name!} />],
  ['/playbooks', () => <PlaybooksPage />],
  ['/playbooks/new', () => <PlaybookEditPage />],
  ['/playbooks/:name', (p) => <PlaybookEditPage name={p.name!} />],
  ['/playbooks/:name/run', (p) => <RunFormPage name={p.name!} />],
  ['/settings', () => <SettingsPage />],
];

const nav: Array<{ to: string; label: string; icon: string }> = [
  { to: '/runs', label: 'Runs', icon: '▶' },
  { to: '/inbox', label: 'Inbox', icon: '✓' },
  { to: '/playbooks', label: 'Playbooks', icon: '⎇' },
  { to: '/agents', label: 'Agents', icon: '◉' },
  { to: '/settings', label: 'Settings', icon: '⚙' },
];

export function App() {
  const { path } = useLocation();
  const [authorized, setAuthorized] = useState<boolean | undefined>(currentToken() ? undefined : false);
  const [workspace, setWorkspace] = useState<string>('');

  useEffect(() => {
    if (path === '/') navigate('/runs', { replace: true });
  }, [path]);

  useEffect(() => {
    if (authorized !== undefined) return;
    api
      .workspace()
      .then((body) => {
        setWorkspace(body.root);
        setAuthorized(true);
      })
      .catch((error: unknown) => setAuthorized(!(error instanceof ApiClientError && error.status === 401)));
  }, [authorized]);

  if (authorized === false) return <LoginPage onSignedIn={() => setAuthorized(undefined)} />;
  if (authorized === undefined) return null;

  const page = routes
    .map(([pattern, render]) => {
      const params = matchPath(pattern, path);
      return params ? render(params) : null;
    })
    .find(Boolean);

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar-inner">
          <div className="brand">
            <span className="logo" aria-hidden="true">
              B
            </span>
            <span>Brigade</span>
          </div>
          <nav aria-label="Main">
            {nav.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                className={path === item.to || path.startsWith(`${item.to}/`) ? 'nav-item active' : 'nav-item'}
              >
                <span className="nav-icon" aria-hidden="true">
                  {item.icon}
                </span>
                {item.label}
                {item.to === '/inbox' ? <InboxCount /> : null}
              </Link>
            ))}
          </nav>
          <div className="workspace-name" title={workspace}>
            {workspace.split('/').filter(Boolean).pop()}
          </div>
        </div>
      </aside>
      <main className="content">{page ?? <NotFoundPage />}</main>
    </div>
  );
}

/** How many decisions wait for a person, refreshed every few seconds. */
function InboxCount() {
  const { data } = useData(() => api.inbox(), 'inbox', { every: 2000 });
  const count = data?.length ?? 0;
  return count > 0 ? (
    <span className="count" data-testid="inbox-count">
      {count}
    </span>
  ) : null;
}
