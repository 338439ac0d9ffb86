// The side panel for one step: a plain form whose every change is one edit of the playbook's YAML.
import { useEffect, useId, useState } from 'react';
import { DraftField } from './draft-field.tsx';
import { type StepKindName, type StepView, stepKinds, upstreamOf, waitsFor } from './read-playbook.ts';

const identifierPattern = /^(?!(?:__proto__|constructor|prototype)$)[A-Za-z_][A-Za-z0-9_-]*$/;

const kindOptions: Record<StepKindName, string> = {
  agent: 'Agent does a task',
  approval: 'A person approves',
  route: 'Agent picks a branch',
  synthesize: 'Agent combines results',
  plan: 'Agent plans tasks for a team',
};

/** What the panel can change. */
export interface StepPanelActions {
  rename: (to: string) => void;
  setKind: (kind: StepKindName) => void;
  setField: (field: string, value: string | number | undefined) => void;
  toggleNeed: (need: string, on: boolean) => void;
  remove: () => void;
}

export function StepPanel(props: { step: StepView; steps: StepView[]; agents: string[]; actions: StepPanelActions }) {
  const { step, steps, agents, actions } = props;
  const [idDraft, setIdDraft] = useState(step.id);
  const [idError, setIdError] = useState<string>();
  const idField = useId();
  const agentField = useId();
  const kindField = useId();
  const errorField = useId();
  const concurrencyField = useId();
  useEffect(() => {
    setIdDraft(step.id);
    setIdError(undefined);
  }, [step.id]);

  const commitId = () => {
    const to = idDraft.trim();
    if (to === step.id) return;
    if (!identifierPattern.test(to)) {
      setIdError('Use letters, digits, "_" and "-", starting with a letter.');
      return;
    }
    if (steps.some((each) => each.id === to)) {
      setIdError(`There is already a step called "${to}".`);
      return;
    }
    setIdError(undefined);
    actions.rename(to);
  };

  const isAgentKind = step.kind !== undefined && step.kind !== 'approval';
  const agentChoices = step.kindValue && !agents.includes(step.kindValue) ? [step.kindValue, ...agents] : agents;
  const others = steps.filter((each) => each.id !== step.id);
  const upstream = upstreamOf(step);

  return (
    <form className="pb-panel-form stack" onSubmit={(event) => event.preventDefault()} aria-label={`Step ${step.id}`}>
      <div className="field">
        <label htmlFor={idField} className="field-label">
          Step name
        </label>
        <input
          id={idField}
          type="text"
          value={idDraft}
          aria-invalid={idError ? true : undefined}
          aria-describedby={`${idField}-help`}
          onChange={(event) => setIdDraft(event.target.value)}
          onBlur={commitId}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitId();
          }}
        />
        {idError ? (
          <p className="field-error" id={`${idField}-help`}>
            {idError}
          </p>
        ) : (
          <p className="field-help pb-help" id={`${idField}-help`}>
            Other steps use this name to wait for this one.
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor={kindField} className="field-label">
          Kind
        </label>
        <select
          id={kindField}
          value={step.kind ?? ''}
          onChange={(event) => actions.setKind(event.target.value as StepKindName)}
        >
          {step.kind ? null : <option value="">Choose…</option>}
          {stepKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindOptions[kind]}
            </option>
          ))}
        </select>
      </div>

      {isAgentKind ? (
        <div className="field">
          <label htmlFor={agentField} className="field-label">
            Agent
          </label>
          <select
            id={agentField}
            value={step.kindValue}
            onChange={(event) => actions.setField(step.kind!, event.target.value)}
          >
            {step.kindValue ? null : <option value="">Choose an agent…</option>}
            {agentChoices.map((agent) => (
              <option key={agent} value={agent}>
                {agent}
              </option>
            ))}
          </select>
        </div>
      ) : null}

      {step.kind === 'approval' ? (
        <>
          <DraftField
            label="What to approve"
            value={step.kindValue}
            help="The question the approver sees in the inbox."
            onCommit={(value) => actions.setField('approval', value)}
          />
          <DraftField
            label="Content shown to the approver"
            value={step.content}
            multiline
            code
            help="Optional, e.g. {{ steps.draft.output }}; the approver may edit it."
            onCommit={(value) => actions.setField('content', value)}
          />
        </>
      ) : (
        <DraftField
          label={step.kind === 'plan' ? 'Goal' : 'Task'}
          value={step.task}
          multiline
          help="Use {{ inputs.topic }} for an input and {{ steps.research.output }} for a step’s result."
          onCommit={(value) => actions.setField(step.kind === 'plan' ? 'goal' : 'task', value)}
        />
      )}

      <fieldset className="pb-fieldset">
        <legend>Waits for</legend>
        {others.length === 0 ? <p className="muted">No other steps yet.</p> : null}
        {others.map((other) => {
          const implied = step.implicit.includes(other.id) && !step.needs.includes(other.id);
          const loop = !upstream.includes(other.id) && waitsFor(steps, other.id, step.id);
          return (
            <label
              key={other.id}
              className="checkbox"
              title={loop ? `${other.id} already waits for ${step.id}` : undefined}
            >
              <input
                type="checkbox"
                checked={upstream.includes(other.id)}
                disabled={implied || loop}
                onChange={(event) => actions.toggleNeed(other.id, event.target.checked)}
              />
              {other.id}
              {implied ? <span className="muted"> (builds on it)</span> : null}
              {loop ? <span className="muted"> (would make a loop)</span> : null}
            </label>
          );
        })}
      </fieldset>

      <fieldset className="pb-fieldset">
        <legend>Repeat for each item</legend>
        <DraftField
          label="List to go through"
          value={step.forEach}
          placeholder="{{ inputs.segments }}"
          help="Runs this step once per item; use {{ item }} in the task. Leave empty to run once."
          onCommit={(value) => actions.setField('for_each', value)}
        />
        {step.forEach ? (
          <div className="field">
            <label htmlFor={concurrencyField} className="field-label">
              At most at once
            </label>
            <input
              id={concurrencyField}
              type="number"
              min={1}
              value={step.concurrency ?? ''}
              placeholder="no limit"
              onChange={(event) =>
                actions.setField('concurrency', event.target.value === '' ? undefined : Number(event.target.value))
              }
            />
          </div>
        ) : null}
      </fieldset>

      <DraftField
        label="Run only when"
        value={step.when}
        placeholder="{{ inputs.publish }}"
        help="A condition; when it is false the step is skipped. Leave empty to always run."
        onCommit={(value) => actions.setField('when', value)}
      />

      <div className="field">
        <label htmlFor={errorField} className="field-label">
          If it still fails after retries
        </label>
        {step.onError === 'custom' ? (
          <p className="field-help" id={errorField}>
            A fallback is set; change it in the YAML.
          </p>
        ) : (
          <select
            id={errorField}
            value={step.onError}
            onChange={(event) => actions.setField('on_error', event.target.value)}
          >
            <option value="">Stop the run (default)</option>
            <option value="continue">Carry on without it</option>
            <option value="escalate">Ask a person in the inbox</option>
            <option value="fail">Stop the run (written out)</option>
          </select>
        )}
      </div>

      <button type="button" className="button danger" onClick={actions.remove}>
        Delete step
      </button>
    </form>
  );
}
