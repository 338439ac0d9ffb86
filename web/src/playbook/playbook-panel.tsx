// The side panel for the playbook itself: its name, description and the inputs a run asks for.
import { useId, useState } from 'react';
import { DraftField } from './draft-field.tsx';
import type { InputView } from './read-playbook.ts';

const inputTypes = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
const identifierPattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** What the panel can change. */
export interface PlaybookPanelActions {
  setField: (field: 'name' | 'description', value: string) => void;
  addInput: (name: string) => void;
  removeInput: (name: string) => void;
  setInput: (name: string, field: 'type' | 'description' | 'default', value: string) => void;
}

export function PlaybookPanel(props: {
  name: string;
  description: string;
  inputs: InputView[];
  isNew: boolean;
  actions: PlaybookPanelActions;
}) {
  const { actions } = props;
  const [newInput, setNewInput] = useState('');
  const [inputError, setInputError] = useState<string>();
  const newInputField = useId();
  const add = () => {
    const name = newInput.trim();
    if (!identifierPattern.test(name)) setInputError('Use letters, digits, "_" and "-", starting with a letter.');
    else if (props.inputs.some((input) => input.name === name)) setInputError(`"${name}" is already an input.`);
    else {
      actions.addInput(name);
      setNewInput('');
      setInputError(undefined);
    }
  };
  return (
    <form className="pb-panel-form stack" onSubmit={(event) => event.preventDefault()} aria-label="Playbook settings">
      <DraftField
        label="Playbook name"
        value={props.name}
        help={props.isNew ? 'Also the file name: playbooks/<name>.yaml.' : 'How runs and the command line name it.'}
        onCommit={(value) => actions.setField('name', value.trim())}
      />
      <DraftField
        label="Description"
        value={props.description}
        multiline
        help="One sentence your team sees in the list."
        onCommit={(value) => actions.setField('description', value.replace(/\n+/g, ' ').trim())}
      />
      <fieldset className="pb-fieldset">
        <legend>Inputs a run asks for</legend>
        {props.inputs.length === 0 ? <p className="muted">No inputs: every run does the same thing.</p> : null}
        {props.inputs.map((input) => (
          <InputEditor key={input.name} input={input} actions={actions} />
        ))}
        <div className="field">
          <label htmlFor={newInputField} className="field-label">
            New input
          </label>
          <div className="row pb-row-tight">
            <input
              id={newInputField}
              type="text"
              value={newInput}
              placeholder="e.g. audience"
              aria-invalid={inputError ? true : undefined}
              onChange={(event) => setNewInput(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') add();
              }}
            />
            <button type="button" className="button small" onClick={add}>
              Add input
            </button>
          </div>
          {inputError ? <p className="field-error">{inputError}</p> : null}
        </div>
      </fieldset>
    </form>
  );
}

function InputEditor(props: { input: InputView; actions: PlaybookPanelActions }) {
  const { input, actions } = props;
  const typeField = useId();
  return (
    <div className="pb-input card" data-testid={`input-${input.name}`}>
      <div className="row pb-input-head">
        <strong>{input.name}</strong>
        <span className="muted">{input.defaultText === '' ? 'required' : 'optional'}</span>
        <button
          type="button"
          className="button small ghost"
          onClick={() => actions.removeInput(input.name)}
          aria-label={`Remove input ${input.name}`}
        >
          Remove
        </button>
      </div>
      <div className="field">
        <label htmlFor={typeField} className="field-label">
          Type of {input.name}
        </label>
        <select
          id={typeField}
          value={input.type}
          onChange={(event) => actions.setInput(input.name, 'type', event.target.value)}
        >
          {inputTypes.includes(input.type) ? null : <option value={input.type}>{input.type || 'choose…'}</option>}
          {inputTypes.map((type) => (
            <option key={type} value={type}>
              {type === 'array' ? 'list' : type}
            </option>
          ))}
        </select>
      </div>
      <DraftField
        label={`Description of ${input.name}`}
        value={input.description}
        onCommit={(value) => actions.setInput(input.name, 'description', value)}
      />
      <DraftField
        label={`Default of ${input.name}`}
        value={input.defaultText}
        help={
          input.type === 'string'
            ? 'Leave empty to make it required.'
            : 'YAML, e.g. [a, b] for a list; empty: required.'
        }
        onCommit={(value) => actions.setInput(input.name, 'default', value)}
      />
    </div>
  );
}
