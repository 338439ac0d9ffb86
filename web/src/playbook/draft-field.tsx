// A text field that edits a copy while it has focus and hands the value over when it loses focus
// (or on Enter in a one-line field), so the YAML is rewritten once per edit, not per keystroke.
import { useEffect, useId, useState } from 'react';

/** A labelled text input or textarea over `value`; `onCommit` gets the new text. */
export function DraftField(props: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  multiline?: boolean;
  help?: string;
  placeholder?: string;
  error?: string;
  code?: boolean;
}) {
  const [draft, setDraft] = useState(props.value);
  const [editing, setEditing] = useState(false);
  const id = useId();
  useEffect(() => {
    if (!editing) setDraft(props.value);
  }, [props.value, editing]);
  const commit = () => {
    setEditing(false);
    if (draft !== props.value) props.onCommit(draft);
  };
  const common = {
    id,
    value: draft,
    placeholder: props.placeholder,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': props.help || props.error ? `${id}-help` : undefined,
    onFocus: () => setEditing(true),
    onBlur: commit,
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      {props.multiline ? (
        <textarea
          {...common}
          className={props.code ? 'code' : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />
      ) : (
        <input
          {...common}
          type="text"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
            if (event.key === 'Escape') {
              setDraft(props.value);
              setEditing(false);
            }
          }}
        />
      )}
      {props.error ? (
        <p className="field-error" id={`${id}-help`}>
          {props.error}
        </p>
      ) : props.help ? (
        <p className="field-help pb-help" id={`${id}-help`}>
          {props.help}
        </p>
      ) : null}
    </div>
  );
}
