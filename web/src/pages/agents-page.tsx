import { api } from '../api.ts';
import { EmptyState, ErrorNote, Link, Loading, PageHeader } from '../components/ui.tsx';
import { navigate } from '../router.ts';
import { useData } from '../use-data.ts';
import './agents-page.css';

/** The team: every agent of the workspace with its role and model, and the way to add one. */
export function AgentsPage() {
  const { data, error, loading } = useData(
    () => Promise.all([api.listAgents(), api.workspace()]).then(([agents, workspace]) => ({ agents, workspace })),
    'agents',
  );
  const newButton = (
    <button type="button" className="button primary" onClick={() => navigate('/agents/new')}>
      New agent
    </button>
  );
  const defaultModel = data?.workspace.config?.model;
  return (
    <>
      <PageHeader
        title="Agents"
        subtitle="The specialists your playbooks put to work: each has a role, instructions, a model and tools."
        actions={newButton}
      />
      {error ? <ErrorNote title="Could not load the agents">{error}</ErrorNote> : null}
      {loading && !data ? <Loading what="agents" /> : null}
      {data && data.agents.length === 0 ? (
        <EmptyState title="No agents yet" action={newButton}>
          An agent is a specialist such as a researcher, a writer or a fact-checker. Create one, then use it in a
          playbook.
        </EmptyState>
      ) : null}
      {data && data.agents.length > 0 ? (
        <ul className="ag-grid" data-testid="agents-list">
          {data.agents.map((agent) => (
            <li key={agent.name} className="card ag-card" data-testid={`agent-${agent.name}`}>
              <div className="ag-card-head">
                <span className="ag-avatar" aria-hidden="true">
                  {agent.name.slice(0, 1).toUpperCase()}
                </span>
                <h2 className="ag-name">
                  <Link to={`/agents/${encodeURIComponent(agent.name)}`}>{agent.name}</Link>
                </h2>
              </div>
              <p className="ag-role">
                {agent.role ?? <span className="faint">Role unavailable: the workspace has problems</span>}
              </p>
              <div className="row ag-meta">
                {agent.model ? (
                  <span className="tag" title="Model">
                    {agent.model}
                    {agent.model === defaultModel ? <span className="faint"> · default</span> : null}
                  </span>
                ) : null}
                <span className="faint mono ag-file">{agent.file}</span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
