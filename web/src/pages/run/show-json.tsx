// Any output as people read it: text as text, lists and objects as readable blocks.
import type { Json } from '../../../../src/spec/json.ts';

/** An output or tool result: a string as prose, anything else as indented JSON. */
export function ShowJson(props: { value: Json | undefined; className?: string }) {
  const { value } = props;
  if (value === undefined || value === null) return <p className="muted">Nothing.</p>;
  if (typeof value === 'string') return <div className={`run-prose ${props.className ?? ''}`}>{value}</div>;
  return <pre className={`run-json ${props.className ?? ''}`}>{JSON.stringify(value, null, 2)}</pre>;
}
