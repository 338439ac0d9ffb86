// The plans of the run's plan steps: the goal, each round, and every task with its agent, what it
// waits for and where it stands.
import type { RunState } from '../../../../src/spec/run-state.ts';
import { StatusBadge } from '../../components/ui.tsx';
import { statusLabel, stepViewStatus } from './run-view.ts';

/** Every plan of the run (nothing when the playbook has no plan step). */
export function RunPlans(props: { state: RunState; onSelect: (step: string) => void }) {
  const { state } = props;
  const plans = Object.values(state.plans);
  if (plans.length === 0) return null;
  return (
    <section className="card" aria-labelledby="run-plans-title">
      <h2 id="run-plans-title" className="card-title">
        Plans
      </h2>
      {plans.map((plan) => (
        <div key={plan.unit} className="run-plan" data-testid={`plan-${plan.unit}`}>
          <p>
            <strong>{plan.unit}</strong>: {plan.goal}
          </p>
          <p className="muted">
            {plan.rounds.length} round{plan.rounds.length === 1 ? '' : 's'} of at most {plan.limits.maxRounds} ·{' '}
            {plan.tasks.length} task{plan.tasks.length === 1 ? '' : 's'}
            {plan.endReason ? ` · finished (${plan.endReason})` : ''}
          </p>
          <div className="run-table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Task</th>
                  <th>Agent</th>
                  <th>After</th>
                  <th>Round</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {plan.tasks.map((task) => {
                  const status =
                    task.status === 'released'
                      ? stepViewStatus(state, task.step)
                      : task.status === 'cancelled'
                        ? 'skipped'
                        : 'pending';
                  return (
                    <tr key={task.id}>
                      <td>
                        <button type="button" className="run-link-button" onClick={() => props.onSelect(task.step)}>
                          {task.id}
                        </button>
                        <div className="muted run-task-text">{task.instructions}</div>
                      </td>
                      <td>{task.agent}</td>
                      <td>{task.dependsOn.join(', ') || '—'}</td>
                      <td>{task.round}</td>
                      <td>
                        <StatusBadge
                          status={status}
                          label={
                            task.status === 'cancelled'
                              ? `Cancelled${task.cancelReason ? `: ${task.cancelReason}` : ''}`
                              : task.status === 'planned'
                                ? 'Planned'
                                : statusLabel[status]
                          }
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
