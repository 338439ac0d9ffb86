// The agent form's fields read from and written into the agent's YAML with the yaml Document API,
// so comments, order and fields the form does not show survive, and an unchanged form writes the
// file back byte for byte.
import { isMap, isSeq, parseDocument } from 'yaml';

/** The fields the agent form edits. `model: ''` means the workspace's default model. */
export interface AgentForm {
  role: string;
  instructions: string;
  model: string;
  tools: string[];
}

/** The header new agent files start with, as the scaffolded ones do: editors then check them. */
const newFileHeader = '# yaml-language-server: $schema=../schemas/agent.schema.json\n';

/** The form's values in an agent file's text; `error` when the text is not readable YAML. */
export function readAgentForm(text: string): { form: AgentForm; error?: string } {
  const document = parseDocument(text);
  const data = (document.errors.length ? {} : (document.toJS() ?? {})) as Record<string, unknown>;
  const form: AgentForm = {
    role: typeof data.role === 'string' ? data.role : '',
    instructions: typeof data.instructions === 'string' ? data.instructions : '',
    model: typeof data.model === 'string' ? data.model : '',
    tools: Array.isArray(data.tools) ? data.tools.filter((tool): tool is string => typeof tool === 'string') : [],
  };
  return document.errors.length ? { form, error: document.errors[0]!.message } : { form };
}

/**
 * The file's text with the form's changed fields written in; the original text when nothing changed.
 * `before`: the form as read from `original`, when the caller has it already.
 */
export function writeAgentForm(original: string, form: AgentForm, before = readAgentForm(original).form): string {
  const changed = (Object.keys(form) as Array<keyof AgentForm>).filter(
    (field) => JSON.stringify(form[field]) !== JSON.stringify(before[field]),
  );
  if (changed.length === 0) return original;
  const document = parseDocument(original.trim() === '' ? newFileHeader : original);
  for (const field of changed) {
    if (field === 'tools') {
      const existing = document.get('tools');
      if (form.tools.length === 0) document.delete('tools');
      else {
        const node = document.createNode(form.tools);
        // Keep the file's style: `tools: [a, b]` stays on one line.
        node.flow = isSeq(existing) ? Boolean(existing.flow) : true;
        setInOrder(document, 'tools', node);
      }
    } else if (form[field] === '') document.delete(field);
    else setInOrder(document, field, form[field]);
  }
  // No refolding of long lines the form did not touch; new multi-line text as a literal block.
  let text = document.toString({ lineWidth: 0, blockQuote: 'literal' });
  if (original.trim() === '') text = text.replace(`${newFileHeader}\n`, newFileHeader);
  // The printer pads every flow list (`[ a ]`); keep `tools:` as compact as agent files write it.
  if (!/^tools: \[ /m.test(original)) text = text.replace(/^tools: \[ (.*) \]$/m, 'tools: [$1]');
  return text;
}

const fieldOrder = ['name', 'role', 'instructions', 'model', 'tools'];

/** Sets a field; a new one goes after the fields that come before it in an agent file, not at the end. */
function setInOrder(document: ReturnType<typeof parseDocument>, field: string, value: unknown): void {
  const map = document.contents;
  if (!isMap(map) || document.has(field)) {
    document.set(field, value);
    return;
  }
  const keys = map.items.map((pair) => String((pair.key as { value?: unknown } | null)?.value ?? pair.key));
  const earlier = fieldOrder.slice(0, fieldOrder.indexOf(field));
  const at = keys.reduce((last, key, index) => (earlier.includes(key) ? index + 1 : last), 0);
  map.items.splice(at, 0, document.createPair(field, value) as (typeof map.items)[number]);
}
