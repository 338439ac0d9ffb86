// The workspace's playbooks: what each does, how many steps, and a way to run or edit it.
import { api } from '../api.ts';
import { EmptyState, ErrorNote, Link, Loading, PageHeader } from '../components/ui.tsx';
import { navigate } from '../router.ts';
import { useData } from '../use-data.ts';
import './playbooks-page.css';

export function PlaybooksPage() {
  const { data, error, loading } = useData(() => api.listPlaybooks(), 'playbooks');
  const newButton = (
    <button type="button" className="button primary" onClick={() => navigate('/playbooks/new')}>
      New playbook
    </button>
  );
  return (
    <>
      <PageHeader
        title="Playbooks"
        subtitle="Repeatable work for your team of agents: who does what, in which order, and where a person signs off."
        actions={data?.length ? newButton : undefined}
      />
      {error ? <ErrorNote title="Could not load the playbooks">{error}</ErrorNote> : null}
      {loading && !data ? <Loading what="playbooks" /> : null}
      {data && data.length === 0 ? (
        <EmptyState title="No playbooks yet" action={newButton}>
          A playbook lays out the steps your agents take, such as research, write, check and approve. Create one to get
          started.
        </EmptyState>
      ) : null}
      {data && data.length > 0 ? (
        <ul className="pb-list" aria-label="Playbooks">
          {data.map((playbook) => (
            <li key={playbook.name} className="card pb-list-item" data-testid={`playbook-${playbook.name}`}>
              <div className="pb-list-text">
                <h2>
                  <Link to={`/playbooks/${encodeURIComponent(playbook.name)}`}>{playbook.name}</Link>
                </h2>
                <p className="muted">{playbook.description ?? 'No description yet.'}</p>
                <span className="tag">
                  {playbook.steps === undefined
                    ? 'steps unknown until the workspace is fixed'
                    : `${playbook.steps} ${playbook.steps === 1 ? 'step' : 'steps'}`}
                </span>
              </div>
              <div className="pb-list-actions">
                <Link
                  to={`/playbooks/${encodeURIComponent(playbook.name)}`}
                  className="button"
                  title={`Edit ${playbook.name}`}
                >
                  Edit<span className="pb-visually-hidden"> {playbook.name}</span>
                </Link>
                <button
                  type="button"
                  className="button primary"
                  onClick={() => navigate(`/playbooks/${encodeURIComponent(playbook.name)}/run`)}
                >
                  Run<span className="pb-visually-hidden"> {playbook.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
