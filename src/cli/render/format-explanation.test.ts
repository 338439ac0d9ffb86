import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainRun } from '../../engine/context/explain-run.ts';
import { runExplainedPlaybook } from '../../testing/run-explained-playbook.ts';
import { color } from './format.ts';
import { formatExplanation } from './format-explanation.ts';

describe('formatExplanation', () => {
  it('prints every unit with its agent, system prompt, task, context (and how it was cut), turns and output', async () => {
    const { events, runId } = await runExplainedPlaybook();
    const text = formatExplanation(explainRun(events), color(false));
    assert.match(text, new RegExp(`^Run ${runId} · test · succeeded · dry run`));
    assert.match(
      text,
      /━━ research · researcher · succeeded\nattempt 1: agent researcher · model fake:model \(served by fake\) · window 32,000 tokens/,
    );
    assert.match(
      text,
      / {2}system · tools: lookup, share_finding, read_findings\n {4}│ You are researcher: a test agent\./,
    );
    assert.match(text, / {2}task\n {4}│ Write about budgets/);
    assert.match(
      text,
      / {2}context before turn 1: outputs of research · trimmed \(cut-outputs\): 5\d\d → 1\d\d tokens, budget 1\d\d; cut [\d,]+ chars of research\n {4}│ Outputs of earlier steps of this run/,
    );
    assert.match(text, / {2}context before turn 1: new findings f1\n {4}│ New findings from your teammates/);
    assert.match(
      text,
      / {2}model turn 1 · 10 in \/ 5 out tokens · tool-calls\n {4}│ answer to research\n {4}→ share_finding \{"topic":"trend","content":"budgets move to tools"\}/,
    );
    assert.match(text, / {2}shared finding f1 on trend\n {4}│ budgets move to tools/);
    assert.match(text, / {2}tool lookup \(research-0-1\)\n {4}│ \{\n {4}│ {3}"hits": 3\n {4}│ \}/);
    assert.match(text, / {2}failed → retry\n {4}│ server: HTTP 500\nattempt 2: agent writer/);
    assert.match(text, / {2}output\n {4}│ the post\n\n━━ skipped · skipped \(when: false is false\)\n$/);
  });
});
