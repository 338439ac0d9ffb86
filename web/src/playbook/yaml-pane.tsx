// The playbook's file as text, editable; the graph follows it whenever it parses.

/** The YAML editor: the text, the file it goes to, and why it cannot be read right now. */
export function YamlPane(props: {
  text: string;
  file: string;
  problem: { error: string; line?: number } | undefined;
  onChange: (text: string) => void;
}) {
  const { problem } = props;
  return (
    <section className="card pb-yaml" aria-label="YAML">
      <div className="card-title">
        <label htmlFor="pb-yaml-text">
          <h2>YAML</h2>
        </label>
        <span className="muted mono">{props.file}</span>
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem.line ? `Line ${problem.line}: ` : ''}
          {problem.error} The graph shows the last version that could be read.
        </p>
      ) : null}
      <textarea
        id="pb-yaml-text"
        className="code pb-yaml-text"
        spellCheck={false}
        value={props.text}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </section>
  );
}
