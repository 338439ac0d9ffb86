import type { ToolInfo } from '../../../src/server/api-types.ts';
import type { Issue } from '../../../src/spec/issue.ts';
import { FieldIssues } from './agent-field-issues.tsx';

const riskLabel = { read: 'Reads', write: 'Writes files', external: 'Acts outside' } as const;
const riskTone = { read: 'gray', write: 'amber', external: 'red' } as const;

/** The tools an agent may be given, as checkboxes with what each does and its risk; unknown ones stay listed. */
export function ToolChoices(props: {
  tools: ToolInfo[];
  chosen: string[];
  onChange: (tools: string[]) => void;
  issues: Issue[];
}) {
  const known = props.tools.map((tool) => tool.name);
  const extraTools = props.chosen.filter((tool) => !known.includes(tool));
  return (
    <fieldset className="ag-tools">
      <legend className="field-label">Tools</legend>
      <small className="field-help">
        What the agent may do besides thinking. Every agent can also share findings with the other agents of its run.
      </small>
      {[
        ...props.tools,
        ...extraTools.map((tool) => ({
          name: tool,
          description: 'Not a tool Brigade knows',
          risk: 'read' as const,
        })),
      ].map((tool) => (
        <label key={tool.name} className="ag-tool">
          <input
            type="checkbox"
            checked={props.chosen.includes(tool.name)}
            onChange={(event) =>
              props.onChange(
                event.target.checked ? [...props.chosen, tool.name] : props.chosen.filter((each) => each !== tool.name),
              )
            }
          />
          <span>
            <span className="ag-tool-name">{tool.name}</span>
            <span className="ag-tool-description">{firstSentence(tool.description)}</span>
          </span>
          <span className={`badge badge-${riskTone[tool.risk]}`}>{riskLabel[tool.risk]}</span>
        </label>
      ))}
      <FieldIssues issues={props.issues} />
    </fieldset>
  );
}

function firstSentence(text: string): string {
  const end = text.search(/\.\s/);
  return end > 0 ? text.slice(0, end + 1) : text;
}
