import type {
  ContextTrim,
  FindingsSubscription,
  Json,
  RunState,
  SharedFinding,
  ToolDescriptor,
  ToolOutcome,
  UnitState,
} from '../../spec/index.ts';
import { estimateTokens } from '../context/estimate-tokens.ts';
import type { Journal } from '../run/create-journal.ts';

/** The board's tools, offered to every agent: they act on the run's own board, nothing outside. */
export const boardTools: ToolDescriptor[] = [
  {
    name: 'share_finding',
    description:
      'Share something you found with the other agents of this run while you work (they see it at their next ' +
      'step). Use it for facts, numbers, angles or warnings others could use. Give a short topic and the content.',
    inputSchema: {
      type: 'object',
      properties: {
        topic: { type: 'string', minLength: 1, description: 'A short topic, e.g. "pricing" or "competitor: Acme".' },
        content: { type: 'string', minLength: 1, description: 'What you found, in a few sentences.' },
        tags: { type: 'array', items: { type: 'string' }, description: 'Optional tags, e.g. ["trend", "b2b"].' },
      },
      required: ['topic', 'content'],
      additionalProperties: false,
    },
    risk: 'read',
  },
  {
    name: 'read_findings',
    description: 'Read what the agents of this run have shared so far, optionally only one topic or tag.',
    inputSchema: {
      type: 'object',
      properties: {
        topic: { type: 'string', description: 'Only findings with this topic.' },
        tag: { type: 'string', description: 'Only findings with this tag.' },
      },
      additionalProperties: false,
    },
    risk: 'read',
  },
];

export const boardToolNames: ReadonlySet<string> = new Set(boardTools.map((tool) => tool.name));

/** Runs a board tool call: sharing appends a `finding-share` event; reading returns the board. */
export function callBoardTool(
  tool: string,
  input: Json,
  call: { id: string; unit: UnitState; attempt: number; agent: string },
  journal: Journal,
): ToolOutcome {
  const args = (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as {
    [key: string]: Json;
  };
  const state = journal.state;
  if (tool === 'share_finding') {
    const { topic, content } = args;
    if (typeof topic !== 'string' || !topic.trim() || typeof content !== 'string' || !content.trim()) {
      return { ok: false, error: 'share_finding needs a non-empty "topic" and "content"' };
    }
    // A resumed call that already shared its finding gets that finding back, not a second copy.
    const shared = state.findings.find((finding) => finding.unit === call.unit.key && finding.callId === call.id);
    if (shared) return { ok: true, output: { id: shared.id } };
    const tags = Array.isArray(args.tags) ? args.tags.filter((tag): tag is string => typeof tag === 'string') : [];
    const finding = { id: `f${state.findings.length + 1}`, topic: topic.trim(), content: content.trim(), tags };
    journal.append({
      type: 'finding-share',
      step: call.unit.step,
      ...(call.unit.item === undefined ? {} : { item: call.unit.item }),
      attempt: call.attempt,
      finding,
      agent: call.agent,
      callId: call.id,
    });
    return { ok: true, output: { id: finding.id } };
  }
  const topic = typeof args.topic === 'string' ? args.topic : undefined;
  const tag = typeof args.tag === 'string' ? args.tag : undefined;
  const found = state.findings.filter(
    (finding) => (topic === undefined || finding.topic === topic) && (tag === undefined || finding.tags.includes(tag)),
  );
  return { ok: true, output: found.map(describeFinding) };
}

/** Whether a finding is one a subscription asks for (every list given must match). */
function concerns(subscription: Exclude<FindingsSubscription, 'none'> | undefined, finding: SharedFinding): boolean {
  if (!subscription) return true;
  if (subscription.from && !subscription.from.includes(finding.step)) return false;
  if (subscription.topics && !subscription.topics.includes(finding.topic)) return false;
  if (subscription.tags && !subscription.tags.some((tag) => finding.tags.includes(tag))) return false;
  return true;
}

/** A finding as agents see it. */
function describeFinding(finding: SharedFinding): Json {
  return { id: finding.id, from: finding.agent, topic: finding.topic, content: finding.content, tags: finding.tags };
}

/**
 * Findings of the other agents this unit has not been shown yet, as the text put in front of it
 * before its next model turn; undefined when there is nothing new. When the digest does not fit
 * `budgetTokens`, its oldest findings are left out first (`drop-oldest-findings`) and it says so.
 */
export function digestFor(
  state: RunState,
  unit: UnitState,
  subscription: FindingsSubscription | undefined,
  budgetTokens?: number,
): { text: string; findingIds: string[]; trim?: ContextTrim } | undefined {
  if (subscription === 'none') return undefined;
  const fresh = state.findings
    .slice(unit.findingsSeen)
    .filter((finding) => finding.unit !== unit.key && concerns(subscription, finding));
  if (fresh.length === 0) return undefined;
  const lines = fresh.map(
    (finding) =>
      `- [${finding.id}] ${finding.agent} on ${finding.topic}: ${finding.content}${finding.tags.length ? ` (${finding.tags.join(', ')})` : ''}`,
  );
  const render = (dropped: number) =>
    dropped === 0
      ? `New findings from your teammates on this run (use what helps; read_findings lists them all):\n${lines.join('\n')}`
      : dropped === lines.length
        ? `${dropped} new findings from your teammates were left out to fit the context budget; read_findings lists them all.`
        : `New findings from your teammates on this run (the ${dropped} oldest were left out to fit the context budget; read_findings lists them all):\n${lines.slice(dropped).join('\n')}`;
  let dropped = 0;
  while (budgetTokens !== undefined && dropped < lines.length && estimateTokens(render(dropped)) > budgetTokens) {
    dropped++;
  }
  const text = render(dropped);
  const findingIds = fresh.slice(dropped).map((finding) => finding.id);
  if (dropped === 0) return { text, findingIds };
  return {
    text,
    findingIds,
    trim: {
      rule: 'drop-oldest-findings',
      budgetTokens: budgetTokens!,
      beforeTokens: estimateTokens(render(0)),
      afterTokens: estimateTokens(text),
      droppedFindingIds: fresh.slice(0, dropped).map((finding) => finding.id),
    },
  };
}
