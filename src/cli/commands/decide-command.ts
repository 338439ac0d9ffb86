import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { asRunId, BrigadeError, type Decision, type Json } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { exitCodeForRun, exitCodes } from '../exit-codes.ts';
import { openCliRuntime } from '../open-cli-runtime.ts';
import { printResult } from './run-command.ts';
import { watchRuns } from './watch-run.ts';

const usages = {
  approve: 'brigade approve <run> <step|approval> [--comment text] [--edit file]',
  reject: 'brigade reject <run> <step|approval> [--comment text]',
  decide: 'brigade decide <run> <step|approval> provide|retry|skip [--edit file] [--comment text]',
} as const;

/**
 * `brigade approve|reject|decide`: records a person's decision. The process running the run takes
 * it at once; a paused run is taken up here and goes on, with live progress, to its end or next pause.
 */
export function createDecideCommand(verb: keyof typeof usages) {
  return async function decideCommand(args: string[], context: CliContext): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        comment: { type: 'string' },
        edit: { type: 'string' },
        by: { type: 'string' },
        'sim-latency': { type: 'string' },
        json: { type: 'boolean', default: false },
        workspace: { type: 'string', short: 'w' },
      },
    });
    const wanted = verb === 'decide' ? 3 : 2;
    if (positionals.length !== wanted) {
      throw new BrigadeError('USAGE', `usage: ${usages[verb]}`, { hint: 'see pending decisions with `brigade inbox`' });
    }
    const decision = (verb === 'decide' ? positionals[2] : verb) as Decision;
    if (verb === 'decide' && !['provide', 'retry', 'skip'].includes(decision)) {
      throw new BrigadeError('USAGE', `"${positionals[2]}" is not a decision for an escalated step`, {
        hint: 'one of provide, retry, skip',
      });
    }
    if (values.edit !== undefined && decision !== 'approve' && decision !== 'provide') {
      throw new BrigadeError('USAGE', `--edit goes with approve or provide, not ${decision}`);
    }
    const runtime = await openCliRuntime(values, context);
    try {
      const runId = asRunId(positionals[0]!);
      const content = values.edit === undefined ? undefined : readEdit(resolve(context.cwd, values.edit));
      const outcome = await runtime.decide({
        runId,
        target: positionals[1]!,
        decision,
        by: values.by ?? context.env.USER ?? context.env.USERNAME ?? 'cli',
        ...(values.comment === undefined ? {} : { comment: values.comment }),
        ...(content === undefined ? {} : { content }),
      });
      if ('delivered' in outcome) {
        if (!values.json) context.stderr(`✓ ${decision} recorded; the process running ${runId} goes on with it\n`);
        else context.stdout(`${JSON.stringify({ runId, decision, delivered: true })}\n`);
        return exitCodes.ok;
      }
      if (!values.json) context.stderr(`✓ ${decision} recorded; continuing ${runId} here\n`);
      const [state] = await watchRuns([outcome.resumed], context, { json: values.json });
      printResult(state!, context, values.json);
      return exitCodeForRun(state!.status);
    } finally {
      await runtime.close();
    }
  };
}

/** The edited content: JSON or YAML when it parses as such and is structured, else the text itself. */
function readEdit(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BrigadeError('USAGE', `cannot read --edit ${path}: ${(error as Error).message}`);
  }
  if (/\.(json|ya?ml)$/i.test(path)) {
    try {
      return (path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Json;
    } catch (error) {
      const first = (error as Error).message.split('\n')[0]!.replace(/:$/, '');
      throw new BrigadeError('USAGE', `--edit ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}`, {
        hint: `${first}; fix the file and run the command again (nothing was recorded)`,
      });
    }
  }
  return text.replace(/\n$/, '');
}
